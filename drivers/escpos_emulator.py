"""An ESC/POS thermal receipt printer emulator: decodes what it receives, answers status.

It speaks the wire protocol of a Chinese 80/58 mm kiosk printer, so the real
receipt driver can be pointed at it (TCP on 127.0.0.1, or a pseudo-terminal for
the serial transport):

* text, in Chinese mode (``FS &``) as GB18030 (or GBK) multi-byte codes, outside
  it as code page 437; alignment, bold, double size;
* QR codes stored and printed with ``GS ( k``; raster images (``GS v 0``); cuts;
* real-time status ``DLE EOT n`` (n = 1..4) answered at once, even when stalled,
  and ``GS r 1`` (paper sensor) answered only once the preceding data is printed —
  which is how a driver knows a job went through;
* paper state (OK / near end / out, optionally running out after N lines), cover
  open and cutter error, set by tests or the demo. While the paper is out or the
  cover is open the printer is offline and **drops** printable data (the receipt
  in progress is marked interrupted), as a kiosk printer's presenter would.

Receipts (content between cuts) are kept as :class:`DecodedReceipt` objects and
can be rendered to PNG. Only Pillow and qrcode are used; nothing of ours.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import socket
import threading
import tty
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


class PaperLevel(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"


@dataclass
class PrinterCondition:
    """What the emulated printer reports (and how it behaves)."""

    paper: PaperLevel = PaperLevel.OK
    cover_open: bool = False
    cutter_error: bool = False
    #: Run out of paper after printing this many more lines (None: never).
    lines_until_out: int | None = None

    @property
    def stalled(self) -> bool:
        return self.paper is PaperLevel.OUT or self.cover_open or self.cutter_error


# --- decoded content --------------------------------------------------------------


@dataclass
class TextLine:
    text: str
    align: str = "left"
    bold: bool = False
    width: int = 1
    height: int = 1


@dataclass
class QrSymbol:
    payload: bytes
    module_size: int = 3
    error_correction: str = "L"
    align: str = "left"

    @property
    def text(self) -> str:
        return self.payload.decode("utf-8", errors="replace")


@dataclass
class RasterImage:
    width: int
    height: int
    data: bytes  # packed rows, MSB first, 1 = black
    align: str = "left"

    def to_image(self) -> object:
        """A Pillow image (mode "1", black ink on white)."""
        from PIL import Image, ImageOps

        img = Image.frombytes("1", (self.width, self.height), self.data)
        return ImageOps.invert(img.convert("L")).convert("1")

    def ink(self) -> int:
        """Number of black dots."""
        return sum(bin(b).count("1") for b in self.data)


@dataclass
class Feed:
    lines: int = 1


@dataclass
class Cut:
    partial: bool = True


Element = TextLine | QrSymbol | RasterImage | Feed | Cut


@dataclass
class DecodedReceipt:
    """Everything printed up to (and including) a cut."""

    elements: list[Element] = field(default_factory=list)
    cut: bool = False
    #: The paper ran out or the cover opened while this receipt was printing.
    interrupted: bool = False

    @property
    def lines(self) -> list[str]:
        out = []
        for el in self.elements:
            if isinstance(el, TextLine):
                out.append(el.text)
            elif isinstance(el, RasterImage):
                out.append(f"[raster {el.width}x{el.height}]")
            elif isinstance(el, QrSymbol):
                out.append(f"[QR {el.text}]")
        return out

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def qr_codes(self) -> list[QrSymbol]:
        return [el for el in self.elements if isinstance(el, QrSymbol)]

    @property
    def rasters(self) -> list[RasterImage]:
        return [el for el in self.elements if isinstance(el, RasterImage)]

    def render_png(self, paper_dots: int = 576, font_path: Path = DEFAULT_FONT) -> bytes:
        """Draw the receipt as the printer would, as PNG bytes (white paper, black ink)."""
        return _render_png(self, paper_dots, font_path)


class _NeedMore(Exception):
    """The buffer ends in the middle of a command."""


_ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
_EC = {0x30: "L", 0x31: "M", 0x32: "Q", 0x33: "H"}


class EscPosMachine:
    """The printer: command decoder, print model and status. Thread-safe."""

    def __init__(
        self,
        paper_width_mm: int = 80,
        charset: str = "GB18030",
        chinese_at_power_up: bool = True,
    ) -> None:
        if charset not in ("GB18030", "GBK"):
            raise ValueError("charset must be GB18030 or GBK")
        self.paper_dots = 576 if paper_width_mm == 80 else 384
        self.charset = charset
        self.chinese_at_power_up = chinese_at_power_up
        self.condition = PrinterCondition()
        self.receipts: list[DecodedReceipt] = []
        #: Unknown or malformed commands, as "hex: reason" (a test asserts it is empty).
        self.errors: list[str] = []
        self.bytes_received = 0
        #: Elements (lines, images, codes) not printed because the printer was stalled.
        self.elements_dropped = 0
        self.status_queries = 0
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._buf = bytearray()
        self._reset_modes()

    # --- control (tests, demo) ------------------------------------------------
    def set_paper(self, level: PaperLevel | str, lines_until_out: int | None = None) -> None:
        with self._lock:
            self.condition.paper = PaperLevel(level)
            self.condition.lines_until_out = lines_until_out

    def set_cover_open(self, is_open: bool) -> None:
        with self._lock:
            self.condition.cover_open = is_open

    def set_cutter_error(self, error: bool) -> None:
        with self._lock:
            self.condition.cutter_error = error

    def wait_for_receipts(self, count: int, timeout: float = 5.0) -> list[DecodedReceipt]:
        """Block until ``count`` receipts have been cut (or timeout); return them all."""
        with self._changed:
            self._changed.wait_for(lambda: sum(r.cut for r in self.receipts) >= count, timeout)
            return list(self.receipts)

    def clear(self) -> None:
        with self._lock:
            self.receipts.clear()
            self.errors.clear()

    # --- decoding -------------------------------------------------------------
    def _reset_modes(self) -> None:
        self.chinese = self.chinese_at_power_up
        self.align = "left"
        self.bold = False
        self.width = 1
        self.height = 1
        self.qr_module = 3
        self.qr_ec = "L"
        self.qr_store = b""
        self._line: list[str] = []

    def feed(self, data: bytes) -> bytes:
        """Take bytes from the host; return what the printer sends back."""
        replies = bytearray()
        with self._changed:
            self.bytes_received += len(data)
            self._buf += data
            while self._buf:
                try:
                    used = self._step(replies)
                except _NeedMore:
                    break
                del self._buf[:used]
            self._changed.notify_all()
        return bytes(replies)

    def _need(self, n: int) -> None:
        if len(self._buf) < n:
            raise _NeedMore

    def _step(self, replies: bytearray) -> int:
        b = self._buf
        c = b[0]
        if c == 0x0A:
            self._flush_line()
            return 1
        if c in (0x0D, 0x00, 0x0C):
            return 1
        if c == 0x09:
            self._line.append(" ")
            return 1
        if c == 0x10:
            return self._dle(replies)
        if c == 0x1B:
            return self._esc()
        if c == 0x1D:
            return self._gs(replies)
        if c == 0x1C:
            return self._fs()
        if c < 0x20 or c == 0x7F:
            self._error(bytes([c]), "unknown control byte")
            return 1
        return self._printable()

    def _printable(self) -> int:
        b = self._buf
        c = b[0]
        if c < 0x80:
            self._line.append(chr(c))
            return 1
        if not self.chinese:
            self._line.append(bytes([c]).decode("cp437"))
            return 1
        if c == 0x80 or c == 0xFF:
            self._line.append("\ufffd")
            return 1
        self._need(2)
        if 0x30 <= b[1] <= 0x39:  # GB18030 four-byte code
            self._need(4)
            raw = bytes(b[:4])
            if self.charset == "GBK":
                self._line.append("\ufffd\ufffd")  # a GBK printer prints two garbage glyphs
            else:
                self._line.append(raw.decode("gb18030", errors="replace"))
            return 4
        raw = bytes(b[:2])
        self._line.append(raw.decode("gbk" if self.charset == "GBK" else "gb18030", "replace"))
        return 2

    def _dle(self, replies: bytearray) -> int:
        b = self._buf
        self._need(2)
        if b[1] == 0x04:  # DLE EOT n: real-time status
            self._need(3)
            replies.append(self._rt_status(b[2]))
            self.status_queries += 1
            return 3
        if b[1] == 0x05:  # DLE ENQ n: real-time request
            self._need(3)
            return 3
        if b[1] == 0x14:  # DLE DC4 fn …
            self._need(3)
            if b[2] == 1:
                self._need(5)
                return 5
            if b[2] == 8:
                self._need(10)
                self._buf_cleared()
                return 10
            return 3
        self._error(bytes(b[:2]), "unknown DLE command")
        return 2

    def _buf_cleared(self) -> None:
        self._line.clear()

    def _rt_status(self, n: int) -> int:
        cond = self.condition
        value = 0x12  # fixed bits 1 and 4
        if n == 1:
            if cond.stalled:
                value |= 0x08  # offline
        elif n == 2:
            if cond.cover_open:
                value |= 0x04
            if cond.paper is PaperLevel.OUT:
                value |= 0x20
            if cond.cutter_error:
                value |= 0x40
        elif n == 3:
            if cond.cutter_error:
                value |= 0x08
        elif n == 4:
            if cond.paper is PaperLevel.NEAR_END:
                value |= 0x0C
            elif cond.paper is PaperLevel.OUT:
                value |= 0x60
        return value

    def _esc(self) -> int:
        b = self._buf
        self._need(2)
        cmd = b[1]
        one_arg = {
            ord("a"),
            ord("E"),
            ord("!"),
            ord("d"),
            ord("J"),
            ord("t"),
            ord("-"),
            ord("M"),
            ord("3"),
            ord("G"),
            ord("R"),
            ord("V"),
            ord("{"),
            ord("="),
            ord("U"),
            ord(" "),
            ord("r"),
            ord("e"),
            ord("c"),
        }
        if cmd == ord("@"):
            self._flush_partial()
            self._reset_modes()
            return 2
        if cmd == ord("2"):
            return 2
        if cmd in one_arg:
            self._need(3)
            n = b[2]
            if cmd == ord("c"):  # ESC c 3/4/5 n
                self._need(4)
                return 4
            if cmd == ord("a"):
                self.align = _ALIGN.get(n, "left")
            elif cmd == ord("E"):
                self.bold = bool(n & 1)
            elif cmd == ord("!"):
                self.bold = bool(n & 0x08)
                self.height = 2 if n & 0x10 else 1
                self.width = 2 if n & 0x20 else 1
            elif cmd == ord("d"):
                self._flush_partial()
                self._emit(Feed(n))
            return 3
        if cmd == ord("$"):
            self._need(4)
            return 4
        if cmd == ord("p"):
            self._need(5)
            return 5
        if cmd == ord("B"):
            self._need(4)
            return 4
        if cmd == ord("D"):  # tab stops, NUL-terminated
            end = b.find(b"\x00", 2)
            if end < 0:
                raise _NeedMore
            return end + 1
        if cmd == ord("*"):  # legacy bit image
            self._need(5)
            m, n = b[2], b[3] | (b[4] << 8)
            size = n * (3 if m in (32, 33) else 1)
            self._need(5 + size)
            return 5 + size
        self._error(bytes(b[:2]), "unknown ESC command")
        return 2

    def _gs(self, replies: bytearray) -> int:
        b = self._buf
        self._need(2)
        cmd = b[1]
        if cmd == ord("!"):
            self._need(3)
            n = b[2]
            self.width = ((n >> 4) & 0x07) + 1
            self.height = (n & 0x07) + 1
            return 3
        if cmd == ord("V"):
            self._need(3)
            m = b[2]
            size = 4 if m in (65, 66, 97, 98, 103, 104) else 3
            self._need(size)
            self._flush_partial()
            self._cut(partial=m in (1, 49, 66, 98, 104))
            return size
        if cmd == ord("v"):  # GS v 0 m xL xH yL yH d…
            self._need(8)
            if b[2] != 0x30:
                self._error(bytes(b[:3]), "GS v: expected '0'")
                return 3
            xb = b[4] | (b[5] << 8)
            y = b[6] | (b[7] << 8)
            size = xb * y
            self._need(8 + size)
            self._flush_partial()
            self._emit(RasterImage(xb * 8, y, bytes(b[8 : 8 + size]), self.align))
            return 8 + size
        if cmd == ord("("):
            self._need(5)
            length = b[3] | (b[4] << 8)
            self._need(5 + length)
            if b[2] == ord("k"):
                self._two_d(bytes(b[5 : 5 + length]))
            return 5 + length
        if cmd == ord("r"):  # GS r n: non-real-time status (answered when printed)
            self._need(3)
            if not self.condition.stalled:
                level = self.condition.paper
                replies.append(0x03 if level is PaperLevel.NEAR_END else 0x00)
            self.status_queries += 1
            return 3
        if cmd == ord("I"):
            self._need(3)
            if not self.condition.stalled:
                replies += b"_KIOSK-EMU\x00"
            return 3
        if cmd in (ord("B"), ord("h"), ord("w"), ord("H"), ord("f"), ord("a"), ord("b")):
            self._need(3)
            return 3
        if cmd in (ord("L"), ord("W"), ord("P")):
            self._need(4)
            return 4
        if cmd == ord("k"):  # barcode
            self._need(3)
            m = b[2]
            if m <= 6:
                end = b.find(b"\x00", 3)
                if end < 0:
                    raise _NeedMore
                return end + 1
            self._need(4)
            self._need(4 + b[3])
            return 4 + b[3]
        if cmd == ord("8"):  # GS 8 L p1..p4 …
            self._need(7)
            length = b[3] | (b[4] << 8) | (b[5] << 16) | (b[6] << 24)
            self._need(7 + length)
            return 7 + length
        self._error(bytes(b[:2]), "unknown GS command")
        return 2

    def _two_d(self, body: bytes) -> None:
        if len(body) < 2 or body[0] != 0x31:
            return  # not a QR command (PDF417 etc.): accepted, not printed
        fn = body[1]
        if fn == 0x41:
            return  # model
        if fn == 0x43 and len(body) >= 3:
            self.qr_module = body[2]
        elif fn == 0x45 and len(body) >= 3:
            self.qr_ec = _EC.get(body[2], "L")
        elif fn == 0x50 and len(body) >= 3:
            self.qr_store = body[3:]
        elif fn == 0x51:
            self._flush_partial()
            self._emit(QrSymbol(self.qr_store, self.qr_module, self.qr_ec, self.align))

    def _fs(self) -> int:
        b = self._buf
        self._need(2)
        cmd = b[1]
        if cmd == ord("&"):
            self.chinese = True
            return 2
        if cmd == ord("."):
            self.chinese = False
            return 2
        if cmd in (ord("!"), ord("W"), ord("-"), ord("C"), ord("2")):
            self._need(3)
            if cmd == ord("!"):
                n = b[2]
                self.width = 2 if n & 0x04 else 1
                self.height = 2 if n & 0x08 else 1
            return 3
        if cmd in (ord("S"), ord("p")):
            self._need(4)
            return 4
        self._error(bytes(b[:2]), "unknown FS command")
        return 2

    # --- print model ------------------------------------------------------------
    def _error(self, raw: bytes, reason: str) -> None:
        self.errors.append(f"{raw.hex(' ')}: {reason}")
        log.debug("escpos emulator: %s (%s)", reason, raw.hex(" "))

    def _current(self) -> DecodedReceipt:
        last = self.receipts[-1] if self.receipts else None
        # A receipt interrupted by a stall is closed once the printer is back:
        # what follows (a re-print) is a new receipt.
        if last is None or last.cut or (last.interrupted and not self.condition.stalled):
            self.receipts.append(DecodedReceipt())
        return self.receipts[-1]

    def _emit(self, el: Element) -> None:
        cond = self.condition
        if cond.stalled:
            self.elements_dropped += 1
            self._current().interrupted = True
            return
        self._current().elements.append(el)
        if isinstance(el, TextLine | RasterImage | QrSymbol) and cond.lines_until_out is not None:
            cond.lines_until_out -= 1
            if cond.lines_until_out <= 0:
                cond.paper = PaperLevel.OUT
                cond.lines_until_out = None

    def _flush_line(self) -> None:
        text = "".join(self._line)
        self._line = []
        self._emit(TextLine(text, self.align, self.bold, self.width, self.height))

    def _flush_partial(self) -> None:
        if self._line:
            self._flush_line()

    def _cut(self, partial: bool) -> None:
        if self.condition.stalled:
            self._current().interrupted = True
            return
        receipt = self._current()
        receipt.elements.append(Cut(partial))
        receipt.cut = True


def decode(data: bytes, charset: str = "GB18030", paper_width_mm: int = 80) -> EscPosMachine:
    """Decode a byte stream offline (same decoder as the emulator); inspect ``.receipts``."""
    machine = EscPosMachine(paper_width_mm, charset)
    machine.feed(data)
    return machine


class EscPosEmulator(EscPosMachine):
    """The printer on a TCP port of 127.0.0.1 (and optionally a pseudo-terminal)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.host = host
        self._requested_port = port
        self._server: socket.socket | None = None
        self._conns: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._pty_fds: list[int] = []
        self.port = 0

    @property
    def uri(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    def start(self) -> EscPosEmulator:
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind((self.host, self._requested_port))
        srv.listen(4)
        self._server = srv
        self.port = srv.getsockname()[1]
        self._stopping.clear()
        t = threading.Thread(target=self._accept_loop, name="escpos-emu-accept", daemon=True)
        t.start()
        self._threads.append(t)
        return self

    def _accept_loop(self) -> None:
        srv = self._server
        assert srv is not None
        while not self._stopping.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            with self._lock:
                self._conns.add(conn)
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            t.start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                reply = self.feed(data)
                if reply:
                    conn.sendall(reply)
        except OSError:
            return
        finally:
            with self._lock:
                self._conns.discard(conn)
            with contextlib.suppress(OSError):
                conn.close()

    def attach_pty(self) -> str:
        """Also serve on a pseudo-terminal; returns the slave device path (serial port)."""
        master, slave = os.openpty()
        tty.setraw(slave)
        path = os.ttyname(slave)
        self._pty_fds += [master, slave]

        def pump() -> None:
            while not self._stopping.is_set():
                try:
                    data = os.read(master, 65536)
                except OSError:
                    return
                if not data:
                    return
                reply = self.feed(data)
                if reply:
                    with contextlib.suppress(OSError):
                        os.write(master, reply)

        t = threading.Thread(target=pump, name="escpos-emu-pty", daemon=True)
        t.start()
        self._threads.append(t)
        return path

    def drop_connections(self) -> None:
        """Close every open connection (a network printer rebooting)."""
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                conn.close()

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone does not.
            with contextlib.suppress(OSError):
                self._server.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                self._server.close()
            self._server = None
        self.drop_connections()
        for fd in self._pty_fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._pty_fds = []
        for t in self._threads:
            t.join(timeout=2)
        self._threads = []


# --- rendering ----------------------------------------------------------------------


def _render_png(receipt: DecodedReceipt, paper_dots: int, font_path: Path) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    fonts: dict[int, object] = {}

    def font(size: int) -> object:
        if size not in fonts:
            fonts[size] = ImageFont.truetype(str(font_path), size=size, index=0)
        return fonts[size]

    pieces: list[Image.Image] = []
    for el in receipt.elements:
        if isinstance(el, TextLine):
            h = 24 * el.height + 6
            img = Image.new("L", (paper_dots, h), 255)
            d = ImageDraw.Draw(img)
            f = font(22 * el.height)
            w = d.textlength(el.text, font=f)  # type: ignore[arg-type]
            x = {"left": 0.0, "center": (paper_dots - w) / 2, "right": paper_dots - w}[el.align]
            d.text(
                (max(0.0, x), 3),
                el.text,
                fill=0,
                font=f,  # type: ignore[arg-type]
                stroke_width=1 if el.bold else 0,
                stroke_fill=0,
            )
            pieces.append(img)
        elif isinstance(el, QrSymbol):
            import qrcode
            import qrcode.constants

            levels = {
                "L": qrcode.constants.ERROR_CORRECT_L,
                "M": qrcode.constants.ERROR_CORRECT_M,
                "Q": qrcode.constants.ERROR_CORRECT_Q,
                "H": qrcode.constants.ERROR_CORRECT_H,
            }
            q = qrcode.QRCode(
                error_correction=levels[el.error_correction],
                box_size=max(1, el.module_size),
                border=4,
            )
            q.add_data(el.payload)
            q.make(fit=True)
            sym = q.make_image().get_image().convert("L")
            img = Image.new("L", (paper_dots, sym.height), 255)
            offsets = {
                "left": 0,
                "center": (paper_dots - sym.width) // 2,
                "right": paper_dots - sym.width,
            }
            img.paste(sym, (max(0, offsets[el.align]), 0))
            pieces.append(img)
        elif isinstance(el, RasterImage):
            raster = el.to_image().convert("L")  # type: ignore[attr-defined]
            img = Image.new("L", (paper_dots, el.height), 255)
            img.paste(raster, (0, 0))
            pieces.append(img)
        elif isinstance(el, Feed):
            pieces.append(Image.new("L", (paper_dots, 30 * el.lines), 255))
        elif isinstance(el, Cut):
            img = Image.new("L", (paper_dots, 12), 255)
            d = ImageDraw.Draw(img)
            for x0 in range(0, paper_dots, 16):
                d.line([(x0, 6), (x0 + 8, 6)], fill=0, width=2)
            pieces.append(img)
    height = sum(p.height for p in pieces) + 20
    page = Image.new("L", (paper_dots, max(height, 40)), 255)
    y = 10
    for p in pieces:
        page.paste(p, (0, y))
        y += p.height
    out = io.BytesIO()
    page.save(out, format="PNG")
    return out.getvalue()
