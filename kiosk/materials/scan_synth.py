"""Synthetic "photographed pages" for the document-camera simulator, tests and benchmarks.

A rendered A4 page with Chinese text is warped by a known homography onto a
textured background, with uneven lighting and sensor noise; optionally blurred
or with a glare spot. Because the homography is known, tests can check that the
pipeline finds the true corners and that the text survives the round trip.

``python -m kiosk.materials.scan_synth OUT_DIR`` regenerates ``config/sim/documents/``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from kiosk.materials.scanning import A4_RATIO, Image

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)

PAGE_TEXTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "居民户口簿（常住人口登记卡）",
        (
            "户别：家庭户　　户主姓名：示例人",
            "住址：福建省福州市鼓楼区五凤街道示例路1号",
            "登记日期：2019年3月18日",
            "与户主关系：本人　　民族：汉",
            "籍贯：福建福州　　文化程度：大学本科",
            "服务处所：示例科技有限公司",
            "何时由何地迁来本市：2010年由厦门市迁入",
            "承办人签章：　　　　　　登记事项变更和更正记载",
        ),
    ),
    (
        "不动产权属证明（样张）",
        (
            "权利人：示例人　　共有情况：单独所有",
            "坐落：福州市鼓楼区示例大道88号3座1201",
            "不动产单元号：350102 001001 GB00001 F00010001",
            "权利类型：国有建设用地使用权/房屋所有权",
            "用途：城镇住宅用地/住宅",
            "面积：共有宗地面积1234.5㎡/房屋建筑面积89.6㎡",
            "使用期限：2008年01月01日起2078年12月31日止",
            "附记：本样张仅供终端测试使用，不具法律效力。",
        ),
    ),
    (
        "收入证明",
        (
            "兹证明示例人同志为我单位正式职工，",
            "自2015年7月起在我单位工作至今，",
            "现任职务：工程师。",
            "该同志近十二个月平均月收入为人民币捌仟元整。",
            "特此证明。",
            "本证明仅用于办理政务服务事项。",
            "单位名称（盖章）：示例科技有限公司",
            "日期：2026年11月1日",
        ),
    ),
)


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def render_page(width: int = 1240, variant: int = 0) -> Image:
    """A white A4 page (portrait) with a title, Chinese text lines, a table and a red seal."""
    height = round(width * A4_RATIO)
    title, lines = PAGE_TEXTS[variant % len(PAGE_TEXTS)]
    img = PILImage.new("RGB", (width, height), (250, 250, 247))
    draw = ImageDraw.Draw(img)
    u = width / 1240  # layout unit: sizes below are for a 1240-px page (150 dpi)
    margin = round(110 * u)
    draw.text(
        (width / 2, round(150 * u)),
        title,
        fill=(20, 20, 20),
        font=_font(round(58 * u)),
        anchor="mm",
    )
    y = round(280 * u)
    body = _font(round(36 * u))
    for line in lines:
        draw.text((margin, y), line, fill=(25, 25, 30), font=body)
        y += round(78 * u)
    # A ruled table, as on most certificates.
    top = y + round(40 * u)
    rows, cols = 5, 4
    cell_w = (width - 2 * margin) / cols
    cell_h = round(70 * u)
    small = _font(round(28 * u))
    for r in range(rows + 1):
        yy = top + r * cell_h
        draw.line(
            [(margin, yy), (width - margin, yy)], fill=(40, 40, 40), width=max(1, round(3 * u))
        )
    for c in range(cols + 1):
        xx = margin + c * cell_w
        draw.line(
            [(xx, top), (xx, top + rows * cell_h)], fill=(40, 40, 40), width=max(1, round(3 * u))
        )
    headers = ("项目", "内容", "备注", "核验")
    for c, text in enumerate(headers):
        draw.text(
            (margin + c * cell_w + cell_w / 2, top + cell_h / 2),
            text,
            fill=(20, 20, 20),
            font=small,
            anchor="mm",
        )
    for r in range(1, rows):
        draw.text(
            (margin + round(16 * u), top + r * cell_h + cell_h / 2),
            f"第{r}项",
            fill=(30, 30, 30),
            font=small,
            anchor="lm",
        )
    # The red seal of the issuing office.
    cx, cy, rad = width - margin - round(170 * u), height - round(330 * u), round(130 * u)
    draw.ellipse(
        (cx - rad, cy - rad, cx + rad, cy + rad), outline=(200, 30, 30), width=round(9 * u)
    )
    draw.text((cx, cy), "★", fill=(200, 30, 30), font=_font(round(90 * u)), anchor="mm")
    draw.text(
        (cx, cy + round(75 * u)),
        "专用章",
        fill=(200, 30, 30),
        font=_font(round(30 * u)),
        anchor="mm",
    )
    rgb = np.asarray(img, dtype=np.uint8)
    return np.ascontiguousarray(rgb[:, :, ::-1])  # BGR, as OpenCV frames are


def background(width: int, height: int, seed: int = 0) -> Image:
    """A dark, slightly textured surface like a document camera's base plate or a desk."""
    rng = np.random.default_rng(seed)
    base = np.array([62, 70, 78], dtype=np.float32)  # BGR, dull blue-grey
    noise = rng.normal(0, 1, (height // 8 + 1, width // 8 + 1)).astype(np.float32)
    texture = cv2.resize(cv2.GaussianBlur(noise, (0, 0), 2), (width, height))
    img = base[None, None, :] + 9 * texture[..., None]
    return np.clip(img, 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class SyntheticPhoto:
    image: Image
    #: True page corners in the photo (TL, TR, BR, BL), pixel-edge convention.
    corners: NDArray[np.float32]
    #: Homography from page pixel coordinates to photo coordinates.
    homography: NDArray[Any]
    page: Image


def default_corners(width: int, height: int, seed: int = 0, fill: float = 0.82) -> NDArray:
    """A plausible perspective view of a portrait A4 page, centred, with a little tilt."""
    rng = np.random.default_rng(seed)
    ph = fill * height
    pw = ph / A4_RATIO
    if pw > fill * width:
        pw = fill * width
        ph = pw * A4_RATIO
    cx, cy = width / 2, height / 2
    hw, hh = pw / 2, ph / 2
    rect = np.array(
        [[cx - hw, cy - hh], [cx + hw, cy - hh], [cx + hw, cy + hh], [cx - hw, cy + hh]],
        dtype=np.float64,
    )
    # Rotate a few degrees and push each corner a little (perspective).
    angle = np.deg2rad(rng.uniform(-7, 7))
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    rect = (rect - [cx, cy]) @ rot.T + [cx, cy]
    rect += rng.uniform(-0.04, 0.04, (4, 2)) * [pw, ph]
    return rect.astype(np.float32)


def photograph(
    page: Image,
    size: tuple[int, int] = (1920, 1080),
    corners: NDArray | None = None,
    seed: int = 0,
    noise_sigma: float = 2.0,
    blur_sigma: float = 0.0,
    glare: bool = False,
) -> SyntheticPhoto:
    """Warp ``page`` onto a background at ``corners`` (default: a plausible view)."""
    width, height = size
    if corners is None:
        corners = default_corners(width, height, seed)
    corners = np.asarray(corners, dtype=np.float32)
    ph, pw = page.shape[:2]
    src = np.array(
        [[-0.5, -0.5], [pw - 0.5, -0.5], [pw - 0.5, ph - 0.5], [-0.5, ph - 0.5]], dtype=np.float32
    )
    homography = cv2.getPerspectiveTransform(src, corners)
    # Warp page and coverage mask with a zero border, then composite: an antialiased edge.
    warped = cv2.warpPerspective(
        page.astype(np.float32), homography, (width, height), flags=cv2.INTER_LINEAR
    )
    mask = cv2.warpPerspective(
        np.ones((ph, pw), np.float32), homography, (width, height), flags=cv2.INTER_LINEAR
    )
    bg = background(width, height, seed).astype(np.float32)
    img = bg * (1 - mask[..., None]) + warped
    # Uneven lighting: brighter towards one corner, as under a desk lamp.
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    light = 0.86 + 0.14 * (1 - (xx / width * 0.6 + yy / height * 0.4))
    img *= light[..., None]
    if glare:
        spot = np.exp(
            -(
                ((xx - width * 0.55) / (width * 0.06)) ** 2
                + ((yy - height * 0.4) / (height * 0.08)) ** 2
            )
        )
        img += 400 * spot[..., None]
    if blur_sigma > 0:
        img = np.asarray(cv2.GaussianBlur(img, (0, 0), blur_sigma), np.float32)
    if noise_sigma > 0:
        img += np.random.default_rng(seed + 1).normal(0, noise_sigma, img.shape).astype(np.float32)
    out = np.clip(img, 0, 255).astype(np.uint8)
    return SyntheticPhoto(out, corners, homography, page)


def write_sim_documents(out_dir: Path, size: tuple[int, int] = (1920, 1440)) -> list[Path]:
    """Write the document-camera simulator's frames: pages, and an empty plate between them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(len(PAGE_TEXTS)):
        page = render_page(1400, variant=i)
        photo = photograph(page, size, seed=10 + i)
        path = out_dir / f"page-{i + 1:02d}.jpg"
        cv2.imwrite(str(path), photo.image, [cv2.IMWRITE_JPEG_QUALITY, 88])
        written.append(path)
    empty = out_dir / "empty-plate.jpg"
    cv2.imwrite(str(empty), background(*size, seed=3), [cv2.IMWRITE_JPEG_QUALITY, 88])
    written.append(empty)
    return written


if __name__ == "__main__":  # pragma: no cover - a generator script
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("config/sim/documents")
    for p in write_sim_documents(target):
        print(p)
