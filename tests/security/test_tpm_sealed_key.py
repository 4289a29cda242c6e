"""Issue 23 item 3: the outbox key sealed by a TPM, against Debian's swtpm started here.

The attack is the stolen disk: the sealed key files are taken to another machine
(another TPM). They must not open there, and nothing on the disk may hold the key.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from offline_queue.crypto import Cipher, KeyFileError, envelope_aad, load_or_create_sealed_key

SWTPM = shutil.which("swtpm") or "swtpm"  # install.sh --dev installs swtpm and tpm2-tools


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def swtpm(state: Path) -> Iterator[str]:
    """A software TPM 2.0 with its state in ``state``; yields its tpm2-tools TCTI."""
    state.mkdir(parents=True, exist_ok=True)
    for _ in range(5):
        port = _free_port()
        proc = subprocess.Popen(
            [str(SWTPM), "socket", "--tpm2", "--tpmstate", f"dir={state}",
             "--server", f"type=tcp,port={port},bindaddr=127.0.0.1",
             "--ctrl", f"type=tcp,port={port + 1},bindaddr=127.0.0.1",
             "--flags", "not-need-init,startup-clear"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        up = False
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                up = True
                break
            except OSError:
                time.sleep(0.05)
        if up:
            break
        proc.kill()
        proc.wait()
    else:
        raise RuntimeError("swtpm did not start")
    try:
        yield f"swtpm:host=127.0.0.1,port={port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_sealed_key_opens_the_outbox_on_its_own_tpm_only(tmp_path: Path) -> None:
    disk = tmp_path / "data" / "keys"
    with swtpm(tmp_path / "tpm-A") as tcti:
        key = load_or_create_sealed_key(disk, tcti)
        blob = Cipher(key).seal(b'{"name": "x"}', envelope_aad("S1"))
    # Nothing on the disk holds the key in clear.
    for f in disk.rglob("*"):
        assert key not in f.read_bytes()
    # After a reboot (the same TPM, restarted), the key comes back.
    with swtpm(tmp_path / "tpm-A") as tcti:
        assert load_or_create_sealed_key(disk, tcti, create=False) == key
    # The stolen disk in another machine: its TPM cannot unseal it.
    stolen = tmp_path / "stolen"
    shutil.copytree(disk, stolen)
    with swtpm(tmp_path / "tpm-B") as other, pytest.raises(KeyFileError, match="TPM"):
        load_or_create_sealed_key(stolen, other, create=False)
    assert Cipher(key).open(blob, envelope_aad("S1")) == b'{"name": "x"}'


def test_the_terminal_outbox_uses_the_tpm_sealed_key(tmp_path: Path) -> None:
    from kiosk.config import DEFAULT_CONFIG_PATH, load_config
    from kiosk.services.submissions import open_outbox, sealed_key_dir

    base = load_config(DEFAULT_CONFIG_PATH, tmp_path / "data")
    with swtpm(tmp_path / "tpm") as tcti:
        cfg = base.model_copy(
            update={"outbox": base.outbox.model_copy(update={"key_seal": "tpm2", "tpm_tcti": tcti})}
        )
        ob = open_outbox(cfg)
        sid = ob.enqueue("S001", "K-1", {"purpose": "x"}, {"name": "王小明"})
        assert ob.load_envelope(sid).applicant == {"name": "王小明"}
        ob.close()
    # No clear key file was ever written; the sealed halves are there instead.
    assert not cfg.resolved_paths.key_file.exists()
    assert sorted(p.name for p in sealed_key_dir(cfg).iterdir()) == [
        "outbox-key.sealed.priv",
        "outbox-key.sealed.pub",
    ]
    # The stolen disk on another machine: the outbox cannot be opened.
    with swtpm(tmp_path / "other-tpm") as other:
        cfg2 = cfg.model_copy(update={"outbox": cfg.outbox.model_copy(update={"tpm_tcti": other})})
        ob2 = open_outbox(cfg2)
        with pytest.raises(KeyFileError):
            ob2.load_envelope(sid)
        ob2.close()


def test_the_host_key_fallback_warns_on_the_technician_screen(tmp_path: Path) -> None:
    from kiosk.app.terminal import Terminal
    from kiosk.app.wiring import attach_outbox
    from kiosk.config import DEFAULT_CONFIG_PATH, load_config
    from offline_queue.crypto import HOST_KEY_WARNING

    terminal = Terminal(load_config(DEFAULT_CONFIG_PATH, tmp_path / "data"))
    try:
        attach_outbox(terminal)
        assert any(p.detail == HOST_KEY_WARNING for p in terminal.problems)
        assert any(HOST_KEY_WARNING in line for line in terminal.alerts())
    finally:
        terminal.stop()
