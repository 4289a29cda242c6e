"""Technician screen: one tile per department connector, from the real sync lanes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.session.machine import SessionState as S
from kiosk.ui.walkthrough import steps
from kiosk.ui.walkthrough.harness import demo_ui
from tests.connectors.conftest import CLIENT_SECRET, GW_PK, Servers, connectors_toml, set_faults

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _texts(root: QWidget) -> str:
    return "\n".join(
        w.text() for w in root.findChildren(QWidget) if isinstance(w, QLabel | QAbstractButton)
    )


def test_connector_tiles_show_lane_state_queue_and_a_test_call_without_secrets(
    qapp, servers: Servers, tmp_path: Path
) -> None:
    province, social = servers.rest("province"), servers.gm("social")
    set_faults(social, down=True)  # the social-security gateway is down
    cfg = tmp_path / "kiosk.toml"
    default = (PROJECT_ROOT / "config" / "default.toml").read_text(encoding="utf-8")
    cfg.write_text(
        default + "\n" + connectors_toml(tmp_path, {"province": province.url, "social": social.url})
    )
    with demo_ui(tmp_path / "shots", config_path=cfg, data_dir=tmp_path / "data") as wt:
        svc = wt.terminal.services["submitter"].service
        for i in range(3):
            svc.outbox.enqueue("S", "FZ-TEST-0001", {"i": i}, None, [], connector="social")
        svc.outbox.enqueue("S", "FZ-TEST-0001", {"i": 9}, None, [], connector="province")
        svc.worker.network_changed()
        assert wt.wait_for(lambda: province.app.state.store.business_keys() != [], 30)
        assert wt.wait_for(
            lambda: any(ln.name == "social" and ln.failed for ln in svc.worker.lanes()), 30
        )
        w = wt.ui.window
        w.pin_pad.open()
        w.pin_pad.entry.setText("246810")
        w.pin_pad._submit()
        steps.expect(wt, S.ADMIN)
        diag = steps.screen(wt, S.ADMIN)
        diag.refresh_live()
        tiles = diag.connector_tiles.tiles
        assert set(tiles) == {"province", "social"}
        assert tiles["province"].circuit.text() == "线路：正常"
        assert "待上传 0 件" in tiles["province"].facts.text()
        assert " ms" in tiles["province"].facts.text()  # the last delivery's latency
        assert "待上传 3 件" in tiles["social"].facts.text()
        assert tiles["social"].error.text().startswith("最近错误：")
        assert tiles["social"].where.text() == f"gm · {social.url}"
        # The test call, on the pool: the province answers, the gateway is down.
        tiles["province"].test_btn.click()
        tiles["social"].test_btn.click()
        assert wt.wait_for(lambda: tiles["province"].test_result.text().startswith("✓"), 30)
        assert wt.wait_for(lambda: tiles["social"].test_result.text().startswith("✗ down"), 30)
        texts = _texts(diag)
        assert CLIENT_SECRET not in texts and GW_PK.hex() not in texts
        assert "gm-client.key" not in texts
        wt.ui.ctl.leave_admin()
