"""Terminal environments for the fleet tests: a config file, a data dir, trusted keys."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.config import DEFAULT_CONFIG_PATH, KioskConfig, load_config
from kiosk.config_packages import ConfigPackages
from kiosk.config_packages.keys import public_pem
from kiosk.ops.admin import hash_pin

_PIN_HASH: list[str] = []


def _pin_hash() -> str:
    if not _PIN_HASH:  # argon2id is slow on purpose: hash once per run
        _PIN_HASH.append(hash_pin("135790"))
    return _PIN_HASH[0]


@dataclass
class TerminalEnv:
    kiosk_id: str
    region: str
    config_path: Path

    @property
    def config(self) -> KioskConfig:
        return load_config(self.config_path)

    def volume(self) -> int:
        return int(ConfigPackages(self.config).effective().ui.volume)


def make_terminal(tmp: Path, kiosk_id: str, region: str, trusts: Ed25519PrivateKey) -> TerminalEnv:
    root = tmp / kiosk_id
    keys = root / "trusted"
    keys.mkdir(parents=True, exist_ok=True)
    (keys / "field-staff.pem").write_bytes(public_pem(trusts))
    text = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
    replacements = {
        'trusted_keys_dir = "keys"': f'trusted_keys_dir = "{keys}"',
        'pin_hash = ""': f'pin_hash = "{_pin_hash()}"',
        'id = "FZ-GL-0001"': f'id = "{kiosk_id}"',
        'region = "350102"': f'region = "{region}"',
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    assert 'data_dir = "var"' in text
    text = text.replace('data_dir = "var"', f'data_dir = "{root / "var"}"', 1)
    cfg = root / "kiosk.toml"
    cfg.write_text(text, encoding="utf-8")
    shutil.copy(DEFAULT_CONFIG_PATH.parent / "catalog.toml", root / "catalog.toml")
    env = TerminalEnv(kiosk_id, region, cfg)
    assert env.config.resolved_paths.data_dir == root / "var"
    return env
