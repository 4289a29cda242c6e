import pytest

from kiosk.clock import FakeClock
from kiosk.config import SessionConfig
from kiosk.identity.document import CardType, Gender, IdentityDocument, Photo
from kiosk.privacy import SensitiveValues
from kiosk.session.machine import (
    Attachment,
    EndReason,
    InvalidTransition,
    Session,
    SessionState,
)

S = SessionState


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(clock: FakeClock) -> Session:
    return Session(
        SessionConfig(idle_timeout_s=60, idle_warning_s=15, busy_max_s=120),
        clock,
        SensitiveValues(),
    )


def person() -> IdentityDocument:
    return IdentityDocument(
        CardType.RESIDENT_ID,
        "张三",
        "110101199001010015",
        Gender.MALE,
        photo=Photo("jpeg", bytearray(b"\xff\xd8photo-bytes")),
    )


def test_happy_path_through_every_step(session: Session) -> None:
    seen: list[tuple[S, S]] = []
    session.on_state_changed(lambda a, b, r: seen.append((a, b)))
    session.start()
    session.identified(person())
    session.choose_service("ZM-WFZJL")
    for expected in (S.FORM, S.MATERIALS, S.SIGNATURE, S.REVIEW, S.SUBMIT, S.RESULT, S.RATING):
        assert session.next() == expected
    session.next()
    assert session.state == S.GOODBYE
    assert session.last_end_reason == EndReason.COMPLETED
    session.finish_goodbye()
    assert session.state == S.ATTRACT
    assert seen[0] == (S.ATTRACT, S.IDENTIFY)


def test_service_with_fewer_steps_skips_them(session: Session) -> None:
    session.start()
    session.identified(person())
    session.choose_service("X", (S.GUIDE, S.FORM, S.REVIEW, S.SUBMIT, S.RESULT))
    assert session.next() == S.FORM
    assert session.next() == S.REVIEW
    assert session.back() == S.FORM


def test_back_cannot_undo_a_submission(session: Session) -> None:
    session.start()
    session.identified(person())
    session.choose_service("X", (S.GUIDE, S.SUBMIT, S.RESULT))
    session.next()
    assert session.back() == S.SUBMIT


def test_invalid_transition_raises(session: Session) -> None:
    with pytest.raises(InvalidTransition):
        session.go(S.SUBMIT)


def test_idle_warning_then_wipe(session: Session, clock: FakeClock) -> None:
    warnings: list[float] = []
    session.on_idle_warning(warnings.append)
    session.start()
    session.identified(person())
    clock.advance(44)
    session.tick()
    assert warnings == []
    clock.advance(2)
    session.tick()
    assert len(warnings) == 1 and 13 < warnings[0] <= 15
    session.tick()
    assert len(warnings) == 1  # only once
    clock.advance(15)
    session.tick()
    assert session.state == S.GOODBYE
    assert session.last_end_reason == EndReason.IDLE_TIMEOUT
    assert session.data.identity is None


def test_activity_resets_idle_and_clears_warning(session: Session, clock: FakeClock) -> None:
    cleared: list[bool] = []
    session.on_idle_warning_cleared(lambda: cleared.append(True))
    session.start()
    clock.advance(50)
    session.tick()
    session.touch()
    assert cleared == [True]
    clock.advance(50)
    session.tick()
    assert session.state == S.IDENTIFY


def test_busy_pauses_idle_but_only_up_to_the_bound(session: Session, clock: FakeClock) -> None:
    session.start()
    session.identified(person())
    with session.busy():
        clock.advance(100)  # printing: longer than the idle timeout
        session.tick()
        assert session.state == S.CATALOG
        clock.advance(21 + 60)  # past busy_max_s (120) + the idle timeout
        session.tick()
        assert session.state == S.GOODBYE  # a hung operation cannot hold data forever


def test_card_removed_ends_session_and_wipes(session: Session, clock: FakeClock) -> None:
    doc = person()
    photo = doc.photo
    assert photo is not None
    buf = photo.data
    session.start()
    session.identified(doc)
    session.data.form_values["phone"] = "13800000000"
    scan = Attachment("scan", "身份证", "image/jpeg", bytearray(b"scan-bytes"))
    session.data.attachments.append(scan)
    raw = scan.data
    session.card_removed()
    assert session.state == S.CATALOG and session.card_grace_left == 5  # the grace
    clock.advance(5)
    session.tick()
    assert session.state == S.GOODBYE
    assert session.last_end_reason == EndReason.CARD_REMOVED
    assert session.data.identity is None and not session.data.form_values
    assert not session.data.attachments
    assert set(buf) == {0} and set(raw) == {0}  # buffers overwritten, not just dropped
    assert doc.name == "" and doc.id_number == ""
    assert len(session.sensitive) == 0


def test_identified_registers_names_for_log_masking(session: Session) -> None:
    session.start()
    session.identified(person())
    assert "张*" in session.sensitive.scrub("hello 张三")
    session.end(EndReason.EXIT)
    assert session.sensitive.scrub("hello 张三") == "hello 张三"


def test_admin_requires_wipe_first(session: Session) -> None:
    session.start()
    session.identified(person())
    session.enter_admin()
    assert session.state == S.ADMIN
    assert session.data.identity is None
    assert not session.holds_personal_data


def test_card_put_back_within_the_grace_keeps_the_session(
    session: Session, clock: FakeClock
) -> None:
    seen: list[float | None] = []
    session.on_card_grace(seen.append)
    session.start()
    session.identified(person())
    session.card_removed()
    clock.advance(3)
    session.tick()
    assert session.state == S.CATALOG and session.card_grace_left == 2
    session.card_returned(same_card=True)
    clock.advance(10)
    session.tick()
    assert session.state == S.CATALOG and session.data.identity is not None
    assert seen == [5, None]


def test_another_card_during_the_grace_ends_the_session(session: Session) -> None:
    session.start()
    session.identified(person())
    session.card_removed()
    session.card_returned(same_card=False)
    assert session.state == S.GOODBYE and session.data.identity is None
    assert session.last_end_reason == EndReason.CARD_REMOVED


def test_card_removed_before_login_ends_at_once(session: Session) -> None:
    session.start()
    session.card_removed()
    assert session.state == S.GOODBYE


def test_a_failing_wipe_listener_stops_neither_wipe_nor_screen_change(
    session: Session,
) -> None:
    def disk_full(reason: EndReason) -> None:
        raise OSError(28, "No space left on device")

    session.on_wiped(disk_full)
    session.start()
    session.identified(person())
    session.end(EndReason.EXIT)
    assert session.state == S.GOODBYE and session.data.identity is None
