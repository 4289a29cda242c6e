"""Guard against PySide6 6.12.0's Signal.emit() refcount bug (aborts the interpreter).

Run in a subprocess: if the installed PySide6 has the bug, the child aborts with
"bool_dealloc" instead of taking the whole test session down with it.
"""

import subprocess
import sys

CODE = """
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class A(QObject):
    s = Signal(object)
a = A()
got = []
a.s.connect(got.append)
for i in range(20000):
    a.s.emit(i)
print(len(got))
"""


def test_many_python_emits_do_not_abort() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, f"PySide6 signal emit bug is back: {out.stderr[-300:]}"
    assert out.stdout.strip() == "20000"
