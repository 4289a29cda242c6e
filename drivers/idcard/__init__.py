"""Second-generation ID card reader (GA 467 SAM protocol over a serial line).

* :mod:`~drivers.idcard.protocol` — frame codec (build/parse, checksum, resync)
* :mod:`~drivers.idcard.errors` — every status code as a named error
* :mod:`~drivers.idcard.reader` — the pyserial driver and its polling thread
* :mod:`~drivers.idcard.events` — what the driver emits
* :mod:`~drivers.idcard.textblock` — raw layouts of the 256-byte text block
* :mod:`~drivers.idcard.wlt` — photo decoder interface and backends
* :mod:`~drivers.idcard.emulator` / :mod:`~drivers.idcard.deck` — the SAM emulator on a pty
"""

from drivers.idcard.errors import IdCardError
from drivers.idcard.events import CardPresent, CardRead, CardReadFailed, CardRemoved
from drivers.idcard.reader import IdCardReader

__all__ = [
    "CardPresent",
    "CardRead",
    "CardReadFailed",
    "CardRemoved",
    "IdCardError",
    "IdCardReader",
]
