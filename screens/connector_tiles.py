"""Technician tiles, one per department connector: circuit, latency, queue, last error, test.

Data comes from :meth:`TechnicianController.connector_statuses` (the sync lanes and
the outbox); the test call runs on the pool. Secrets are never on this screen: the
controller's data has none.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout, QWidget

from screens.base import button, label

CIRCUIT_COLOURS = {
    "closed": "#1E7B34",
    "half_open": "#B07A00",
    "open": "#B00020",
    "not_started": "#6B7280",
}


class ConnectorTile(QFrame):
    def __init__(self, name: str, on_test: Any) -> None:
        super().__init__()
        self.setObjectName("card")
        self.name = name
        lay = QVBoxLayout(self)
        self.title = label(name, "subtitle")
        self.where = label(role="hint")
        self.where.setObjectName(f"connectorWhere_{name}")
        self.circuit = label()
        self.circuit.setObjectName(f"connectorCircuit_{name}")
        self.facts = label(role="hint")
        self.facts.setObjectName(f"connectorFacts_{name}")
        self.error = label(role="hint")
        self.error.setObjectName(f"connectorError_{name}")
        self.test_result = label(role="hint")
        self.test_result.setObjectName(f"connectorTest_{name}")
        self.test_btn = button(self.tr("测试连接"))
        self.test_btn.setObjectName(f"connectorTestBtn_{name}")
        self.test_btn.clicked.connect(lambda: on_test(name))
        for w in (
            self.title,
            self.where,
            self.circuit,
            self.facts,
            self.error,
            self.test_result,
            self.test_btn,
        ):
            lay.addWidget(w)

    def circuit_text(self, state: str) -> str:
        return {
            "closed": self.tr("线路：正常"),
            "half_open": self.tr("线路：试探恢复中"),
            "open": self.tr("线路：已熔断，暂停发送"),
        }.get(state, self.tr("线路：未启动"))

    def update_status(self, st: Any) -> None:
        self.title.setText(f"{st.name} · {st.label}" if st.label else st.name)
        self.where.setText(f"{st.style} · {st.url}")
        self.circuit.setText(self.circuit_text(st.circuit))
        colour = CIRCUIT_COLOURS.get(st.circuit, "#6B7280")
        self.circuit.setStyleSheet(f"color: {colour}; font-weight: bold;")
        latency = "-" if st.latency_ms is None else f"{st.latency_ms:.0f} ms"
        self.facts.setText(
            self.tr("延迟 %1 · 待上传 %2 件 · 已送达 %3 · 失败 %4")
            .replace("%1", latency)
            .replace("%2", str(st.queue_depth))
            .replace("%3", str(st.sent))
            .replace("%4", str(st.failed))
        )
        self.error.setText(
            self.tr("最近错误：%1").replace("%1", st.last_error) if st.last_error else ""
        )


class ConnectorTiles(QWidget):
    """The grid of tiles; ``refresh()`` on the diagnostics screen's timer."""

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.tiles: dict[str, ConnectorTile] = {}

    def refresh(self) -> None:
        statuses = self.ctl.connector_statuses()
        for i, st in enumerate(statuses):
            tile = self.tiles.get(st.name)
            if tile is None:
                tile = self.tiles[st.name] = ConnectorTile(st.name, self.run_test)
                self.grid.addWidget(tile, i // 4, i % 4)
            tile.update_status(st)
        self.setVisible(bool(statuses))

    def run_test(self, name: str) -> None:
        tile = self.tiles[name]
        tile.test_btn.setEnabled(False)
        tile.test_result.setText(self.tr("测试中…"))

        def done(info: Any, error: BaseException | None) -> None:
            tile.test_btn.setEnabled(True)
            if error is not None:
                tile.test_result.setText(f"✗ {type(error).__name__}")
                return
            if info.state == "up":
                text = "✓ " + self.tr("可达，%1 ms").replace("%1", f"{info.latency_ms:.0f}")
            else:
                text = f"✗ {info.state}: {info.detail}"
            tile.test_result.setText(text)

        self.ctl.connector_test(name, done)
