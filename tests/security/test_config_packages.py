"""Issue 23 item 6: what a signed configuration package may change.

Every attack of the review, performed with a correctly signed package against the
real verifier and release store (kiosk/config_packages/verify.py, the one both the
USB path and the fleet path call): a field key's package is refused for anything
security-relevant, a security key's for anything out of bounds, and neither may
touch what no package may. Rollbacks cannot be replayed; validity and version
jumps are bounded.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.config_packages.errors import BuildError
from tests.config_packages.conftest import Env, PackageSpec, default_files


def with_config(version: int, toml: str) -> PackageSpec:
    return PackageSpec(
        version=version, files=default_files(version) | {"config.toml": toml.encode()}
    )


ATTACKS = [
    # (what, config.toml, code with the field key, code with the security key)
    (
        "receipt printer truncating the outbox key",
        '[devices.receipt_printer]\ndriver = "escpos"\nuri = "file:///var/lib/kiosk/keys/outbox.key"\n',
        "needs_security_key",
        "out_of_bounds",
    ),
    (
        "native library carried in the package",
        '[devices.idcard]\nwlt_decoder_path = "templates/libevil.so"\n',
        "forbidden_override",
        "forbidden_override",
    ),
    (
        "platform at another host, TLS off",
        '[platform]\nurl = "https://evil.example.net"\nverify_tls = false\n',
        "needs_security_key",
        "out_of_bounds",
    ),
    ("face threshold 0.99", "[face]\nthreshold = 0.99\n", "needs_security_key", "out_of_bounds"),
    (
        "PIN lockout weakened",
        "[admin]\nmax_attempts = 20\nlockout_s = 1\n",
        "needs_security_key",
        "out_of_bounds",
    ),
    (
        "kiosk id changed",
        '[kiosk]\nid = "FZ-GL-0001"\n',
        "forbidden_override",
        "forbidden_override",
    ),
    (
        "retention 100 years",
        "[outbox]\nretention_days = 36500\n",
        "needs_security_key",
        "out_of_bounds",
    ),
    (
        "platform token shipped",
        '[platform]\ntoken = "x"\n',
        "forbidden_override",
        "forbidden_override",
    ),
    ("windowed kiosk", "[ui]\nfullscreen = false\n", "forbidden_override", "forbidden_override"),
    (
        "verifier limits",
        "[config_packages]\nmax_entries = 99999\n",
        "forbidden_override",
        "forbidden_override",
    ),
]


@pytest.mark.parametrize(
    ("what", "toml", "field_code", "security_code"), ATTACKS, ids=[a[0] for a in ATTACKS]
)
def test_a_signed_package_cannot_change_security_settings(
    env: Env, what: str, toml: str, field_code: str, security_code: str
) -> None:
    key_file = env.base.resolved_paths.key_file
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_bytes(b"K" * 32)
    pk = env.packages()
    before = env.state()["effective"]
    field = pk.apply(env.package("field.zip", with_config(1, toml)))
    assert not field.applied and field.report.failure is not None
    assert field.report.failure.code == field_code, field.report.summary_en()
    sec = pk.apply(env.package("sec.zip", with_config(1, toml), env.security_key))
    assert not sec.applied and sec.report.failure is not None
    assert sec.report.failure.code == security_code, sec.report.summary_en()
    assert env.state()["effective"] == before and pk.store.active() is None
    assert key_file.read_bytes() == b"K" * 32


def test_the_security_key_may_change_security_settings_within_bounds(env: Env) -> None:
    toml = (
        '[face]\nthreshold = 0.45\n\n[platform]\nurl = "https://zwfw.example.gov.cn"\n\n'
        '[devices.receipt_printer]\nuri = "file:///dev/usb/lp0"\n'
    )
    field = env.packages().apply(env.package("f.zip", with_config(1, toml)))
    assert field.report.failure is not None and field.report.failure.code == "needs_security_key"
    out = env.packages().apply(env.package("s.zip", with_config(1, toml), env.security_key))
    assert out.applied, out.report.summary_en()
    assert out.config is not None and out.config.face.threshold == 0.45
    # The ordinary field settings still go in with the field key.
    ok = env.packages().apply(env.package("ui.zip", with_config(2, "[ui]\nvolume = 40\n")))
    assert ok.applied and ok.config is not None and ok.config.ui.volume == 40


def test_a_field_key_cannot_rotate_keys_nor_add_a_security_key(env: Env) -> None:
    from kiosk.config_packages.keys import public_pem

    rotate = default_files(1) | {"trusted_keys/mine.pem": public_pem(env.other_key)}
    out = env.packages().apply(env.package("r.zip", PackageSpec(version=1, files=rotate)))
    assert out.report.failure is not None and out.report.failure.code == "needs_security_key"
    # Security keys are never carried by a package: the manifest schema (the verifier's)
    # has no place for one.
    sneak = default_files(1) | {"trusted_keys/security/mine.pem": public_pem(env.other_key)}
    with pytest.raises(BuildError, match="trusted_keys/ holds only"):
        env.package("s.zip", PackageSpec(version=1, files=sneak), env.security_key)


def _pin_package(env: Env, version: int, pin_hash: str, **kw: object) -> PackageSpec:
    files = default_files(version) | {"admin_pin_hash.txt": (pin_hash + "\n").encode()}
    return PackageSpec(version=version, files=files, **kw)  # type: ignore[arg-type]


def test_a_signed_rollback_cannot_be_replayed_to_bring_back_an_old_pin(env: Env) -> None:
    from kiosk.ops.admin import hash_pin

    old_pin, new_pin = hash_pin("111333"), hash_pin("222444")
    pk = env.packages()
    assert pk.apply(env.package("v1.zip", _pin_package(env, 1, old_pin))).applied
    assert pk.apply(env.package("v2.zip", _pin_package(env, 2, new_pin))).applied
    rb_spec = _pin_package(
        env, 1, old_pin, kind="rollback", rollback_from=2, valid_for=timedelta(days=2)
    )
    rb = env.package("rb.zip", rb_spec)
    first = pk.apply(rb)
    assert first.applied and first.config is not None and first.config.admin.pin_hash == old_pin
    again = pk.apply(rb)
    assert again.report.failure is not None and again.report.failure.code == "rollback_replayed"
    # The PIN is changed again; the old rollback still cannot bring the old PIN back.
    assert pk.apply(env.package("v3.zip", _pin_package(env, 3, new_pin))).applied
    later = pk.apply(rb)
    assert later.report.failure is not None and later.report.failure.code == "rollback_stale"
    # Nor can the old update that carried it.
    old = pk.apply(env.package("v1.zip", _pin_package(env, 1, old_pin)))
    assert old.report.failure is not None and old.report.failure.code == "downgrade"
    assert pk.effective().admin.pin_hash == new_pin


def test_validity_and_version_step_are_bounded(env: Env) -> None:
    pk = env.packages()
    long = pk.apply(env.package("long.zip", PackageSpec(version=1, valid_for=timedelta(days=3650))))
    assert long.report.failure is not None and long.report.failure.code == "validity_too_long"
    brick = pk.apply(env.package("brick.zip", PackageSpec(version=2**53)))
    assert brick.report.failure is not None and brick.report.failure.code == "version_step"
    # Nothing was bricked: the next ordinary version still applies.
    assert pk.apply(env.package("v2.zip", PackageSpec(version=2))).applied


def test_a_weak_or_demo_pin_hash_in_a_package_is_refused(env: Env) -> None:
    import hashlib

    from kiosk.ops.admin import DEMO_PIN, hash_pin

    salt = b"s" * 16
    cheap = hashlib.scrypt(b"135790", salt=salt, n=2**14, r=8, p=1, dklen=32)
    weak = f"scrypt$16384$8$1${salt.hex()}${cheap.hex()}"
    out = env.packages().apply(env.package("w.zip", _pin_package(env, 1, weak)))
    assert out.report.failure is not None and out.report.failure.code == "pin_hash_weak"
    demo = env.packages().apply(env.package("d.zip", _pin_package(env, 1, hash_pin(DEMO_PIN))))
    assert demo.report.failure is not None and demo.report.failure.code == "pin_hash_demo"
