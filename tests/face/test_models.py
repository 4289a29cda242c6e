"""The models load, and a broken installation fails loudly instead of quitting silently."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from kiosk.biometrics.face import DlibBackend, load_face_recognition
from kiosk.config import PROJECT_ROOT


def test_face_recognition_loads_its_models(dlib_backend: DlibBackend) -> None:
    fr = load_face_recognition()
    assert hasattr(fr, "face_encodings")
    assert dlib_backend.name == "dlib"


def test_missing_pkg_resources_raises_instead_of_quitting() -> None:
    # Simulate setuptools >= 82 (no pkg_resources): face_recognition would print a
    # hint and quit() with status 0. Ours must raise FaceModelsUnavailable.
    code = textwrap.dedent(
        """
        import sys
        sys.modules["pkg_resources"] = None  # makes "import pkg_resources" fail
        from kiosk.biometrics.face import FaceModelsUnavailable, load_face_recognition
        try:
            load_face_recognition()
        except FaceModelsUnavailable as e:
            print("RAISED:", e.detail)
            sys.exit(3)
        print("LOADED")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "RAISED: face_recognition_models cannot be imported" in proc.stdout
