"""USB packages carrying the fleet's TUF metadata, verified by the same TUF client as a pull.

The terminal is enrolled (so it trusts the repository's root), the operator
exports a package with the metadata as a "TUF bundle", and the terminal applies
it from a stick through ``ConfigPackages.apply``, the USB overlay's path.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tuf.api.metadata import Metadata, MetaFile, Snapshot, Timestamp
from tuf.api.serialization.json import JSONSerializer

from fleet.tuf_repo import KeyStore
from kiosk.config_packages import CheckId, CheckStatus, ConfigPackages, VerificationReport
from kiosk.config_packages.tuf import BUNDLE_METADATA, BUNDLE_TARGETS, build_bundle
from tests.fleet import packages as pk
from tests.fleet.conftest import Service
from tests.fleet.terminals import TerminalEnv, make_terminal
from tests.fleet.test_cli import run
from tests.fleet.test_rollout import enrol_agent, upload


def _bundle(svc: Service, package_pk: int) -> bytes:
    with svc.client(svc.admin) as c:
        r = c.get(f"/api/packages/{package_pk}/usb-bundle")
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"].startswith('attachment; filename="kiosk-config-')
    return r.content


def _stick(tmp: Path, data: bytes, name: str = "kiosk-config-tuf.zip") -> Path:
    stick = tmp / "usb"
    stick.mkdir(exist_ok=True)
    path = stick / name
    path.write_bytes(data)
    return path


def _entries(bundle: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _rebuild(entries: dict[str, bytes]) -> bytes:
    meta = {
        n[len(BUNDLE_METADATA) :]: d for n, d in entries.items() if n.startswith(BUNDLE_METADATA)
    }
    (target,) = [n for n in entries if n.startswith(BUNDLE_TARGETS)]
    return build_bundle(meta, target[len(BUNDLE_TARGETS) :], entries[target])


def _tuf_result(report: VerificationReport) -> tuple[CheckStatus, str, str]:
    (r,) = [r for r in report.results if r.check is CheckId.TUF]
    return r.status, r.code, r.reason_zh


def _sign_timestamp(svc: Service, version: int, snapshot_version: int, expires: datetime) -> bytes:
    """A timestamp as the repository's online key would sign it (the attacker holds it here)."""
    md = Metadata(
        Timestamp(
            version=version, expires=expires, snapshot_meta=MetaFile(version=snapshot_version)
        )
    )
    for signer in KeyStore(svc.settings.tuf_keys_dir).signers("timestamp"):
        md.sign(signer, append=True)
    return md.to_bytes(JSONSerializer(compact=False))


def _enrolled(svc: Service, tmp: Path, kiosk_id: str) -> TerminalEnv:
    env = make_terminal(tmp, kiosk_id, "350102", pk.KEY)
    enrol_agent(svc, env)
    return env


def _version(path: Path) -> int:
    return int(json.loads(path.read_bytes())["signed"]["version"])


def test_usb_bundle_is_verified_by_tuf_and_adopted(sqlite_service: Service, tmp_path: Path) -> None:
    svc = sqlite_service
    env = _enrolled(svc, tmp_path, "USB-T1")
    package = pk.build(1)
    p1 = upload(svc, package).json()["package_pk"]
    # Exported with the operator CLI, straight onto the stick.
    stick = tmp_path / "usb"
    stick.mkdir()
    path = stick / "kiosk-config-fleet-test-v1-tuf.zip"
    run(svc, svc.admin, "usb-bundle", str(p1), "-o", str(path))
    names = sorted(_entries(path.read_bytes()))
    (target,) = [n for n in names if n.startswith(BUNDLE_TARGETS)]
    assert _entries(path.read_bytes())[target] == package
    assert [n for n in names if n != target] == [
        BUNDLE_METADATA + n
        for n in ("1.root.json", "root.json", "snapshot.json", "targets.json", "timestamp.json")
    ]
    outcome = ConfigPackages(env.config).apply(path)
    assert outcome.applied, outcome.report.failure
    status, _code, zh = _tuf_result(outcome.report)
    assert status is CheckStatus.PASSED and zh.startswith("TUF 元数据有效")
    assert env.volume() == 11
    # The terminal now remembers the versions this stick carried.
    tuf = env.config.resolved_paths.data_dir / "fleet" / "tuf"
    with svc.client() as c:
        served = json.loads(c.get("/tuf/metadata/timestamp.json").content)
    assert _version(tuf / "timestamp.json") == served["signed"]["version"]


def test_tampered_target_is_refused_from_usb(sqlite_service: Service, tmp_path: Path) -> None:
    svc = sqlite_service
    env = _enrolled(svc, tmp_path, "USB-T2")
    p1 = upload(svc, pk.build(1)).json()["package_pk"]
    entries = _entries(_bundle(svc, p1))
    (target,) = [n for n in entries if n.startswith(BUNDLE_TARGETS)]
    # A package validly signed by the field key, but not the one the targets role
    # signed for this path: the package signature alone would accept it.
    entries[target] = pk.build(1, files=pk.files_for(1, idle=999))
    outcome = ConfigPackages(env.config).apply(_stick(tmp_path, _rebuild(entries)))
    assert not outcome.applied
    assert outcome.report.failure is not None and outcome.report.failure.check is CheckId.TUF
    assert _tuf_result(outcome.report) == (
        CheckStatus.FAILED,
        "tuf_target_mismatch",
        "配置包与签名的目标清单不符（被改动），未采用",
    )
    assert env.volume() == 80  # the shipped configuration, untouched


def test_rolled_back_snapshot_is_refused_from_usb(sqlite_service: Service, tmp_path: Path) -> None:
    svc = sqlite_service
    env = _enrolled(svc, tmp_path, "USB-T3")
    p1 = upload(svc, pk.build(1)).json()["package_pk"]
    old = _entries(_bundle(svc, p1))  # recorded before version 2 was published
    p2 = upload(svc, pk.build(2)).json()["package_pk"]
    packages = ConfigPackages(env.config)
    assert packages.apply(_stick(tmp_path, _bundle(svc, p2), "v2.zip")).applied
    old_snapshot = Metadata[Snapshot].from_bytes(old[BUNDLE_METADATA + "snapshot.json"])
    with svc.client() as c:
        ts_now = Metadata[Timestamp].from_bytes(c.get("/tuf/metadata/timestamp.json").content)
    assert old_snapshot.signed.version < ts_now.signed.snapshot_meta.version
    # The old stick as it was: its timestamp is older than the one the terminal saw.
    replay = ConfigPackages(env.config).apply(_stick(tmp_path, _rebuild(old), "old.zip"))
    assert _tuf_result(replay.report) == (
        CheckStatus.FAILED,
        "tuf_rollback",
        "更新元数据比本终端已见过的旧（回滚），未采用",
    )
    # A fresh timestamp that points at the old snapshot: the snapshot itself rolls back.
    old[BUNDLE_METADATA + "timestamp.json"] = _sign_timestamp(
        svc,
        ts_now.signed.version + 1,
        old_snapshot.signed.version,
        datetime.now(UTC).replace(microsecond=0) + timedelta(days=1),
    )
    forged = ConfigPackages(env.config).apply(_stick(tmp_path, _rebuild(old), "forged.zip"))
    status, code, zh = _tuf_result(forged.report)
    assert (status, code, zh) == (
        CheckStatus.FAILED,
        "tuf_rollback",
        "更新元数据比本终端已见过的旧（回滚），未采用",
    )
    (tuf_check,) = [r for r in forged.report.results if r.check is CheckId.TUF]
    assert "snapshot" in tuf_check.detail.lower(), tuf_check.detail
    assert env.volume() == 12  # still version 2


def test_expired_timestamp_is_refused_from_usb(sqlite_service: Service, tmp_path: Path) -> None:
    svc = sqlite_service
    env = _enrolled(svc, tmp_path, "USB-T4")
    p1 = upload(svc, pk.build(1)).json()["package_pk"]
    entries = _entries(_bundle(svc, p1))
    ts = Metadata[Timestamp].from_bytes(entries[BUNDLE_METADATA + "timestamp.json"])
    # A stick kept in a drawer: its timestamp ran out an hour ago.
    entries[BUNDLE_METADATA + "timestamp.json"] = _sign_timestamp(
        svc,
        ts.signed.version + 1,
        ts.signed.snapshot_meta.version,
        datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1),
    )
    outcome = ConfigPackages(env.config).apply(_stick(tmp_path, _rebuild(entries)))
    assert _tuf_result(outcome.report) == (
        CheckStatus.FAILED,
        "tuf_expired",
        "更新元数据已过期（可能被冻结在旧状态），未采用",
    )
    assert env.volume() == 80


def test_policy_old_format_and_unenrolled_terminal(sqlite_service: Service, tmp_path: Path) -> None:
    svc = sqlite_service
    # Default policy: an old-format package (no TUF metadata) still goes in from USB.
    env = make_terminal(tmp_path, "USB-T5", "350102", pk.KEY)
    plain = _stick(tmp_path, pk.build(1), "plain.zip")
    outcome = ConfigPackages(env.config).apply(plain)
    assert outcome.applied
    assert _tuf_result(outcome.report) == (
        CheckStatus.PASSED,
        "",
        "未附带 TUF 元数据（旧格式，凭签名和版本号验证）",
    )
    # A TUF bundle on a terminal that never enrolled: it has no root to check it with.
    svc.enrol("USB-other")  # the upload check needs some enrolled terminal
    p2 = upload(svc, pk.build(2)).json()["package_pk"]
    refused = ConfigPackages(env.config).apply(_stick(tmp_path, _bundle(svc, p2)))
    assert _tuf_result(refused.report) == (
        CheckStatus.FAILED,
        "tuf_no_root",
        "本终端尚无受信任的更新根证书（请先登记到管理平台）",
    )
    # require_tuf = true: the old format is refused, with the reason.
    strict = make_terminal(tmp_path, "USB-T6", "350102", pk.KEY)
    text = strict.config_path.read_text(encoding="utf-8")
    assert "require_tuf = false" in text
    strict.config_path.write_text(text.replace("require_tuf = false", "require_tuf = true"))
    assert strict.config.config_packages.require_tuf
    no = ConfigPackages(strict.config).apply(_stick(tmp_path, pk.build(1), "plain2.zip"))
    assert _tuf_result(no.report) == (
        CheckStatus.FAILED,
        "tuf_required",
        "本终端只接受附带 TUF 元数据的配置包（旧格式配置包不被接受）",
    )
    assert strict.volume() == 80
    # ... and a bundle is accepted there once the terminal is enrolled.
    enrol_agent(svc, strict)
    ok = ConfigPackages(strict.config).apply(_stick(tmp_path, _bundle(svc, p2), "b2.zip"))
    assert ok.applied, ok.report.failure
    assert strict.volume() == 12


def test_expiry_allows_the_clock_skew_with_a_stepped_clock(
    sqlite_service: Service, tmp_path: Path
) -> None:
    """Metadata expired less than clock_skew_s (600 s) ago by the terminal's clock goes in."""
    svc = sqlite_service
    env = _enrolled(svc, tmp_path, "USB-T6")
    p1 = upload(svc, pk.build(1)).json()["package_pk"]
    entries = _entries(_bundle(svc, p1))
    ts = Metadata[Timestamp].from_bytes(entries[BUNDLE_METADATA + "timestamp.json"])
    expires = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    entries[BUNDLE_METADATA + "timestamp.json"] = _sign_timestamp(
        svc, ts.signed.version + 1, ts.signed.snapshot_meta.version, expires
    )
    stick = _stick(tmp_path, _rebuild(entries))
    clock = [expires + timedelta(minutes=15)]  # the terminal's clock, stepped by the test
    late = ConfigPackages(env.config, now=lambda: clock[0]).apply(stick)
    assert _tuf_result(late.report)[1] == "tuf_expired"
    clock[0] = expires + timedelta(minutes=5)  # within the 600 s allowance
    ok = ConfigPackages(env.config, now=lambda: clock[0]).apply(stick)
    assert ok.applied, ok.report.failure


def test_network_pull_allows_the_clock_skew_with_a_stepped_clock(
    sqlite_service: Service, tmp_path: Path
) -> None:
    """The network channel takes the same allowance: 5 min past the timestamp's expiry by
    the terminal's clock adopts, 15 min past is refused as expired (a freeze)."""
    svc = sqlite_service
    early, late = (make_terminal(tmp_path, k, "350102", pk.KEY) for k in ("NET-T1", "NET-T2"))
    agents = [enrol_agent(svc, early), enrol_agent(svc, late)]
    with agents[0].client() as c:
        served = c.get(f"{svc.url}/tuf/metadata/timestamp.json")
    expires = Metadata[Timestamp].from_bytes(served.content).signed.expires
    clocks = [expires + timedelta(minutes=5), expires + timedelta(minutes=15)]
    for agent, at in zip(agents, clocks, strict=True):
        agent.now = lambda at=at: at
    p2 = upload(svc, pk.build(2)).json()["package_pk"]
    results = []
    for agent, env in zip(agents, (early, late), strict=True):
        with svc.client(svc.admin) as c:
            ro = c.post(
                "/api/rollouts",
                json={"package_pk": p2, "kiosk_ids": [env.kiosk_id], "min_wave_s": 0},
            )
        assert ro.status_code == 200, ro.text
        results.append(agent.poll_once())
    assert results[0].action == "adopted", results[0]
    assert early.volume() == 12
    assert results[1].action == "refused" and "expired" in results[1].detail, results[1]
    assert late.volume() != 12
