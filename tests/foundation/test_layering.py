"""The layering rules of docs/architecture.md, enforced by import-linter (pyproject.toml).

Each contract is also shown to bite: a deliberately bad import in a temporary copy of
the tree must make ``lint-imports`` fail, naming the broken contract.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).parent / "lint-imports"
PACKAGES = (
    "kiosk",
    "drivers",
    "screens",
    "offline_queue",
    "printer_templates",
    "fleet",
    "department_servers",
    "video_desk",
)


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT), "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )


def test_contracts_are_kept() -> None:
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dst = tmp_path_factory.mktemp("tree")
    for pkg in PACKAGES:
        shutil.copytree(
            ROOT / pkg, dst / pkg, ignore=shutil.ignore_patterns("__pycache__", "translations")
        )
    shutil.copy(ROOT / "pyproject.toml", dst / "pyproject.toml")
    return dst


# (file to break, the import added, the contract that must then be reported broken)
BAD_IMPORTS = [
    ("drivers/base.py", "import kiosk.config", "import nothing of ours"),
    ("offline_queue/models.py", "import printer_templates.fields", "independent of each other"),
    ("kiosk/services/catalog.py", "import PySide6.QtWidgets", "the core does not import Qt"),
    ("kiosk/cli/main.py", "import PySide6.QtWidgets", "only screens and kiosk.ui import Qt"),
    ("screens/attract.py", "import offline_queue.outbox", "screens import no driver"),
    ("screens/guide.py", "import drivers.idcard.reader", "screens import no driver"),
    ("screens/catalog.py", "import kiosk.app.terminal", "screens reach the terminal only"),
    ("kiosk/session/machine.py", "import kiosk.services.catalog", "kiosk layers"),
    ("kiosk/identity/document.py", "import kiosk.biometrics.face", "kiosk layers"),
    ("kiosk/devices/manager.py", "import kiosk.ui.i18n", "the core does not import Qt"),
    ("drivers/idcard/emulator.py", "import drivers.idcard.protocol", "simulators speak the spec"),
    ("drivers/smartcard_sim/card.py", "import drivers.smartcard", "simulators speak the spec"),
    ("fleet/rollout.py", "import kiosk.ops.audit", "fleet imports nothing of the terminal"),
    ("kiosk/ops/heartbeat.py", "import fleet.schemas", "the terminal never imports the fleet"),
    ("department_servers/store.py", "import kiosk.errors", "department_servers import nothing"),
]


@pytest.mark.parametrize(("path", "line", "contract"), BAD_IMPORTS, ids=[b[0] for b in BAD_IMPORTS])
def test_a_bad_import_breaks_its_contract(
    tree_copy: Path, path: str, line: str, contract: str
) -> None:
    target = tree_copy / path
    original = target.read_text(encoding="utf-8")
    target.write_text(original + f"\n{line}  # deliberately bad\n", encoding="utf-8")
    try:
        done = _lint(tree_copy)
    finally:
        target.write_text(original, encoding="utf-8")
    assert done.returncode != 0, done.stdout
    _, _, broken = done.stdout.partition("Broken contracts")
    assert contract in " ".join(broken.split()), done.stdout


def test_the_copy_itself_is_clean(tree_copy: Path) -> None:
    """The bad-import results are the bad import's doing, not the copy's."""
    assert _lint(tree_copy).returncode == 0


def test_core_packages_import_no_qt() -> None:
    code = (
        "import sys; import kiosk.session, kiosk.identity, kiosk.services;"
        "import kiosk.services.rules, kiosk.services.catalog, kiosk.identity.interpret;"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'));"
        "print(qt); sys.exit(1 if qt else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_controllers_use_qtcore_but_never_qtwidgets() -> None:
    files = sorted((ROOT / "kiosk" / "ui" / "controllers").glob("*.py"))
    assert len(files) >= 5
    for f in files:
        assert "PySide6.QtWidgets" not in _imports(f), f


def test_every_subpackage_says_what_it_holds_and_may_import() -> None:
    for init in sorted((ROOT / "kiosk").glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert doc.strip(), f"{init} has no docstring"
        assert "import" in doc.lower(), f"{init} does not say what it may import"


def test_no_module_is_left_only_to_re_export_old_names() -> None:
    old = [
        "terminal", "wiring", "demo", "watchdog", "catalog", "identify", "face", "scanning",
        "devices", "device_registry", "admin", "audit", "heartbeat", "printing", "qt_bridge",
    ]  # fmt: skip
    for name in old:
        assert not (ROOT / "kiosk" / f"{name}.py").exists(), name
    assert not (ROOT / "kiosk" / "ui" / "controller.py").exists()
