"""The cyclic garbage collector held off until the first paint, then the start-up's objects frozen.

Importing the terminal and building its first screen allocates about a million
objects (modules, classes, pydantic schemas, Qt wrappers) that live as long as
the process. Each full collection meanwhile walks all of them to find next to no
garbage: 10-15 ms of the start before the first paint (issue 18, measured with
``bench/startup.py``). Afterwards they are moved to the permanent generation
(``gc.freeze``), so the collections that run during sessions no longer walk them
either: a shorter pause on the UI thread each time one runs.

Reference counting still frees everything that is not in a cycle; only cycles
created before the first paint wait (they are a few module-level structures).
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Stop cyclic collection until :func:`release` (call at the very start)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Freeze what exists now and collect again; does nothing unless :func:`hold` held it."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


def freeze_warmed() -> None:
    """Freeze what the warm-up after the first paint added (its modules live as long).

    The warm-up imports numpy, cv2, reportlab, the pinyin engine's binding and more
    after :func:`release` froze the start-up's objects. Left in the collected
    generations, they were walked by every full collection during sessions: a
    pause of 100+ ms holding the GIL, the stalls bench/responsiveness.py showed with
    no Python frame (issue 18). ``gc.freeze`` only moves lists; it takes no time.
    """
    gc.freeze()
