"""``python -m video_desk``: see :mod:`video_desk.runner`."""

import sys

from video_desk.runner import main

sys.exit(main())
