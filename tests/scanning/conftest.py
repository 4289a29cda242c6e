"""Fixtures of the scanning / signature tests: synthetic page photos and a sim camera dir."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.materials.scan_synth import SyntheticPhoto, background, photograph, render_page


@pytest.fixture(scope="session")
def page_image() -> np.ndarray:
    """A rendered A4 page (1240 px wide) with Chinese text, table and seal."""
    return render_page(1240, variant=0)


@pytest.fixture(scope="session")
def make_photo(page_image: np.ndarray) -> Callable[..., SyntheticPhoto]:
    def make(size: tuple[int, int] = (1920, 1080), seed: int = 0, **kw: object) -> SyntheticPhoto:
        return photograph(page_image, size, seed=seed, **kw)  # type: ignore[arg-type]

    return make


@pytest.fixture
def sim_documents(tmp_path: Path) -> Iterator[Path]:
    """A small simulated document-camera directory: empty plate, then a page lying still."""
    d = tmp_path / "documents"
    d.mkdir()
    page = render_page(700, variant=1)
    photo = photograph(page, (960, 720), seed=7)
    cv2.imwrite(str(d / "page.jpg"), photo.image, [cv2.IMWRITE_JPEG_QUALITY, 92])
    cv2.imwrite(str(d / "empty.jpg"), background(960, 720, seed=3))
    (d / "sequence.txt").write_text("empty.jpg 3\npage.jpg 100000\n", "utf-8")
    yield d
