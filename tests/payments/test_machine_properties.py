"""Properties of the order state machine (hypothesis): no sequence leaves money unaccounted.

Two levels: the transition table itself (pure), and random sequences of the
terminal's actions against the real reference gateway, with random faults, after
which the journal and the gateway's books must agree on every order's money.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from kiosk.payments.errors import InvalidOrderTransition, PaymentError
from kiosk.payments.machine import (
    MONEY,
    STALE,
    TERMINAL,
    TRANSITIONS,
    Money,
    OrderEvent,
    OrderState,
    next_state,
)
from tests.payments.conftest import Keys, PayRig, start_gateway

S, E = OrderState, OrderEvent
PROVIDER_WORD = {E.PROVIDER_CLOSED, E.PROVIDER_REFUSED}
TAKEN = {Money.HELD, Money.DELIVERED, Money.RETURNED}


def test_no_transition_loses_money() -> None:
    for (src, event), dst in TRANSITIONS.items():
        if MONEY[src] in TAKEN:
            # Taken money ends delivered or returned, never "none" or "maybe".
            assert MONEY[dst] in TAKEN, (src, event, dst)
        if MONEY[dst] == Money.NONE and MONEY[src] != Money.NONE:
            assert event in PROVIDER_WORD or (src, event) == (S.CREATED, E.NOT_SENT), (src, event)
        if MONEY[dst] == Money.RETURNED:
            assert event == E.PROVIDER_REFUNDED
        if MONEY[dst] == Money.DELIVERED:
            assert event == E.CASE_SUBMITTED


def test_every_state_can_finish() -> None:
    reach = {s: {s} for s in OrderState}
    changed = True
    while changed:
        changed = False
        for (src, _e), dst in TRANSITIONS.items():
            new = reach[dst] - reach[src]
            if new:
                reach[src] |= new
                changed = True
    for s in OrderState:
        assert reach[s] & TERMINAL, s


def test_stale_and_allowed_do_not_overlap() -> None:
    assert not (set(TRANSITIONS) & STALE)


@given(st.lists(st.sampled_from(list(OrderEvent)), max_size=40))
def test_random_event_sequences_keep_money_monotone(events: list[OrderEvent]) -> None:
    """Whatever arrives in whatever order: once money is taken it is never "not taken"."""
    state = S.CREATED
    taken = False
    for ev in events:
        try:
            nxt = next_state(state, ev)
        except InvalidOrderTransition:
            continue  # refused, nothing written
        if nxt is None:
            continue
        state = nxt
        taken = taken or MONEY[state] in TAKEN
        if taken:
            assert MONEY[state] in TAKEN


# --- the real flow against the real gateway ----------------------------------------------

FAULTS = st.sampled_from(
    [
        {},
        {"drop_after_commit": 1.0},
        {"fail_rate": 1.0},
        {"down": True},
        {"notify": False},
        {"payer_declines": True},
        {"amount_delta_fen": 5},
        {"userpaying_polls": 2},
        {"userpaying_polls": 100, "userpaying_outcome": "STAY"},
        {"notify_duplicates": 2},
    ]
)


@pytest.fixture(scope="module")
def shared_gateway(keys: Keys) -> Any:
    gw = start_gateway(keys)
    yield gw
    gw.stop()


@pytest.mark.integration
def test_random_action_sequences_against_the_gateway(
    keys: Keys, shared_gateway: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    class Orders(RuleBasedStateMachine):
        @initialize()
        def setup(self) -> None:
            tmp: Path = tmp_path_factory.mktemp("prop")
            self.rig = PayRig(tmp, keys, gateway=shared_gateway, micropay_wait_s=0.2)
            self.orders: list[str] = []
            self.cases: set[str] = set()
            self.n = 0

        def _ref(self) -> str:
            self.n += 1
            return f"s{self.n}"

        @rule(faults=FAULTS)
        def code(self, faults: dict[str, Any]) -> None:
            self.rig.set_faults(**faults)
            try:
                rec = self.rig.flow.pay_with_code(
                    "JT-JSZ-HZ", 1000, "fee", self._ref(), next(self.rig.codes)
                )
                self.orders.append(rec.order_no)
            except PaymentError:
                self.orders.extend(
                    r.order_no for r in self.rig.journal.all() if r.order_no not in self.orders
                )
            self.rig.set_faults()

        @rule(faults=FAULTS, scan=st.booleans())
        def qr(self, faults: dict[str, Any], scan: bool) -> None:
            self.rig.set_faults(**faults)
            try:
                rec = self.rig.flow.open_order_qr("JT-JSZ-HZ", 1000, "fee", self._ref())
                self.orders.append(rec.order_no)
                if scan:
                    self.rig.scan_qr(rec.code_url)
            except PaymentError:
                self.orders.extend(
                    r.order_no for r in self.rig.journal.all() if r.order_no not in self.orders
                )
            self.rig.set_faults()

        def _pick(self, i: int) -> str | None:
            return self.orders[i % len(self.orders)] if self.orders else None

        @rule(i=st.integers(0, 50), faults=FAULTS)
        def poll(self, i: int, faults: dict[str, Any]) -> None:
            if (no := self._pick(i)) is not None:
                self.rig.set_faults(**faults)
                self.rig.flow.poll(no)
                self.rig.set_faults()

        @rule(i=st.integers(0, 50), faults=FAULTS)
        def cancel(self, i: int, faults: dict[str, Any]) -> None:
            if (no := self._pick(i)) is not None:
                self.rig.set_faults(**faults)
                self.rig.flow.cancel(no, "cancel")
                self.rig.set_faults()

        @rule(i=st.integers(0, 50), ok=st.booleans())
        def deliver(self, i: int, ok: bool) -> None:
            no = self._pick(i)
            if no is None:
                return

            def submit(case_id: str) -> str:
                if not ok:
                    raise OSError("outbox full")
                self.cases.add(case_id)
                return "ACC"

            # Not paid (or mismatched): refused, nothing changed.
            with contextlib.suppress(InvalidOrderTransition):
                self.rig.flow.deliver(no, submit)

        @invariant()
        def books_agree_on_finished_orders(self) -> None:
            if not hasattr(self, "rig"):
                return
            for no in self.orders:
                self._check(no, final=False)

        def _check(self, no: str, final: bool) -> None:
            rec = self.rig.journal.get(no)
            o = self.rig.provider_order(no)
            charged = o["payer_total_fen"] if o and o["charges"] else 0
            net = charged - (o["refunded_fen"] if o else 0)
            assert not o or o["charges"] <= 1
            money = MONEY[rec.state]
            if money == Money.NONE:
                assert net == 0, (rec, o)
            if money == Money.RETURNED:
                assert net == 0 and charged > 0, (rec, o)
            if money == Money.DELIVERED:
                assert net == charged > 0 and rec.case_id in self.cases, (rec, o)
            if final:
                assert rec.state in TERMINAL or rec.state == S.PAID_PENDING, rec
                assert (net > 0) == (rec.state in (S.SUBMITTED, S.PAID_PENDING)), (rec, o)

        def teardown(self) -> None:
            if not hasattr(self, "rig"):
                return
            try:
                self.rig.set_faults()
                for no in self.orders:
                    self.rig.flow.release(no)
                report = self.rig.flow.recover(has_case=lambda c: c in self.cases)
                assert report.still_open == []
                for no in self.orders:
                    self._check(no, final=True)
            finally:
                self.rig.close()

    Orders.TestCase.settings = settings(
        max_examples=25,
        stateful_step_count=8,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    Orders.TestCase().runTest()
