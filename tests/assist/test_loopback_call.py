"""A terminal ↔ staff call on loopback through the real desk (aiortc on both ends)."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.assist.call import EndReason, EventKind
from tests.assist.conftest import Terminal, connected_call, make_plan
from tests.assist.peer import LiveDesk, LoopThread, StaffPeer, until, wait_for


def test_call_queued_answered_media_both_ways_message_and_staff_hangup(
    desk: LiveDesk, peer_loop: LoopThread, terminal: Terminal
) -> None:
    staff = StaffPeer(desk)
    peer_loop.run(staff.login())
    plan = make_plan(desk)
    terminal.engine.place(plan)

    queued = terminal.wait_kind(EventKind.QUEUED)
    assert queued.position == 1 and queued.expected_wait_s > 0
    wait_for(
        lambda: any(c["call_id"] == plan.call_id for c in staff.queue), what="call on the console"
    )
    row = next(c for c in staff.queue if c["call_id"] == plan.call_id)
    assert (row["terminal_id"], row["service"], row["state"]) == ("FT-01", "居住证签注", "queued")

    peer_loop.run(staff.send(type="pick", call_id=plan.call_id))
    terminal.wait_kind(EventKind.CONNECTED)
    # The staff member sees the resident's camera (blue) and the shared screen track.
    wait_for(
        lambda: len(staff.frames.get("camera", [])) >= 3, what="camera frames at the staff peer"
    )
    cam = staff.frames["camera"][-1]
    assert cam.shape[:2] == (480, 640)
    assert cam[..., 2].mean() > 120 > cam[..., 0].mean()  # RGB: blue dominates
    wait_for(
        lambda: len(staff.frames.get("screen", [])) >= 1, what="screen frames at the staff peer"
    )
    # The terminal sees the staff member's camera (green) in its corner frame.
    wait_for(
        lambda: terminal.engine.stats.remote_video_frames >= 3, what="staff video at the terminal"
    )
    corner = terminal.engine.staff_frame()
    assert corner is not None and corner[..., 1].mean() > 120 > corner[..., 0].mean()
    wait_for(
        lambda: terminal.engine.stats.remote_audio_frames > 0, what="staff audio at the terminal"
    )

    peer_loop.run(staff.send(type="message", call_id=plan.call_id, text="请点击左下角的返回"))
    msg = terminal.wait_kind(EventKind.MESSAGE)
    assert msg.text == "请点击左下角的返回"

    peer_loop.run(staff.send(type="hangup", call_id=plan.call_id))
    ended = terminal.wait_kind(EventKind.ENDED)
    assert ended.reason is EndReason.STAFF_HUNG_UP
    wait_for(lambda: not terminal.engine.holds_call_data(), what="call data dropped")
    assert terminal.engine.staff_frame() is None

    rows = desk.thread.server.config.app.state.desk.audit.rows()  # type: ignore[attr-defined]
    assert [(r.call_id, r.terminal_id, r.staff_id, r.outcome) for r in rows] == [
        (plan.call_id, "FT-01", "wang", "staff_hung_up")
    ]
    assert rows[0].ended_at is not None
    peer_loop.run(staff.close())


def test_resident_hangs_up_and_the_console_is_told(
    desk: LiveDesk, peer_loop: LoopThread, terminal: Terminal
) -> None:
    staff, _ = connected_call(desk, peer_loop, terminal)
    terminal.engine.hang_up()
    assert terminal.wait_kind(EventKind.ENDED).reason is EndReason.RESIDENT_HUNG_UP
    peer_loop.run(until(lambda: bool(staff.ended)))
    assert staff.ended[0]["reason"] == "terminal_hung_up"
    assert staff.pc is None
    assert np.asarray(terminal.engine.stats.camera_frames_sent) > 0
    peer_loop.run(staff.close())


def test_microphone_from_a_sound_file_reaches_the_staff_member(
    tmp_path: Path, desk: LiveDesk, peer_loop: LoopThread, terminal: Terminal
) -> None:
    wav = tmp_path / "voice.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        t = np.arange(16000) / 16000
        w.writeframes((np.sin(2 * np.pi * 330 * t) * 8000).astype("<i2").tobytes())
    staff, _ = connected_call(desk, peer_loop, terminal, microphone=str(wav))
    wait_for(
        lambda: staff.counts.get("audio", 0) >= 10, what="the terminal's voice at the staff peer"
    )
    terminal.engine.hang_up()
    terminal.wait_kind(EventKind.ENDED)
    peer_loop.run(staff.close())


def test_the_staff_members_voice_is_played_on_the_alsa_speaker(
    tmp_path: Path, desk: LiveDesk, peer_loop: LoopThread, terminal: Terminal, monkeypatch: Any
) -> None:
    # A private ALSA configuration: the "speaker" writes what it plays to a file.
    played = tmp_path / "speaker.raw"
    conf = tmp_path / "asound.conf"
    conf.write_text(
        f'pcm.null {{ type null }}\npcm.test_speaker {{ type file; slave.pcm "null"; file "{played}"; format "raw" }}\n'
    )
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(conf))
    staff, _ = connected_call(desk, peer_loop, terminal, speaker="alsa:test_speaker")
    wait_for(
        lambda: played.exists() and played.stat().st_size > 19_200,
        what="staff audio on the speaker",
    )
    terminal.engine.hang_up()
    terminal.wait_kind(EventKind.ENDED)
    wait_for(lambda: not terminal.engine.holds_call_data(), what="call torn down")
    assert terminal.engine.stats.speaker_frames > 10 and not terminal.engine.stats.speaker_failure
    peer_loop.run(staff.close())


def test_a_terminal_without_a_sound_device_still_calls(
    desk: LiveDesk, peer_loop: LoopThread, terminal: Terminal
) -> None:
    staff, _ = connected_call(desk, peer_loop, terminal, speaker="alsa:no_such_device")
    wait_for(lambda: terminal.engine.stats.remote_audio_frames > 20, what="staff audio arriving")
    assert terminal.ended() is None  # no speaker: the call goes on
    terminal.engine.hang_up()
    terminal.wait_kind(EventKind.ENDED)
    wait_for(lambda: not terminal.engine.holds_call_data(), what="call torn down")
    assert terminal.engine.stats.speaker_failure
    peer_loop.run(staff.close())
