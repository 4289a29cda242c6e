"""Face verification (1:1) of the resident in front of the camera against their ID photo.

Pipeline for one camera frame (BGR, as the camera delivers it):

1. detect faces (HOG) on a copy downscaled to ``FaceConfig.detect_width``;
2. quality gates: exactly one face, large enough, sharp enough (variance of the
   Laplacian of the face crop at a fixed scale), neither too dark nor too bright;
3. encode that face on the full-resolution frame (128-d vector);
4. compare with the reference encoding (Euclidean distance ≤ ``threshold``).

The models sit behind :class:`FaceBackend` so that a deployment can replace the
dlib models (the 68-point landmark model was trained on iBUG 300-W, whose terms
exclude commercial use) with others, e.g. OpenCV's YuNet + SFace supplied by a
configuration package. The default backend wraps ``face_recognition`` (dlib),
imported lazily (2–3 s) and checked loudly: ``face_recognition`` itself calls
``quit()`` — exit status 0, silently — when it cannot load its models.

Privacy: frames, encodings and landmarks stay in memory; nothing here logs or
writes them, their ``repr`` hides them, and :meth:`ReferenceFace.wipe` zeroes the
reference encoding at the end of the attempt.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
import warnings
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

import cv2
import numpy as np

from kiosk.biometrics.liveness import FaceLandmarks
from kiosk.config import FaceConfig
from kiosk.errors import KioskError
from kiosk.identity.document import IdentityDocument, Photo

log = logging.getLogger(__name__)


# --- errors -----------------------------------------------------------------------


class FaceError(KioskError):
    """Face login cannot go on."""

    resident_message = "刷脸登录暂时无法使用，请使用其他方式登录。"


class FaceModelsUnavailable(FaceError):
    """The face models (or the library loading them) cannot be loaded."""


class FaceLoginUnavailable(FaceError):
    """No usable reference photo: face login is not offered for this resident."""

    resident_message = "无法读取证件照片，暂不能刷脸登录，请使用其他方式登录。"


class ReferenceUnusable(FaceLoginUnavailable):
    """The reference photo decodes but shows no single clear face."""

    resident_message = "证件照片无法用于人脸比对，请使用其他方式登录。"


class FaceEngineCrashed(FaceError):
    """The face engine process died or stopped answering."""


# --- boxes and the backend interface -------------------------------------------------


@dataclass(frozen=True)
class FaceBox:
    """A face rectangle in pixels (``face_recognition``'s CSS order: top, right, bottom, left)."""

    top: int
    right: int
    bottom: int
    left: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def center(self) -> tuple[float, float]:
        return ((self.left + self.right) / 2, (self.top + self.bottom) / 2)

    def scaled(self, factor: float, width: int, height: int) -> FaceBox:
        """This box in an image ``factor`` times larger, clipped to ``width``×``height``."""
        return FaceBox(
            top=max(0, round(self.top * factor)),
            right=min(width, round(self.right * factor)),
            bottom=min(height, round(self.bottom * factor)),
            left=max(0, round(self.left * factor)),
        )

    def css(self) -> tuple[int, int, int, int]:
        return (self.top, self.right, self.bottom, self.left)


class FaceBackend(Protocol):
    """The models: detection, 128-d encoding, landmarks for liveness.

    Images are RGB ``uint8`` arrays. Implementations need not be thread-safe: one
    worker uses a backend at a time.
    """

    name: str

    def detect(self, rgb: np.ndarray, upsample: int) -> list[FaceBox]: ...

    def encode(self, rgb: np.ndarray, box: FaceBox) -> np.ndarray: ...

    def landmarks(self, rgb: np.ndarray, box: FaceBox) -> FaceLandmarks: ...

    def close(self) -> None: ...


def load_face_recognition() -> Any:
    """Import ``face_recognition``, raising :class:`FaceModelsUnavailable` instead of quitting.

    ``face_recognition`` catches its own failure to import ``face_recognition_models``
    (which needs ``pkg_resources``, gone in setuptools 82), prints a hint and calls
    ``quit()``. We import the models package first to get the real reason, check
    every model file exists, and turn a ``SystemExit`` into an exception.
    """
    try:
        with warnings.catch_warnings():
            # pkg_resources' deprecation warning, raised by face_recognition_models.
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            import face_recognition_models as models
    except Exception as e:  # ImportError, or pkg_resources missing inside it
        raise FaceModelsUnavailable(f"face_recognition_models cannot be imported: {e!r}") from e
    from pathlib import Path

    for locate in (
        models.pose_predictor_model_location,
        models.pose_predictor_five_point_model_location,
        models.face_recognition_model_location,
    ):
        path = Path(locate())
        if not path.is_file() or path.stat().st_size < 1_000_000:
            raise FaceModelsUnavailable(f"face model file missing or truncated: {path.name}")
    try:
        import face_recognition
    except SystemExit as e:
        raise FaceModelsUnavailable(f"face_recognition quit while loading models ({e})") from e
    except Exception as e:
        raise FaceModelsUnavailable(f"face_recognition cannot be imported: {e!r}") from e
    return face_recognition


class DlibBackend:
    """``face_recognition`` (dlib): HOG detector, ResNet encoder, 5/68-point landmarks."""

    name = "dlib"

    def __init__(self, encoding_model: str = "small") -> None:
        self._fr = load_face_recognition()
        self.encoding_model = encoding_model

    def detect(self, rgb: np.ndarray, upsample: int) -> list[FaceBox]:
        boxes = self._fr.face_locations(rgb, number_of_times_to_upsample=upsample, model="hog")
        return [FaceBox(*b) for b in boxes]

    def encode(self, rgb: np.ndarray, box: FaceBox) -> np.ndarray:
        encodings = self._fr.face_encodings(
            rgb, known_face_locations=[box.css()], num_jitters=1, model=self.encoding_model
        )
        return np.asarray(encodings[0], dtype=np.float64)

    def landmarks(self, rgb: np.ndarray, box: FaceBox) -> FaceLandmarks:
        # The 68-point model: the eyes' six points are only in this one.
        shape = self._fr.api.pose_predictor_68_point(rgb, self._fr.api._css_to_rect(box.css()))
        points = np.array([(p.x, p.y) for p in shape.parts()], dtype=np.float64)
        return FaceLandmarks.from_68(points)

    def close(self) -> None:
        pass


# --- the backend in a child process ----------------------------------------------------


def _engine_main(conn: Any, backend_name: str, encoding_model: str) -> None:
    """Child process: build the backend, then answer (method, args) requests until EOF."""
    from kiosk import allocator

    allocator.tune()  # the child is a process of its own: the parent's mallopt is not inherited
    try:
        backend = make_backend(backend_name, encoding_model, in_process=True)
    except FaceError as e:
        conn.send(("error", type(e).__name__, e.detail))
        return
    conn.send(("ready", backend.name, ""))
    while True:
        try:
            method, args = conn.recv()
        except (EOFError, OSError):
            return
        if method == "close":
            return
        try:
            conn.send(("ok", getattr(backend, method)(*args)))
        except Exception as e:  # reported to the parent, which raises it
            conn.send(("exc", f"{type(e).__name__}: {e}"))


class ProcessBackend:
    """Runs another backend in a child process and forwards calls over a pipe.

    dlib holds Python's global interpreter lock for the whole of an encoding
    (~100 ms here), so on a thread it would freeze the preview; in a child process
    the UI keeps its core. Frames travel through an anonymous pipe (memory only).
    The child is started with ``spawn`` (never ``fork`` a process running Qt threads).
    """

    def __init__(
        self, backend_name: str = "dlib", encoding_model: str = "small", start_timeout_s: float = 60
    ) -> None:
        self.name = f"{backend_name} (process)"
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(
            target=_engine_main,
            args=(child, backend_name, encoding_model),
            name="face-engine",
            daemon=True,
        )
        self._proc.start()
        child.close()
        self._lock = threading.Lock()
        if not self._conn.poll(start_timeout_s):
            self.close()
            raise FaceEngineCrashed(f"face engine did not start within {start_timeout_s} s")
        try:
            status, kind, detail = self._conn.recv()
        except (EOFError, OSError) as e:
            self.close()
            raise FaceEngineCrashed(f"face engine died while starting: {e!r}") from e
        if status != "ready":
            self.close()
            raise FaceModelsUnavailable(f"{kind}: {detail}")

    def _call(self, method: str, *args: Any) -> Any:
        with self._lock:
            try:
                self._conn.send((method, args))
                reply = self._conn.recv()
            except (EOFError, OSError, BrokenPipeError) as e:
                raise FaceEngineCrashed(f"face engine gone during {method}: {e!r}") from e
        if reply[0] == "exc":
            raise FaceError(f"face engine {method} failed: {reply[1]}")
        return reply[1]

    def detect(self, rgb: np.ndarray, upsample: int) -> list[FaceBox]:
        return list(self._call("detect", rgb, upsample))

    def encode(self, rgb: np.ndarray, box: FaceBox) -> np.ndarray:
        return np.asarray(self._call("encode", rgb, box))

    def landmarks(self, rgb: np.ndarray, box: FaceBox) -> FaceLandmarks:
        lm = self._call("landmarks", rgb, box)
        assert isinstance(lm, FaceLandmarks)
        return lm

    @property
    def alive(self) -> bool:
        return self._proc.is_alive()

    def close(self) -> None:
        try:
            with self._lock:
                self._conn.send(("close", ()))
        except Exception:
            pass
        self._proc.join(2)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(2)
        self._conn.close()


def make_backend(
    name: str = "dlib", encoding_model: str = "small", in_process: bool = True
) -> FaceBackend:
    """Build the named backend (in this process, or in a child process)."""
    if not in_process:
        return ProcessBackend(name, encoding_model)
    if name == "dlib":
        return DlibBackend(encoding_model)
    raise FaceModelsUnavailable(f"unknown face backend {name!r} (known: dlib)")


def backend_from_config(config: FaceConfig) -> FaceBackend:
    return make_backend(
        config.backend, config.encoding_model, in_process=not config.backend_process
    )


# --- quality gates ------------------------------------------------------------------------


class QualityIssue(StrEnum):
    NO_FACE = "no_face"
    MULTIPLE_FACES = "multiple_faces"
    TOO_SMALL = "too_small"
    BLURRED = "blurred"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"


QUALITY_MESSAGES: dict[QualityIssue, str] = {
    QualityIssue.NO_FACE: "未检测到人脸，请正对摄像头",
    QualityIssue.MULTIPLE_FACES: "检测到多张人脸，请确保镜头前只有您一人",
    QualityIssue.TOO_SMALL: "请靠近摄像头一些",
    QualityIssue.BLURRED: "画面模糊，请保持不动",
    QualityIssue.TOO_DARK: "光线太暗，请面向光源",
    QualityIssue.TOO_BRIGHT: "光线太亮，请避开强光",
}

#: Face crops are measured at this width so that sharpness does not depend on distance.
SHARPNESS_CROP_WIDTH = 160


@dataclass(frozen=True)
class QualityReport:
    """Result of the gates on one frame (no pixels: safe to log)."""

    issue: QualityIssue | None
    faces: int
    box: FaceBox | None = None
    face_px: int = 0
    sharpness: float = 0.0
    brightness: float = 0.0
    detect_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.issue is None

    @property
    def message(self) -> str:
        return "" if self.issue is None else QUALITY_MESSAGES[self.issue]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "issue": str(self.issue) if self.issue else None,
            "faces": self.faces,
            "face_px": self.face_px,
            "sharpness": round(self.sharpness, 1),
            "brightness": round(self.brightness, 1),
        }


def face_sharpness(gray: np.ndarray, box: FaceBox) -> float:
    """Variance of the Laplacian of the face crop, resized to a fixed width."""
    crop = gray[box.top : box.bottom, box.left : box.right]
    if crop.size == 0:
        return 0.0
    scale = SHARPNESS_CROP_WIDTH / crop.shape[1]
    crop = cv2.resize(
        crop,
        (SHARPNESS_CROP_WIDTH, max(1, round(crop.shape[0] * scale))),
        interpolation=cv2.INTER_AREA,
    )
    return float(cv2.Laplacian(crop, cv2.CV_64F).var())


def face_brightness(gray: np.ndarray, box: FaceBox) -> float:
    """Mean grey level of the central part of the face (hair and background excluded)."""
    dx, dy = box.width // 5, box.height // 5
    crop = gray[box.top + dy : box.bottom - dy, box.left + dx : box.right - dx]
    return float(crop.mean()) if crop.size else 0.0


# --- the verifier -------------------------------------------------------------------------------


class ReferenceFace:
    """The encoding of the reference photo. Its repr hides it; :meth:`wipe` zeroes it."""

    def __init__(self, encoding: np.ndarray, source: str) -> None:
        self._encoding = np.array(encoding, dtype=np.float64)
        self.source = source

    @property
    def encoding(self) -> np.ndarray:
        return self._encoding

    @property
    def wiped(self) -> bool:
        return not bool(np.any(self._encoding))

    def wipe(self) -> None:
        self._encoding.fill(0.0)

    def __repr__(self) -> str:
        return f"ReferenceFace(source={self.source}, wiped={self.wiped})"


@dataclass
class Analysis:
    """One analysed frame: gates, and the full-resolution RGB image for the next steps."""

    quality: QualityReport
    rgb: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class Verification:
    """The decision on one frame (distance None when a quality gate refused the frame)."""

    quality: QualityReport
    distance: float | None
    threshold: float
    encode_ms: float = 0.0

    @property
    def accepted(self) -> bool:
        return self.distance is not None and self.distance <= self.threshold

    def to_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "distance": None if self.distance is None else round(self.distance, 4),
            "threshold": self.threshold,
            "quality": self.quality.to_dict(),
            "detect_ms": round(self.quality.detect_ms, 1),
            "encode_ms": round(self.encode_ms, 1),
        }


def decode_image(data: bytes | bytearray) -> np.ndarray:
    """Decode JPEG/PNG/BMP bytes to BGR; raise :class:`FaceLoginUnavailable` when impossible."""
    buf = np.frombuffer(bytes(data), dtype=np.uint8)
    image = cv2.imdecode(buf, cv2.IMREAD_COLOR) if buf.size else None
    if image is None:
        raise FaceLoginUnavailable("reference photo cannot be decoded")
    return image


def choose_reference_photo(
    document: IdentityDocument | None, licence_photo: Photo | None = None
) -> Photo:
    """The card photo if it is a decodable image type, else the platform's licence photo.

    Raises :class:`FaceLoginUnavailable` when neither exists (e.g. an ID card read
    without a WLT decoder, and no licence lookup): the screen then offers the
    other ways to identify.
    """
    if document is not None and document.photo is not None and document.photo.is_image:
        return document.photo
    if licence_photo is not None and licence_photo.is_image:
        return licence_photo
    why = "no card photo"
    if document is not None and document.photo is not None:
        why = f"card photo is {document.photo.format!r} (not decoded)"
    raise FaceLoginUnavailable(f"no usable reference photo: {why}, no licence photo")


class FaceVerifier:
    """Quality gates, encoding and comparison, with thresholds from :class:`FaceConfig`."""

    def __init__(self, config: FaceConfig, backend: FaceBackend) -> None:
        self.config = config
        self.backend = backend

    # --- reference ---
    def load_reference(self, photo: Photo, source: str = "card") -> ReferenceFace:
        """Encode the face of a reference photo (ID card photos are only 102×126 px)."""
        image = decode_image(photo.data)
        # Card photos are tiny: enlarge so that HOG (which needs ~80 px faces, or
        # ~40 px with one upsampling) finds the face reliably.
        if image.shape[1] < 400:
            f = 400 / image.shape[1]
            image = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
        rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        try:
            boxes = self.backend.detect(rgb, 1)
            if len(boxes) != 1:
                raise ReferenceUnusable(f"reference photo shows {len(boxes)} faces, expected 1")
            encoding = self.backend.encode(rgb, boxes[0])
        finally:
            rgb.fill(0)
            image.fill(0)
        return ReferenceFace(encoding, source)

    # --- probe ---
    def analyze(self, bgr: np.ndarray) -> Analysis:
        """Detect on a downscaled copy and run the quality gates."""
        c = self.config
        t0 = time.perf_counter()
        h, w = bgr.shape[:2]
        factor = w / c.detect_width if w > c.detect_width else 1.0
        small = (
            cv2.resize(bgr, (round(w / factor), round(h / factor)), interpolation=cv2.INTER_AREA)
            if factor > 1.0
            else bgr
        )
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        small_rgb = rgb if small is bgr else cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
        boxes = self.backend.detect(small_rgb, c.detect_upsample)
        detect_ms = (time.perf_counter() - t0) * 1000
        if not boxes:
            return Analysis(QualityReport(QualityIssue.NO_FACE, 0, detect_ms=detect_ms), rgb)
        if len(boxes) > 1:
            return Analysis(
                QualityReport(QualityIssue.MULTIPLE_FACES, len(boxes), detect_ms=detect_ms), rgb
            )
        box = boxes[0].scaled(factor, w, h)
        gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        sharp = face_sharpness(gray, box)
        bright = face_brightness(gray, box)
        issue: QualityIssue | None = None
        if box.width < c.min_face_px:
            issue = QualityIssue.TOO_SMALL
        elif bright < c.min_brightness:
            issue = QualityIssue.TOO_DARK
        elif bright > c.max_brightness:
            issue = QualityIssue.TOO_BRIGHT
        elif sharp < c.min_sharpness:
            issue = QualityIssue.BLURRED
        report = QualityReport(issue, 1, box, box.width, sharp, bright, detect_ms)
        return Analysis(report, rgb)

    def compare(self, analysis: Analysis, reference: ReferenceFace) -> Verification:
        """Encode the (gated) face and measure its distance to the reference."""
        q = analysis.quality
        if not q.ok or q.box is None:
            return Verification(q, None, self.config.threshold)
        t0 = time.perf_counter()
        encoding = self.backend.encode(analysis.rgb, q.box)
        distance = float(np.linalg.norm(encoding - reference.encoding))
        encoding.fill(0.0)
        return Verification(q, distance, self.config.threshold, (time.perf_counter() - t0) * 1000)

    def verify(self, bgr: np.ndarray, reference: ReferenceFace) -> Verification:
        analysis = self.analyze(bgr)
        try:
            return self.compare(analysis, reference)
        finally:
            analysis.rgb.fill(0)

    def landmarks(self, analysis: Analysis) -> FaceLandmarks | None:
        """Landmarks of the single detected face (None if there is not exactly one)."""
        q = analysis.quality
        if q.faces != 1 or q.box is None:
            return None
        return self.backend.landmarks(analysis.rgb, q.box)


class AttemptCounter:
    """Counts failed attempts; after ``max_attempts`` the face login ends."""

    def __init__(self, max_attempts: int) -> None:
        self.max_attempts = max_attempts
        self.failed = 0

    @property
    def remaining(self) -> int:
        return max(0, self.max_attempts - self.failed)

    @property
    def exhausted(self) -> bool:
        return self.failed >= self.max_attempts

    def fail(self) -> int:
        """Record a failed attempt; return how many are left."""
        self.failed += 1
        return self.remaining
