"""Photo decoders: the sim decoder on real JPEGs, the ctypes backend on a real shared library."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from drivers.idcard.deck import SimCard
from drivers.idcard.wlt import (
    BMP_LEN,
    ChainDecoder,
    CtypesWltDecoder,
    NoWltDecoder,
    PhotoUnavailable,
    SimPhotoDecoder,
)
from tests.idcard.conftest import MALE

# A stand-in "vendor" library with the unpack() convention: it turns the 1024 input
# bytes into a 102x126 BMP (pixel = input byte), or, with a 0xEE first byte, 38 556
# raw BGR bytes; a 0xFF first byte makes it fail (returns -3).
VENDOR_C = r"""
#include <string.h>
#include <stdint.h>
int unpack(const unsigned char *wlt, unsigned char *out, int bmp) {
    const int w = 102, h = 126, row = 308;
    if (wlt[0] == 0xFF) return -3;
    if (wlt[0] == 0xEE) {
        for (int i = 0; i < w * h * 3; i++) out[i] = wlt[i % 1024];
        return 1;
    }
    uint32_t size = 54 + row * h, off = 54, hdr = 40, pix = row * h;
    int32_t iw = w, ih = h; uint16_t planes = 1, bpp = 24;
    memset(out, 0, size);
    out[0] = 'B'; out[1] = 'M';
    memcpy(out + 2, &size, 4); memcpy(out + 10, &off, 4); memcpy(out + 14, &hdr, 4);
    memcpy(out + 18, &iw, 4); memcpy(out + 22, &ih, 4); memcpy(out + 26, &planes, 2);
    memcpy(out + 28, &bpp, 2); memcpy(out + 34, &pix, 4);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w * 3; x++) out[54 + y * row + x] = wlt[(y * w * 3 + x) % 1024];
    return 1;
}
"""


@pytest.fixture(scope="module")
def vendor_lib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("LOUD SKIP: no C compiler to build the stand-in vendor WLT library")
    d = tmp_path_factory.mktemp("wlt")
    (d / "vendor.c").write_text(VENDOR_C)
    lib = d / "libvendorwlt.so"
    subprocess.run([cc, "-shared", "-fPIC", "-O1", "-o", str(lib), str(d / "vendor.c")], check=True)
    return lib


def test_sim_decoder_reads_the_deck_jpeg(deck: list[SimCard]) -> None:
    photo = SimPhotoDecoder().decode(deck[MALE].photo)
    assert photo.format == "jpeg" and (photo.width, photo.height) == (102, 126)
    assert photo.data.startswith(b"\xff\xd8") and photo.data.endswith(b"\xff\xd9")
    assert len(photo.data) <= 1024


def test_sim_decoder_refuses_wlt_like_and_broken_data() -> None:
    with pytest.raises(PhotoUnavailable, match="no simulated image"):
        SimPhotoDecoder().decode(bytes(range(256)) * 4)
    with pytest.raises(PhotoUnavailable):
        SimPhotoDecoder().decode(b"\xff\xd8\xff" + bytes(1000) + b"\xff\xd9")  # magic, no image


def test_no_decoder_says_photo_unavailable() -> None:
    with pytest.raises(PhotoUnavailable) as e:
        NoWltDecoder().decode(bytes(1024))
    assert "wlt_decoder_path" in e.value.detail and e.value.resident_message


def test_ctypes_backend_decodes_bmp_output(vendor_lib: Path) -> None:
    wlt = bytes((i * 7) % 251 for i in range(1024))
    photo = CtypesWltDecoder(vendor_lib).decode(wlt)
    assert photo.format == "bmp" and (photo.width, photo.height) == (102, 126)
    assert len(photo.data) == BMP_LEN == 38862  # spec §2
    import io

    from PIL import Image

    im = Image.open(io.BytesIO(photo.data)).convert("RGB")
    # BMP rows are bottom-up: the library's first row is the image's last.
    assert im.getpixel((0, 125)) == (wlt[2], wlt[1], wlt[0])


def test_ctypes_backend_wraps_raw_bgr(vendor_lib: Path) -> None:
    wlt = b"\xee" + bytes(range(1, 256)) * 4
    photo = CtypesWltDecoder(vendor_lib).decode(wlt[:1024])
    assert photo.format == "bmp" and (photo.width, photo.height) == (102, 126)


def test_ctypes_backend_failure_and_bad_paths(vendor_lib: Path, tmp_path: Path) -> None:
    with pytest.raises(PhotoUnavailable, match="returned -3"):
        CtypesWltDecoder(vendor_lib).decode(b"\xff" * 1024)
    with pytest.raises(PhotoUnavailable, match="cannot load"):
        CtypesWltDecoder(tmp_path / "missing.so")
    with pytest.raises(PhotoUnavailable, match="no function"):
        CtypesWltDecoder(vendor_lib, "GetBmp")


def test_chain_tries_in_order(vendor_lib: Path, deck: list[SimCard]) -> None:
    chain = ChainDecoder([SimPhotoDecoder(), CtypesWltDecoder(vendor_lib)])
    assert chain.decode(deck[MALE].photo).format == "jpeg"
    assert chain.decode(bytes(1024)).format == "bmp"
    with pytest.raises(PhotoUnavailable, match=r"sim: .*ctypes: "):
        chain.decode(b"\xff" * 1024)
    with pytest.raises(PhotoUnavailable, match="no WLT decoder"):
        ChainDecoder([]).decode(bytes(1024))
