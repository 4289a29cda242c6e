"""Mutation score per core module (mutmut 3), printed, never asserted.

Usage (slow: minutes per module; run it in the background, never from pytest)::

    .venv/bin/python bench/mutation.py                      # every module below
    .venv/bin/python bench/mutation.py kiosk/privacy.py     # one or more modules
    .venv/bin/python bench/mutation.py --max-children 2 --keep /tmp/mut
    .venv/bin/python bench/mutation.py --ref HEAD           # the last commit, not the tree

Why a wrapper and not a bare ``mutmut run``: mutmut writes a ``mutants/`` tree and
its state into the working directory, and seven people edit this checkout at once.
The wrapper copies the tree into a temporary directory (``--keep`` to choose and keep
it), narrows ``[tool.mutmut]`` of ``pyproject.toml`` to one module and the tests that
exercise it, runs mutmut there, and prints killed / survived / score per module with
the survivors named. Mutants listed in :data:`EQUIVALENT` (with the reason) are left
out of the score, and so are the mutants :func:`sql_case_only` recognises (below);
every other survivor, "no tests" included, counts against it.

SQL letter case. mutmut 3 mutates every string literal three ways: ``"XX" + s + "XX"``,
``s.lower()`` and ``s.upper()``. For an SQL statement the first breaks the syntax (and
is killed), but the other two change nothing: SQLite's keywords, table, column,
function and pragma names and pragma values are case-insensitive, and none of these
modules reads column names back (no ``row_factory``, no ``cursor.description``).
mutmut can only exclude whole lines (``do_not_mutate_patterns``, ``# pragma: no
mutate``), which would drop the real mutants on the same line (``rows = None``, a
swapped argument), so the wrapper does not exclude them: it recognises them. A
survivor counts as equivalent when its function differs from the original only in
the case of SQL string literals *outside* their single-quoted SQL strings
(``'created'`` → ``'CREATED'`` is a different value, and stays a survivor). Each is
printed as ``equivalent … SQL letter case``.

mutmut 3 mutates code inside functions and methods only: module-level constants
(``SW3_FOUND = 0x9F``, ``MAX_LEN``, the ``Cmd`` values, the baud table) are never
mutated by it. Those are pinned by the golden-frame tests instead
(tests/idcard/test_golden_frames.py, tests/data/ga467_golden.json).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).parent / "mutmut"
#: What the copy needs: the packages (mutmut copies whole source dirs so that the
#: tests can import the unmutated siblings), data, tests and the config.
COPY = ["kiosk", "drivers", "offline_queue", "printer_templates", "screens", "config", "tests"]


@dataclass(frozen=True)
class Target:
    """One module to mutate and the tests that are meant to kill its mutants."""

    module: str
    tests: tuple[str, ...]


TARGETS = [
    Target("kiosk/privacy.py", ("tests/privacy", "tests/foundation/test_logging_privacy.py")),
    Target(
        "drivers/idcard/protocol.py",
        (
            "tests/idcard/test_protocol.py",
            "tests/idcard/test_protocol_edges.py",
            "tests/idcard/test_golden_frames.py",
        ),
    ),
    Target(
        "drivers/smartcard_protocol.py",
        (
            "tests/smartcard/test_tlv.py",
            "tests/smartcard/test_card_protocol.py",
            "tests/smartcard/test_spec_records.py",
            "tests/smartcard/test_identity.py",
            "tests/smartcard/test_codec_edges.py",
            "tests/smartcard/test_apdu_exact.py",
        ),
    ),
    Target(
        "offline_queue/outbox.py",
        (
            "tests/queue/test_outbox.py",
            "tests/queue/test_outbox_reserve.py",
            "tests/queue/test_outbox_states.py",
        ),
    ),
    Target(
        "kiosk/services/receipt_codes.py",
        (
            "tests/qr/test_receipts.py",
            "tests/qr/test_receipt_code_format.py",
            "tests/qr/test_receipt_views.py",
            "tests/qr/test_receipt_lookup_edges.py",
        ),
    ),
    Target(
        "kiosk/payments/journal.py",
        ("tests/payments/test_journal.py", "tests/payments/test_journal_errors.py"),
    ),
]

#: Survivors no test can kill, by mutmut's name, with the reason. Names are stable
#: while the module's source is unchanged; a renamed survivor shows up as a survivor.
EQUIVALENT: dict[str, str] = {
    "drivers.idcard.protocol.x_checksum__mutmut_9": (
        'int.from_bytes(body, "big") -> int.from_bytes(body): "big" is the default since 3.11'
    ),
    "drivers.idcard.protocol.x__frame__mutmut_14": (
        'n.to_bytes(2, "big") -> n.to_bytes(2): "big" is the default since 3.11'
    ),
    "drivers.idcard.protocol.xǁFrameDecoderǁ_sync__mutmut_19": (
        "tail search from len(PREAMBLE)+1: a tail holding the whole preamble was found by find()"
    ),
    "drivers.idcard.protocol.xǁFrameDecoderǁ_sync__mutmut_31": (
        "return True without a preamble: the kept tail is shorter than the header, "
        "so next_frame returns None either way"
    ),
    "drivers.idcard.protocol.x__decode_exact__mutmut_4": (
        "len(frame) <= len(PREAMBLE): a 5-byte prefix of the preamble is the preamble, "
        "which the branch before already took"
    ),
    # --- offline_queue/outbox.py ---
    "offline_queue.outbox.xǁOutboxǁrecover__mutmut_50": (
        "unobservable here: fsync_dir of the blob folder only when temps AND orphans were "
        "removed; the fsync makes the unlinks survive a power cut, which no test simulates"
    ),
    "offline_queue.outbox.xǁOutboxǁclaim_due__mutmut_8": (
        'float("INF") for float("inf"): float() reads either case'
    ),
    "offline_queue.outbox.xǁOutboxǁ_truncate_wal__mutmut_6": (
        "checkpoint column 1 (WAL frames) for 0 (busy): 0 after a completed TRUNCATE, "
        "> 0 when a reader held it back (tested), so it is truthy exactly when busy is"
    ),
    # --- kiosk/privacy.py ---
    "kiosk.privacy.x_scrub_identifiers__mutmut_7": (
        "fold also when U+FF5F is present: it is not in the folding table, so folding "
        "changes nothing more"
    ),
    "kiosk.privacy.x_scrub_identifiers__mutmut_8": (
        "fold when any character != U+3000: folding a text without wide characters is "
        "the identity (the guard is a shortcut)"
    ),
    "kiosk.privacy.xǁSensitiveValuesǁscrub__mutmut_10": (
        "value not in text: the plain replace is a shortcut; the value's own pattern "
        "(each character's class holds the character) masks it right after"
    ),
    # --- drivers/smartcard_protocol.py ---
    "drivers.smartcard_protocol.x_read_record_by_id__mutmut_8": (
        "(sfi << 3) & 0xF9 for & 0xF8: sfi << 3 has its low three bits clear"
    ),
    "drivers.smartcard_protocol.x_parse_tlv__mutmut_35": (
        'int.from_bytes(..., "big") -> int.from_bytes(...): "big" is the default since 3.11'
    ),
    "drivers.smartcard_protocol.x_encode_tlv__mutmut_24": (
        'to_bytes(2, "big") -> to_bytes(2): "big" is the default since 3.11'
    ),
    "drivers.smartcard_protocol.x__strip_padding__mutmut_2": (
        "rstrip(b' ') -> lstrip(b' '): both callers strip() the decoded text, and a space "
        "byte is a space in ASCII and GBK (never a GBK trail byte)"
    ),
    "drivers.smartcard_protocol.x_decode_an__mutmut_6": 'codec "ascii" -> "ASCII": names are case-insensitive',
    "drivers.smartcard_protocol.x_decode_gbk__mutmut_6": 'codec "gbk" -> "GBK": names are case-insensitive',
    "drivers.smartcard_protocol.x_encode_field__mutmut_48": 'codec "gbk" -> "GBK": names are case-insensitive',
    "drivers.smartcard_protocol.x_encode_field__mutmut_51": 'codec "ascii" -> "ASCII": names are case-insensitive',
    "drivers.smartcard_protocol.x_decode_gbk__mutmut_14": (
        'replace("\\u3000", "") is unreachable: isprintable() is False for U+3000, so a '
        "name holding one was refused just before (reported, production code unchanged)"
    ),
    "drivers.smartcard_protocol.x_decode_gbk__mutmut_15": (
        'replace("\\u3000", "XXXX") is unreachable: see x_decode_gbk__mutmut_14'
    ),
    "drivers.smartcard_protocol.x_decode_cn__mutmut_5": (
        'rstrip("XXFXX"): hex().upper() never holds an "X", so only "F" is stripped either way'
    ),
    "drivers.smartcard_protocol.x_decode_date__mutmut_27": (
        "digits[6:9] for digits[6:8]: digits is the hex of 4 bytes, 8 characters long"
    ),
    "drivers.smartcard_protocol.x_encode_field__mutmut_36": (
        'pad with "f" for "F": bytes.fromhex accepts either case'
    ),
    "drivers.smartcard_protocol.x_encode_field__mutmut_37": (
        "more F padding (2L + len): the digits are cut to 2L right after"
    ),
    "drivers.smartcard_protocol.x_encode_field__mutmut_39": (
        "more F padding (3L - len): the digits are cut to 2L right after"
    ),
    "drivers.smartcard_protocol.x_read_social_security_card__mutmut_7": (
        "want_data=None for False on SELECT SSSE: both falsy, the only use is truthiness"
    ),
    "drivers.smartcard_protocol.x_read_social_security_card__mutmut_25": (
        "want_data=None for False on SELECT EF: both falsy, the only use is truthiness"
    ),
    "drivers.smartcard_protocol.x_read_social_security_card__mutmut_28": (
        "unobservable here: want_data True on SELECT EF matters only for a card answering "
        "it with 61xx; the virtual card (and the spec's command table) answer 9000, no FCI"
    ),
    "drivers.smartcard_protocol.x_read_social_security_card__mutmut_30": (
        "unobservable here: see x_read_social_security_card__mutmut_28"
    ),
    "drivers.smartcard_protocol.x_read_social_security_card__mutmut_18": (
        "current_file = None for 0: no record lives in a file 0 or None, the first is selected"
    ),
    "drivers.smartcard_protocol.x_read_social_security_card__mutmut_19": (
        "current_file = 1 for 0: no record lives in file 0001, the first is selected"
    ),
    "drivers.smartcard_protocol.x__decode__mutmut_24": (
        "date(): decode_date returns a date or None, so the isinstance guard never rejects"
    ),
    # --- kiosk/payments/journal.py ---
    "kiosk.payments.journal.xǁJournalǁcreate__mutmut_19": (
        "row key order_no -> ORDER_NO: the keys are only column names in the INSERT (SQL case)"
    ),
    "kiosk.payments.journal.xǁJournalǁcreate__mutmut_21": (
        "row key flow -> FLOW: the keys are only column names in the INSERT (SQL case)"
    ),
    "kiosk.payments.journal.xǁJournalǁcreate__mutmut_23": (
        "row key provider -> PROVIDER: the keys are only column names in the INSERT (SQL case)"
    ),
    "kiosk.payments.journal.xǁJournalǁcreate__mutmut_25": (
        "row key service_code -> SERVICE_CODE: the keys are only column names in the INSERT (SQL case)"
    ),
    "kiosk.payments.journal.xǁJournalǁcreate__mutmut_27": (
        "row key amount_fen -> AMOUNT_FEN: the keys are only column names in the INSERT (SQL case)"
    ),
    "kiosk.payments.journal.xǁJournalǁcreate__mutmut_29": (
        "row key currency -> CURRENCY: the keys are only column names in the INSERT (SQL case)"
    ),
    "kiosk.payments.journal.xǁJournalǁcreate__mutmut_31": (
        "row key subject -> SUBJECT: the keys are only column names in the INSERT (SQL case)"
    ),
    "kiosk.payments.journal.xǁJournalǁcreate__mutmut_33": (
        "row key business_ref -> BUSINESS_REF: the keys are only column names in the INSERT (SQL case)"
    ),
    "kiosk.payments.journal.xǁJournalǁcreate__mutmut_35": (
        "row key state -> STATE: the keys are only column names in the INSERT (SQL case)"
    ),
    "kiosk.payments.journal.xǁJournalǁcreate__mutmut_37": (
        "row key created_at -> CREATED_AT: the keys are only column names in the INSERT (SQL case)"
    ),
    "kiosk.payments.journal.xǁJournalǁcreate__mutmut_39": (
        "row key updated_at -> UPDATED_AT: the keys are only column names in the INSERT (SQL case)"
    ),
    "kiosk.payments.journal.xǁJournalǁapply__mutmut_32": (
        "set key state -> STATE: the keys are only column names in the UPDATE (SQL case)"
    ),
    "kiosk.payments.journal.xǁJournalǁapply__mutmut_34": (
        "set key updated_at -> UPDATED_AT: the keys are only column names in the UPDATE (SQL case)"
    ),
    "kiosk.payments.journal.xǁJournalǁ__init____mutmut_19": (
        "connect timeout dropped: PRAGMA busy_timeout = 30000 right after sets the handler"
    ),
    "kiosk.payments.journal.xǁJournalǁ__init____mutmut_23": (
        "connect timeout 31: PRAGMA busy_timeout = 30000 right after sets the handler"
    ),
    "kiosk.payments.journal.xǁJournalǁ__init____mutmut_20": (
        "isolation_level default: every write is an explicit BEGIN IMMEDIATE ... COMMIT, "
        "so sqlite3's implicit transactions never start"
    ),
    "kiosk.payments.journal.xǁJournalǁ_record__mutmut_5": (
        "zip strict=None: rows come from SELECT of exactly _COLUMNS, lengths always agree"
    ),
    "kiosk.payments.journal.xǁJournalǁ_record__mutmut_8": "zip strict dropped: see _record__mutmut_5",
    "kiosk.payments.journal.xǁJournalǁ_record__mutmut_9": "zip strict=False: see _record__mutmut_5",
    # --- kiosk/services/receipt_codes.py ---
    "kiosk.services.receipt_codes.x_parse_receipt_code__mutmut_30": (
        "keep_blank_values=None for False: both falsy (the default)"
    ),
    "kiosk.services.receipt_codes.x_parse_receipt_code__mutmut_32": (
        "keep_blank_values dropped: False is parse_qs's default"
    ),
    "kiosk.services.receipt_codes.x__from_outbox__mutmut_15": (
        "certificate_ready=False dropped: False is CaseView's default"
    ),
    "kiosk.services.receipt_codes.x__from_outbox__mutmut_16": (
        'updated_at="" dropped: "" is CaseView\'s default'
    ),
    "kiosk.services.receipt_codes.xǁReceiptLookupǁlookup__mutmut_5": (
        "local.acceptance_no never used: code.acceptance_no is None only when "
        "code.submission_id is set, and then the platform is asked by submission id"
    ),
    "kiosk.services.receipt_codes.xǁReceiptLookupǁlookup__mutmut_24": (
        "offline_reason = None after PlatformNotFound: that branch has a local row, "
        "so the outbox view is returned and the reason never shown"
    ),
    "kiosk.services.receipt_codes.xǁReceiptLookupǁ_local__mutmut_3": (
        "list(None) for list(ACKNOWLEDGED): only mark_acknowledged sets acceptance_no, "
        "so rows of other states never match"
    ),
    "kiosk.services.receipt_codes.xǁReceiptLookupǁ_local__mutmut_5": (
        "list() for list(ACKNOWLEDGED): see _local__mutmut_3"
    ),
    "kiosk.services.receipt_codes.xǁReceiptLookupǁ_local__mutmut_7": (
        "limit 100,001 for 100,000: differs only past 100,000 acknowledged tombstones"
    ),
}


#: A string literal that is SQL (whole statements or the fragments the code appends).
_SQL_START = re.compile(
    r"\s*\(?\s*(select|insert|update|delete|create|alter|drop|pragma|begin|commit|rollback"
    r"|where|and|or|order|group|from|values|set|limit)\b",
    re.I,
)
_SQL_QUOTED = re.compile(r"('(?:[^']|'')*')")
SQL_CASE = "SQL letter case: SQLite keywords, identifiers and pragma values are case-insensitive"


def _sql_fold(text: str) -> str:
    """``text`` lowered outside its single-quoted SQL strings (those keep their case)."""
    parts = _SQL_QUOTED.split(text)
    return "".join(p if i % 2 else p.lower() for i, p in enumerate(parts))


class _FoldSql(ast.NodeTransformer):
    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        if isinstance(node.value, str) and _SQL_START.match(node.value):
            return ast.Constant(_sql_fold(node.value))
        return node


def sql_case_only(original: str, mutant: str) -> bool:
    """True when two function sources differ only in the letter case of SQL (see above)."""
    trees = [_FoldSql().visit(ast.parse(textwrap.dedent(src))) for src in (original, mutant)]
    for tree in trees:
        fn = tree.body[0]
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            fn.name = "f"
    return ast.dump(trees[0]) == ast.dump(trees[1])


def _function_sources(mutated_file: Path) -> dict[str, str]:
    """Every function of mutmut's mutated copy of a module, by name (``x…__mutmut_N``)."""
    src = mutated_file.read_text(encoding="utf-8")
    lines = src.splitlines()
    return {
        node.name: "\n".join(lines[node.lineno - 1 : node.end_lineno])
        for node in ast.walk(ast.parse(src))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def _sql_case_survivors(workdir: Path, module: str, names: list[str]) -> set[str]:
    funcs = _function_sources(workdir / "mutants" / module)
    found = set()
    for name in names:
        fn = name.rsplit(".", 1)[1]
        original = funcs.get(fn.rsplit("__mutmut_", 1)[0] + "__mutmut_orig")
        mutant = funcs.get(fn)
        if original and mutant and sql_case_only(original, mutant):
            found.add(name)
    return found


@dataclass
class Score:
    module: str
    total: int
    killed: int
    survived: list[str]
    equivalent: list[str]
    no_tests: int
    timeout: int
    seconds: float

    @property
    def counted(self) -> int:
        return self.total - len(self.equivalent)

    @property
    def score(self) -> float:
        return (self.killed + self.timeout) / self.counted if self.counted else 0.0


def _narrowed_config(text: str, target: Target) -> str:
    """``pyproject.toml`` with ``[tool.mutmut]`` limited to ``target``."""
    section = (
        "[tool.mutmut]\n"
        'source_paths = ["kiosk", "drivers", "offline_queue", "printer_templates"]\n'
        f"only_mutate = {json.dumps([target.module])}\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(list(target.tests))}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider"]\n'
        'also_copy = ["config", "screens"]\n'
    )
    pattern = re.compile(r"^\[tool\.mutmut\]\n(?:(?!^\[).*\n?)*", re.M)
    if pattern.search(text):
        return pattern.sub(section + "\n", text)
    return text + "\n" + section


def prepare(workdir: Path, target: Target, ref: str | None) -> None:
    """Copy the tree (the working tree, or commit ``ref``) and narrow its mutmut config."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    if ref is None:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "translations", "screenshots")
        for name in COPY:
            shutil.copytree(ROOT / name, workdir / name, ignore=ignore)
        text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    else:
        # A commit, not the working tree: others' half-done edits cannot spoil the run.
        archive = subprocess.run(
            ["git", "archive", ref, *COPY, "pyproject.toml"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(workdir)], input=archive.stdout, check=True)
        text = (workdir / "pyproject.toml").read_text(encoding="utf-8")
    (workdir / "pyproject.toml").write_text(_narrowed_config(text, target), encoding="utf-8")


def run_one(
    target: Target, workdir: Path, max_children: int, ref: str | None, *, rerun: bool = True
) -> Score:
    t0 = time.monotonic()
    log = workdir / "mutmut-run.log"
    if rerun:
        prepare(workdir, target, ref)
        with log.open("w") as out:
            subprocess.run(
                [str(MUTMUT), "run", "--max-children", str(max_children)],
                cwd=workdir,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
    seconds = time.monotonic() - t0
    subprocess.run(
        [str(MUTMUT), "export-cicd-stats"], cwd=workdir, capture_output=True, check=False
    )
    stats_file = workdir / "mutants" / "mutmut-cicd-stats.json"
    if not stats_file.exists():
        tail = log.read_text(errors="replace")[-2000:]
        raise SystemExit(f"mutmut produced no results for {target.module}:\n{tail}")
    stats = json.loads(stats_file.read_text())
    checked = sum(stats[k] for k in ("killed", "survived", "no_tests", "timeout", "suspicious"))
    if checked == 0:
        # mutmut stops when the unmutated tests fail ("failed to collect stats").
        tail = log.read_text(errors="replace")[-2000:]
        raise SystemExit(f"mutmut checked no mutant of {target.module}; its log ends:\n{tail}")
    listing = subprocess.run(
        [str(MUTMUT), "results"], cwd=workdir, capture_output=True, text=True, check=False
    ).stdout
    alive = []
    for line in listing.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if status in ("survived", "no tests", "suspicious"):
            alive.append(name)
    sql_case = _sql_case_survivors(
        workdir, target.module, [n for n in alive if n not in EQUIVALENT]
    )
    equivalent = [n for n in alive if n in EQUIVALENT or n in sql_case]
    return Score(
        module=target.module,
        total=stats["total"] - stats["skipped"],
        killed=stats["killed"] + stats["segfault"],
        survived=[n for n in alive if n not in equivalent],
        equivalent=equivalent,
        no_tests=stats["no_tests"],
        timeout=stats["timeout"],
        seconds=seconds,
    )


def report(scores: list[Score]) -> None:
    print(
        f"{'module':36} {'mutants':>7} {'killed':>6} {'alive':>5} {'equiv':>5} {'score':>6}  time"
    )
    for s in scores:
        print(
            f"{s.module:36} {s.total:7d} {s.killed + s.timeout:6d} {len(s.survived):5d} "
            f"{len(s.equivalent):5d} {s.score:6.1%}  {s.seconds:.0f} s"
        )
    for s in scores:
        for name in s.survived:
            print(f"  survived  {name}")
        for name in s.equivalent:
            print(f"  equivalent  {name}: {EQUIVALENT.get(name, SQL_CASE)}")
    print("target: >= 90% per module (printed, not asserted)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="paths as in TARGETS (default: all)")
    parser.add_argument("--max-children", type=int, default=1, help="parallel mutmut workers")
    parser.add_argument("--keep", type=Path, help="work here and keep it (default: a temp dir)")
    parser.add_argument("--ref", help="mutate this commit (e.g. HEAD) instead of the working tree")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="score the results already in --keep again (after editing EQUIVALENT), no run",
    )
    args = parser.parse_args(argv)
    if args.report_only and args.keep is None:
        parser.error("--report-only needs --keep DIR")

    configured = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    missing = [t.module for t in TARGETS if t.module not in configured["only_mutate"]]
    if missing:
        raise SystemExit(f"not in [tool.mutmut] only_mutate of pyproject.toml: {missing}")
    chosen = [t for t in TARGETS if not args.modules or t.module in args.modules]
    unknown = set(args.modules) - {t.module for t in TARGETS}
    if unknown:
        raise SystemExit(f"unknown modules: {sorted(unknown)}")

    base = args.keep or Path(tempfile.mkdtemp(prefix="kiosk-mutation-"))
    scores = []
    try:
        for target in chosen:
            work = base / target.module.replace("/", "_").removesuffix(".py")
            scores.append(
                run_one(target, work, args.max_children, args.ref, rerun=not args.report_only)
            )
            report(scores[-1:])
    finally:
        if args.keep is None:  # never with --report-only
            shutil.rmtree(base, ignore_errors=True)
    if len(scores) > 1:
        print()
        report(scores)


if __name__ == "__main__":
    main()
