"""librime (Debian's ``librime1``) through ctypes: phrase-level pinyin and zhuyin.

Why librime: it is the engine behind fcitx5-rime/ibus-rime, maintained, packaged
by Debian with prebuilt dictionaries (``rime-data-luna-pinyin``: Simplified and
Traditional output from one lexicon, ``rime-data-bopomofo``: Zhuyin), and it
converts whole phrases and sentences ("fuzhoushigulouqu" → 福州市鼓楼区) with a
word-frequency model. Measured here: 0.5–0.6 s to start (once, off the UI thread,
see :func:`start_in_background`) and 1–15 ms per keystroke. PySide6's wheels ship
no Qt Virtual Keyboard; libpinyin has no Python binding either and no Cangjie, so
it would need the same ctypes work for less.

Privacy: the engine's user folder is a private directory on a RAM disk, removed at
exit; user-dictionary learning is switched off by a schema patch, so nothing a
resident types is remembered, on disk or in the engine, past ``reset()``.

librime is process-global: one :class:`RimeEngine` per process, its calls
serialised by a lock.
"""

from __future__ import annotations

import atexit
import ctypes as C
import ctypes.util
import logging
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

#: Where Debian's rime-data-* packages put the schemas and the prebuilt tables.
SHARED_DATA_DIR = Path("/usr/share/rime-data")

#: Road and place names for addresses, read by luna_pinyin's ``custom_phrase``
#: translator (listed before its sentence translator, so they come first).
CUSTOM_PHRASES = Path(__file__).with_name("data") / "custom_phrase.txt"

#: Schemas by input method. luna_pinyin_* share one lexicon: _simp converts to
#: Simplified, _tw to Taiwan-standard Traditional (OpenCC, inside librime).
SCHEMAS = {
    "pinyin_simp": "luna_pinyin_simp",
    "pinyin_tw": "luna_pinyin_tw",
    "zhuyin": "bopomofo_tw",
}

# X11 keysyms librime understands (it takes X keysyms, as fcitx/ibus send them).
_XK_BACKSPACE = 0xFF08
_XK_ESCAPE = 0xFF1B
_XK_SPACE = 0x20

#: The fields of ``RimeApi`` (rime_api.h, librime 1.8) in order, up to the last one
#: we call. The exported functions cover everything else; selecting a candidate by
#: its index in the whole list exists only in this table.
_API_FIELDS = [
    "setup",
    "set_notification_handler",
    "initialize",
    "finalize",
    "start_maintenance",
    "is_maintenance_mode",
    "join_maintenance_thread",
    "deployer_initialize",
    "prebuild",
    "deploy",
    "deploy_schema",
    "deploy_config_file",
    "sync_user_data",
    "create_session",
    "find_session",
    "destroy_session",
    "cleanup_stale_sessions",
    "cleanup_all_sessions",
    "process_key",
    "commit_composition",
    "clear_composition",
    "get_commit",
    "free_commit",
    "get_context",
    "free_context",
    "get_status",
    "free_status",
    "set_option",
    "get_option",
    "set_property",
    "get_property",
    "get_schema_list",
    "free_schema_list",
    "get_current_schema",
    "select_schema",
    "schema_open",
    "config_open",
    "config_close",
    "config_get_bool",
    "config_get_int",
    "config_get_double",
    "config_get_string",
    "config_get_cstring",
    "config_update_signature",
    "config_begin_map",
    "config_next",
    "config_end",
    "simulate_key_sequence",
    "register_module",
    "find_module",
    "run_task",
    "get_shared_data_dir",
    "get_user_data_dir",
    "get_sync_dir",
    "get_user_id",
    "get_user_data_sync_dir",
    "config_init",
    "config_load_string",
    "config_set_bool",
    "config_set_int",
    "config_set_double",
    "config_set_string",
    "config_get_item",
    "config_set_item",
    "config_clear",
    "config_create_list",
    "config_create_map",
    "config_list_size",
    "config_begin_list",
    "get_input",
    "get_caret_pos",
    "select_candidate",
]


class _Traits(C.Structure):
    _fields_ = [
        ("data_size", C.c_int),
        ("shared_data_dir", C.c_char_p),
        ("user_data_dir", C.c_char_p),
        ("distribution_name", C.c_char_p),
        ("distribution_code_name", C.c_char_p),
        ("distribution_version", C.c_char_p),
        ("app_name", C.c_char_p),
        ("modules", C.c_void_p),
        ("min_log_level", C.c_int),
        ("log_dir", C.c_char_p),
        ("prebuilt_data_dir", C.c_char_p),
        ("staging_dir", C.c_char_p),
    ]


class _Composition(C.Structure):
    _fields_ = [
        ("length", C.c_int),
        ("cursor_pos", C.c_int),
        ("sel_start", C.c_int),
        ("sel_end", C.c_int),
        ("preedit", C.c_char_p),
    ]


class _Candidate(C.Structure):
    _fields_ = [("text", C.c_char_p), ("comment", C.c_char_p), ("reserved", C.c_void_p)]


class _Menu(C.Structure):
    _fields_ = [
        ("page_size", C.c_int),
        ("page_no", C.c_int),
        ("is_last_page", C.c_int),
        ("highlighted_candidate_index", C.c_int),
        ("num_candidates", C.c_int),
        ("candidates", C.POINTER(_Candidate)),
        ("select_keys", C.c_char_p),
    ]


class _Context(C.Structure):
    _fields_ = [
        ("data_size", C.c_int),
        ("composition", _Composition),
        ("menu", _Menu),
        ("commit_text_preview", C.c_char_p),
        ("select_labels", C.c_void_p),
    ]


class _Commit(C.Structure):
    _fields_ = [("data_size", C.c_int), ("text", C.c_char_p)]


class _Iterator(C.Structure):
    _fields_ = [("ptr", C.c_void_p), ("index", C.c_int), ("candidate", _Candidate)]


class _Api(C.Structure):
    _fields_ = [("data_size", C.c_int)] + [(name, C.c_void_p) for name in _API_FIELDS]


def _init_size(struct: C.Structure) -> None:
    # RIME_STRUCT_INIT: data_size counts the bytes after the data_size field.
    struct.data_size = C.sizeof(type(struct)) - C.sizeof(C.c_int)


class RimeUnavailable(RuntimeError):
    """librime or its schema data is not installed (``./install.sh`` installs both)."""


@dataclass(frozen=True)
class Composition:
    """What the engine is composing: the spelled input and its candidates' count."""

    preedit: str
    composing: bool


def available() -> bool:
    """Whether librime and the pinyin schema data are installed."""
    return (
        ctypes.util.find_library("rime") is not None
        and (SHARED_DATA_DIR / "luna_pinyin.schema.yaml").exists()
    )


def zhuyin_keymap() -> dict[str, str]:
    """Zhuyin symbol → the key librime's bopomofo schema reads for it.

    Taken from the schema itself (its ``xlit`` rule is the 大千 layout), so the
    on-screen zhuyin keys agree with the engine by construction.
    """
    text = (SHARED_DATA_DIR / "bopomofo.schema.yaml").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip().lstrip("- ").strip("\"'")
        if line.startswith("xlit|") and "ㄅ" in line:
            _, keys, symbols, *_ = line.split("|")
            return {s: k for k, s in zip(keys, symbols, strict=False) if not s.isspace()}
    raise RimeUnavailable("bopomofo.schema.yaml has no xlit rule")


class RimeEngine:
    """One librime instance: a session per input method, reset between residents."""

    def __init__(self) -> None:
        path = ctypes.util.find_library("rime")
        if path is None or not (SHARED_DATA_DIR / "luna_pinyin.schema.yaml").exists():
            raise RimeUnavailable("librime1 / rime-data-luna-pinyin not installed")
        self._lib = C.CDLL(path)
        self._lock = threading.Lock()
        self._declare()
        self._user_dir = Path(tempfile.mkdtemp(prefix="kiosk-rime-", dir=_private_tmp()))
        atexit.register(shutil.rmtree, self._user_dir, True)
        self._write_patches()
        traits = _Traits()
        _init_size(traits)
        traits.shared_data_dir = str(SHARED_DATA_DIR).encode()
        traits.user_data_dir = str(self._user_dir).encode()
        traits.distribution_name = b"kiosk"
        traits.distribution_code_name = b"kiosk"
        traits.distribution_version = b"1"
        traits.app_name = b"rime.kiosk"
        traits.min_log_level = 3  # FATAL only: nothing typed reaches a log file
        traits.log_dir = str(self._user_dir).encode()
        self._traits = traits  # librime keeps the pointers: keep the bytes alive
        self._lib.RimeSetup(C.byref(traits))
        self._lib.RimeInitialize(C.byref(traits))
        # Deploys our patches into the private staging folder; the dictionaries
        # themselves come prebuilt from Debian's package.
        if self._lib.RimeStartMaintenance(1):
            self._lib.RimeJoinMaintenanceThread()
        api = self._lib.rime_get_api()
        self._api = C.cast(api, C.POINTER(_Api)).contents
        if self._api.data_size < _Api.select_candidate.offset:
            raise RimeUnavailable("librime older than 1.5 (no select_candidate)")
        self._select = C.CFUNCTYPE(C.c_int, C.c_size_t, C.c_size_t)(self._api.select_candidate)
        self._sessions: dict[str, int] = {}
        self._open_sessions()

    def _open_sessions(self) -> None:
        # Selecting a schema loads its tables (about 150 ms): done here, on the
        # starting thread, not at the first key a resident presses.
        with self._lock:
            for method in SCHEMAS:
                self._session(method)

    def _declare(self) -> None:
        lib = self._lib
        lib.rime_get_api.restype = C.c_void_p
        lib.RimeCreateSession.restype = C.c_size_t
        for name in ("RimeDestroySession", "RimeClearComposition"):
            getattr(lib, name).argtypes = [C.c_size_t]
        lib.RimeSelectSchema.argtypes = [C.c_size_t, C.c_char_p]
        lib.RimeProcessKey.argtypes = [C.c_size_t, C.c_int, C.c_int]
        lib.RimeGetContext.argtypes = [C.c_size_t, C.POINTER(_Context)]
        lib.RimeFreeContext.argtypes = [C.POINTER(_Context)]
        lib.RimeGetCommit.argtypes = [C.c_size_t, C.POINTER(_Commit)]
        lib.RimeFreeCommit.argtypes = [C.POINTER(_Commit)]
        lib.RimeCandidateListFromIndex.argtypes = [C.c_size_t, C.POINTER(_Iterator), C.c_int]
        lib.RimeCandidateListNext.argtypes = [C.POINTER(_Iterator)]
        lib.RimeCandidateListEnd.argtypes = [C.POINTER(_Iterator)]

    def _write_patches(self) -> None:
        patch = (
            "patch:\n"
            "  translator/enable_user_dict: false\n"  # learn nothing a resident types
            "  menu/page_size: 9\n"
        )
        for schema in SCHEMAS.values():
            (self._user_dir / f"{schema}.custom.yaml").write_text(patch, encoding="utf-8")
        if CUSTOM_PHRASES.is_file():
            shutil.copyfile(CUSTOM_PHRASES, self._user_dir / "custom_phrase.txt")
        listing = "".join(f"    - schema: {s}\n" for s in SCHEMAS.values())
        (self._user_dir / "default.custom.yaml").write_text(
            "patch:\n  schema_list:\n" + listing, encoding="utf-8"
        )

    # --- one input method --------------------------------------------------------------
    def _session(self, method: str) -> int:
        sid = self._sessions.get(method)
        if sid is None:
            sid = int(self._lib.RimeCreateSession())
            if not self._lib.RimeSelectSchema(sid, SCHEMAS[method].encode()):
                raise RimeUnavailable(f"schema {SCHEMAS[method]} missing")
            self._sessions[method] = sid
        return sid

    def type_key(self, method: str, key: str) -> str:
        """Feed one typed key; returns any text the engine committed."""
        with self._lock:
            sid = self._session(method)
            self._lib.RimeProcessKey(sid, ord(key), 0)
            return self._take_commit(sid)

    def backspace(self, method: str) -> None:
        with self._lock:
            self._lib.RimeProcessKey(self._session(method), _XK_BACKSPACE, 0)

    def composition(self, method: str) -> Composition:
        with self._lock:
            ctx = _Context()
            _init_size(ctx)
            sid = self._session(method)
            if not self._lib.RimeGetContext(sid, C.byref(ctx)):
                return Composition("", False)
            try:
                pre = ctx.composition.preedit
                text = pre.decode("utf-8", "replace") if pre else ""
                return Composition(text, ctx.composition.length > 0)
            finally:
                self._lib.RimeFreeContext(C.byref(ctx))

    def candidates(self, method: str, start: int, count: int) -> list[str]:
        """Candidates ``start`` … ``start+count-1`` of the current input, best first."""
        with self._lock:
            sid = self._session(method)
            it = _Iterator()
            out: list[str] = []
            if not self._lib.RimeCandidateListFromIndex(sid, C.byref(it), start):
                return out
            try:
                while len(out) < count and self._lib.RimeCandidateListNext(C.byref(it)):
                    raw = it.candidate.text
                    out.append(raw.decode("utf-8", "replace") if raw else "")
            finally:
                self._lib.RimeCandidateListEnd(C.byref(it))
            return out

    def select(self, method: str, index: int) -> str:
        """Choose candidate ``index``; returns the committed text ("" when a phrase is
        only partly chosen and the rest of the input is still being composed)."""
        with self._lock:
            sid = self._session(method)
            self._select(sid, index)
            return self._take_commit(sid)

    def commit_first(self, method: str) -> str:
        """Commit the best candidate (what Space does in every pinyin IME)."""
        with self._lock:
            sid = self._session(method)
            self._lib.RimeProcessKey(sid, _XK_SPACE, 0)
            return self._take_commit(sid)

    def clear(self, method: str) -> None:
        with self._lock:
            self._lib.RimeClearComposition(self._session(method))

    def reset(self) -> None:
        """Forget every session (and so anything composed): called at each wipe."""
        with self._lock:
            for sid in self._sessions.values():
                self._lib.RimeDestroySession(sid)
            self._sessions.clear()
        # Fresh sessions for the next resident, now (between sessions), not at
        # their first key.
        self._open_sessions()

    def _take_commit(self, sid: int) -> str:
        commit = _Commit()
        _init_size(commit)
        if not self._lib.RimeGetCommit(sid, C.byref(commit)):
            return ""
        try:
            return commit.text.decode("utf-8", "replace") if commit.text else ""
        finally:
            self._lib.RimeFreeCommit(C.byref(commit))


def _private_tmp() -> str | None:
    for d in (os.environ.get("XDG_RUNTIME_DIR"), "/dev/shm"):
        if d and os.path.isdir(d) and os.access(d, os.W_OK):
            return d
    return None


_engine: RimeEngine | None = None
_engine_error: str | None = None
_engine_lock = threading.Lock()


def engine() -> RimeEngine | None:
    """The process's engine, started on first use; None if librime is missing."""
    global _engine, _engine_error
    with _engine_lock:
        if _engine is None and _engine_error is None:
            try:
                _engine = RimeEngine()
            except (OSError, RimeUnavailable) as exc:
                _engine_error = str(exc)
                log.warning("pinyin engine unavailable, single characters only: %s", exc)
        return _engine


def start_in_background() -> threading.Thread:
    """Start the engine (0.5 s of deployment) on a worker thread after first paint."""
    t = threading.Thread(target=engine, name="rime-start", daemon=True)
    t.start()
    return t
