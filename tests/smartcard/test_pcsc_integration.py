"""Through the real stack: pyscard → pcscd (foreground, private socket) → vpcd → our virtual card."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.base import DeviceStatus
from drivers.smartcard import (
    CardInserted,
    CardReadFailed,
    CardRemoved,
    ReadersChanged,
    SmartCardReader,
    SocialSecurityCardRead,
    UnsupportedCard,
    list_readers,
    read_card_in_reader,
    reader_states,
)
from drivers.smartcard_protocol import ReadStrategy
from drivers.smartcard_sim.stack import VpcdStack
from tests.smartcard.conftest import EventLog

pytestmark = pytest.mark.integration


@pytest.fixture
def driver(stack: VpcdStack, events: EventLog) -> Iterator[SmartCardReader]:
    dev = SmartCardReader("smartcard", poll_timeout_ms=300)
    dev.set_event_sink(events)
    dev.open()
    events.wait_for(lambda e: isinstance(e, ReadersChanged) and len(e.readers) == 2)
    yield dev
    dev.close()
    assert not dev.watcher.status().running


def on(reader: str, cls: type):
    return lambda e: isinstance(e, cls) and getattr(e, "reader", None) == reader


def test_pcscd_lists_the_vpcd_readers(stack: VpcdStack) -> None:
    assert list_readers() == stack.readers
    assert [s.present for s in reader_states()] == [False, False]


def test_good_cards_in_two_readers_are_read_with_their_protocols(
    stack: VpcdStack, driver: SmartCardReader, events: EventLog
) -> None:
    r0, r1 = stack.readers
    stack.insert("ssc-fz-gen2", slot=0)  # T=0 card
    stack.insert("ssc-xm-gen3", slot=1)  # T=1 card
    read0 = events.wait_for(on(r0, SocialSecurityCardRead))
    read1 = events.wait_for(on(r1, SocialSecurityCardRead))
    assert read0.card.id_number == "350102198805120021" and read0.card.protocol == "T=0"
    assert read1.card.name == "陈建国" and read1.card.protocol == "T=1"
    assert read0.apdus == 13
    # The card saw exactly the APDUs the driver counted.
    assert stack.card(0).apdu_count == 13
    inserted = events.of_type(CardInserted)
    assert {e.reader for e in inserted} == {r0, r1}
    assert events.events.index(inserted[0]) < events.events.index(read0)
    health = driver.status()
    assert health.status == DeviceStatus.OK and "card in" in health.detail

    mark = events.mark()
    stack.remove(0)
    events.wait_for(on(r0, CardRemoved), after=mark)
    assert driver.watcher.status().cards == (r1,)


def test_card_removed_mid_read_then_reinserted(
    stack: VpcdStack, driver: SmartCardReader, events: EventLog
) -> None:
    r0 = stack.readers[0]
    stack.insert("ssc-fz-gen2", pull_after_apdus=5)
    failed = events.wait_for(on(r0, CardReadFailed))
    assert failed.error == "CardRemovedDuringRead"
    assert "取出" in failed.resident_message
    events.wait_for(on(r0, CardRemoved))
    assert not events.of_type(SocialSecurityCardRead)
    mark = events.mark()
    stack.insert("ssc-fz-gen2")
    ok = events.wait_for(on(r0, SocialSecurityCardRead), after=mark)
    assert ok.card.card_number == "FZ1234567"


def test_unsupported_cards_are_identified_not_crashed_on(
    stack: VpcdStack, driver: SmartCardReader, events: EventLog
) -> None:
    r0 = stack.readers[0]
    stack.insert("bank-card")
    bank = events.wait_for(on(r0, UnsupportedCard))
    assert bank.guess == "" and "6A82" in bank.detail
    mark = events.mark()
    stack.insert("resident-id-contactless")
    idc = events.wait_for(on(r0, UnsupportedCard), after=mark)
    assert idc.guess == "resident_id" and idc.atr.startswith("3B8F8001804F0CA0")
    assert driver.status().usable


def test_third_generation_card_refusing_without_psam(
    stack: VpcdStack, driver: SmartCardReader, events: EventLog
) -> None:
    stack.insert("ssc-gen3-psam", slot=1)
    failed = events.wait_for(on(stack.readers[1], CardReadFailed))
    assert failed.error == "SecurityStatusNotSatisfied" and failed.sw == 0x6982


def test_virtual_card_stopped_and_back(
    stack: VpcdStack, driver: SmartCardReader, events: EventLog
) -> None:
    """The virtual card's process goes away (connection dropped) and comes back."""
    r0 = stack.readers[0]
    stack.insert("ssc-xm-gen3")
    events.wait_for(on(r0, SocialSecurityCardRead))
    mark = events.mark()
    stack.slots[0].close()  # the card's "device" is gone altogether
    events.wait_for(on(r0, CardRemoved), after=mark)
    assert driver.status().usable  # the reader itself is still there
    from drivers.smartcard_sim.vpcd import VpcdCardSlot

    stack.slots[0] = VpcdCardSlot(stack.pcscd.slot_ports[0])
    stack.insert("ssc-xm-gen3")
    events.wait_for(on(r0, SocialSecurityCardRead), after=mark)


def test_pcscd_killed_and_restarted_monitor_recovers(
    stack: VpcdStack, driver: SmartCardReader, events: EventLog
) -> None:
    """pcscd dies (every reader gone): the watcher reports it, restarts, and finds the card again."""
    r0 = stack.readers[0]
    stack.insert("ssc-fz-gen2")
    events.wait_for(on(r0, SocialSecurityCardRead))
    mark = events.mark()
    stack.kill_pcscd()
    events.wait_for(lambda e: isinstance(e, ReadersChanged) and not e.service, after=mark)
    events.wait_for(on(r0, CardRemoved), after=mark)
    health = driver.status()
    assert health.status == DeviceStatus.ABSENT and "service" in health.detail.lower()

    stack.pcscd.start()  # same socket path, same vpcd ports; the card is still "in"
    events.wait_for(
        lambda e: isinstance(e, ReadersChanged) and e.service and len(e.readers) == 2, after=mark
    )
    again = events.wait_for(on(r0, SocialSecurityCardRead), after=mark)
    assert again.card.card_number == "FZ1234567"
    assert driver.watcher.status().restarts >= 1
    assert driver.status().status == DeviceStatus.OK


def test_sfi_strategy_through_pcscd(stack: VpcdStack) -> None:
    stack.insert("ssc-gen3-partial")
    from drivers.smartcard import wait_for_card

    reader = wait_for_card(stack.readers[0], 5)
    assert reader == stack.readers[0]
    event = read_card_in_reader(reader, ReadStrategy.SFI)
    assert isinstance(event, SocialSecurityCardRead)
    assert event.apdus == 11 and event.card.unreadable == ["nation", "birth_date"]


def test_self_test_reads_an_inserted_card(
    stack: VpcdStack, driver: SmartCardReader, events: EventLog
) -> None:
    from drivers.base import SelfTestLevel

    assert driver.self_test().passed
    stack.insert("ssc-fz-gen2")
    events.wait_for(on(stack.readers[0], SocialSecurityCardRead))
    result = driver.self_test(SelfTestLevel.EXTERNAL)
    assert result.passed and result.facts["version"] == "2.00" and result.facts["apdus"] == "13"
    assert "350102198805120021" not in str(result)
