import json
import logging
from pathlib import Path

import pytest

from kiosk.logging_setup import setup_logging
from kiosk.privacy import SensitiveValues, mask_id_number, mask_name, scrub_text

ID = "110101199001010015"


def test_mask_id_number_keeps_first6_last4() -> None:
    assert mask_id_number(ID) == "110101********0015"
    assert mask_id_number("51010719701001234X") == "510107********234X"


def test_mask_name() -> None:
    assert mask_name("张三丰") == "张**"
    assert mask_name("李") == "*"


def test_scrub_does_not_touch_longer_numbers() -> None:
    acceptance = "2026112200000012345"  # 19 digits: not an ID number
    assert scrub_text(f"case {acceptance}") == f"case {acceptance}"
    assert ID not in scrub_text(f"x{ID} y")
    assert "110101********0015" in scrub_text(f"id={ID}.")


@pytest.fixture
def registry() -> SensitiveValues:
    return SensitiveValues()


def test_id_number_and_name_never_reach_the_log_file(
    tmp_path: Path, registry: SensitiveValues
) -> None:
    path = setup_logging(tmp_path, registry=registry)
    assert path is not None
    registry.add("王小明")
    log = logging.getLogger("test.privacy")
    log.info(
        "card %s read for %s", ID, "王小明", extra={"applicant_name": "王小明", "id_number": ID}
    )
    log.warning("form data", extra={"form": {"note": f"my id is {ID}", "who": "王小明"}})
    try:
        raise RuntimeError(f"failed for {ID}")
    except RuntimeError:
        log.exception("boom")
    for h in logging.getLogger().handlers:
        h.flush()
    raw = path.read_bytes().decode("utf-8")
    assert ID not in raw
    assert "王小明" not in raw
    lines = [json.loads(line) for line in raw.splitlines()]
    assert lines[0]["msg"] == "card 110101********0015 read for 王**"
    assert lines[0]["applicant_name"] == "王**"
    assert "110101********0015" in lines[2]["exc"]


def test_log_rotation(tmp_path: Path, registry: SensitiveValues) -> None:
    setup_logging(tmp_path, max_bytes=10_000, backup_count=2, registry=registry)
    log = logging.getLogger("test.rotation")
    for i in range(500):
        log.info("line %d %s", i, "x" * 50)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert "kiosk.jsonl.1" in files and "kiosk.jsonl.2" in files
    assert "kiosk.jsonl.3" not in files
