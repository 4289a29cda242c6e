"""glibc's mmap threshold stays fixed after :func:`kiosk.allocator.tune` (issue 18).

Each case runs in a fresh interpreter: the allocator's settings are process-wide.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = r"""
import ctypes, sys
from kiosk import allocator
if sys.argv[1] == "tuned":
    assert allocator.tune()
libc = ctypes.CDLL("libc.so.6")
class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]
libc.mallinfo2.restype = MallInfo2
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
size = 6 * 2**20  # a camera frame: above the tuned 4 MB threshold
first = libc.malloc(size)
libc.free(first)  # glibc's dynamic threshold rises to 6 MB here, unless fixed
before = libc.mallinfo2().hblks  # blocks mapped on their own (the interpreter has some)
second = libc.malloc(size)
print(libc.mallinfo2().hblks - before)  # 1 if the second one was mapped
libc.free(second)
"""


def _mapped_blocks(mode: str) -> int:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip())


def test_big_buffers_stay_mapped_after_tune() -> None:
    # Untuned, the second frame comes out of the heap (the threshold followed the
    # first free); tuned, it is mapped and goes back to the system when freed.
    assert _mapped_blocks("default") == 0
    assert _mapped_blocks("tuned") == 1


def test_trim_memory_runs() -> None:
    from kiosk.allocator import trim_memory

    assert trim_memory()  # the terminal runs on Debian: glibc
