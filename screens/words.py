"""Chinese word boundaries for wrapping tile names (never break a word mid-way).

Forward maximum matching over pypinyin's phrase list (46,634 words of 2-5
characters; pypinyin is already a dependency) plus the words of government service
names that list lacks. Good enough to wrap a service name between words; not a
general segmenter.

Only the words are read, straight from pypinyin's ``phrases_dict.json``, without
importing pypinyin: its import builds the phrase and character dictionaries with
their readings and keeps them (+55 MB resident, 345 ms), for a word list that
takes 6 MB and 66 ms (issue 18).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

#: Words of service names that pypinyin's phrase list does not hold (or splits badly).
SERVICE_WORDS = frozenset(
    {
        "无犯罪",
        "社保卡",
        "医保",
        "公积金",
        "居住证",
        "身份证",
        "户口簿",
        "不动产",
        "临时",
        "挂失",
        "补办",
        "证明",
        "查询",
        "打印",
        "登记",
        "申领",
        "缴费",
        "参保",
        "缴存",
        "提取",
        "养老",
        "暂住",
        "营业执照",
        "记录",
        "住房",
        "补贴",
        "享受",
        "未享受",
        "居住",
        "年限",
        "开具",
        "变更",
        "申请",
        "办理",
        "信息",
        "个人",
        "转移",
        "接续",
        "生育",
        "津贴",
        "退休",
        "失业",
        "保险",
        "就业",
        "创业",
        "出生",
        "婚姻",
        "状况",
        "学历",
        "认证",
        "预约",
        "进度",
    }
)
MAX_WORD = 5


#: A key of phrases_dict.json (``"词语": [["cí"], ["yǔ"]]``): the phrase, 2 to MAX_WORD long.
_PHRASE_KEY = re.compile(r'"([^"\\]{2,' + str(MAX_WORD) + r'})":\s*\[')


#: The word list extracted once (``python -m screens.words``, run by install.sh): one
#: word a line after a header naming the JSON file it came from. Reading it takes
#: 8 ms; finding the words in the 5 MB JSON again took 40-50 ms, on the UI thread
#: when the first tile needed wrapping (issue 18).
WORD_LIST = Path(__file__).with_name("words.txt")


def _phrases_json() -> Path | None:
    spec = importlib.util.find_spec("pypinyin")  # finds the package; does not import it
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "phrases_dict.json"
        if path.is_file():
            return path
    return None


def _json_words(path: Path) -> set[str]:
    return set(_PHRASE_KEY.findall(path.read_text(encoding="utf-8")))


def _source_tag(path: Path) -> str:
    st = path.stat()
    return f"# from {path.name} {st.st_size} {st.st_mtime_ns}"


def _phrases() -> frozenset[str]:
    path = _phrases_json()
    if path is None:
        # A pypinyin without the JSON file: its module (and its resident dictionaries).
        from pypinyin.phrases_dict import phrases_dict

        return frozenset(w for w in phrases_dict if 2 <= len(w) <= MAX_WORD)
    try:
        header, _, words = WORD_LIST.read_text(encoding="utf-8").partition("\n")
    except OSError:
        header = words = ""
    if header == _source_tag(path):
        return frozenset(words.splitlines())
    # No list, or one from another pypinyin: the JSON itself (same words, slower).
    return frozenset(_json_words(path))


def write_word_list(target: Path = WORD_LIST) -> int:
    """Extract pypinyin's phrases into ``target`` for quick loading; the number written."""
    path = _phrases_json()
    if path is None:
        return 0
    words = sorted(_json_words(path))
    tmp = target.with_suffix(".tmp")
    tmp.write_text(_source_tag(path) + "\n" + "\n".join(words) + "\n", encoding="utf-8")
    tmp.replace(target)
    return len(words)


class Lexicon:
    """A word set kept compact: the words of each first character in one string.

    A frozenset of the 46,634 words held 5.5 MB for the life of the process
    (traced with tracemalloc, issue 18); one ``"\\n"``-joined string per first
    character holds the same words in about 1 MB, and a lookup scans a bucket
    of a few dozen words.
    """

    def __init__(self, words: Iterable[str]) -> None:
        buckets: dict[str, list[str]] = {}
        for w in words:
            if w:
                buckets.setdefault(w[0], []).append(w)
        self._buckets = {c: "\n" + "\n".join(ws) + "\n" for c, ws in buckets.items()}
        self._count = sum(len(ws) for ws in buckets.values())

    def __len__(self) -> int:
        return self._count

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word or "\n" in word:
            return False  # a newline would match across two neighbours of a bucket
        bucket = self._buckets.get(word[0])
        return bucket is not None and f"\n{word}\n" in bucket


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    return Lexicon(_phrases() | SERVICE_WORDS)


def warm_up() -> None:
    """Load the word list now (a worker thread calls this after the first paint)."""
    _lexicon()


def segment(text: str, longest: int = MAX_WORD) -> list[str]:
    """Split ``text`` into words (longest match first); other characters stand alone."""
    lex = _lexicon()
    out: list[str] = []
    i = 0
    while i < len(text):
        for n in range(min(longest, len(text) - i), 1, -1):
            if text[i : i + n] in lex:
                out.append(text[i : i + n])
                i += n
                break
        else:
            out.append(text[i])
            i += 1
    return out


def wrap_words(text: str, per_line: int) -> list[str]:
    """Lines of at most ``per_line`` characters, broken only between words.

    A single word longer than a line is the only thing ever cut.
    """
    lines: list[str] = []
    line = ""
    words: list[str] = []
    for word in segment(text):
        # A compound longer than a line is split into its own shorter words.
        words.extend(segment(word, per_line) if len(word) > per_line else [word])
    for word in words:
        if line and len(line) + len(word) > per_line:
            lines.append(line)
            line = ""
        while len(word) > per_line:
            lines.append(word[:per_line])
            word = word[per_line:]
        line += word
    if line:
        lines.append(line)
    return lines


if __name__ == "__main__":
    print(f"screens/words.txt: {write_word_list()} words")
