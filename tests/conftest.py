"""Suite-wide settings: Qt runs offscreen; nothing here is specific to one area."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
