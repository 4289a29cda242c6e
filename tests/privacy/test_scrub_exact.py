"""scrub_identifiers and the newer maskers, output for output (issue 25, mutation score).

Each case is what a log line becomes, exactly: the masking rule of each identifier
(kept prefix and suffix, number of stars), the separators dropped before masking,
full-width input folded first, numbers already masked left alone.
"""

from __future__ import annotations

import hashlib

import pytest

from kiosk.privacy import mask_case_token, mask_document_number, scrub_identifiers

CASES = [
    ("ID 110101199001010015 end", "ID 110101********0015 end"),
    ("ID １１０１０１１９９００１０１００１５", "ID 110101********0015"),
    # Spaces are dropped before masking: 8 stars, as for the unspaced number.
    ("ID\u3000110101 19900101 0015", "ID 110101********0015"),
    ("ID 1101\t0119\t9001\t0100\t15", "ID 110101********0015"),
    ("USA110101900101", "USA110*****0101"),
    ("tel 138 0013 8000", "tel 138****8000"),
    ("tel +86-138-0013-8000", "tel +86****8000"),
    ("tel 0591-87654321", "tel 059****4321"),
    ("pp E12345678", "pp E******78"),
    ("pp EA1234567", "pp E******67"),
    ("台胞证号码：12345678", "台胞证号码:1*****78"),
    ("permit no. 0123456789", "permit no. 0*******89"),
    ("证件号：E1234****", "证件号:E1234****"),  # already masked: kept as it is
    ("case 01JD3Q8V7X4M2N6P8R0S2T4V6W ok", "case 01JD3Q8V7X…#07f9 ok"),
    # Folding: the first and last full-width characters, the ideographic space alone.
    ("！", "!"),
    ("～", "~"),
    ("a\u3000b", "a b"),
    ("ＡＢＣ", "ABC"),
]


@pytest.mark.parametrize(("written", "logged"), CASES, ids=[c[0] for c in CASES])
def test_scrub_identifiers_exactly(written: str, logged: str) -> None:
    assert scrub_identifiers(written) == logged


def test_mask_case_token_keeps_the_time_and_a_short_hash() -> None:
    assert mask_case_token("01JD3Q8V7X4M2N6P8R0S2T4V6W") == "01JD3Q8V7X…#07f9"
    other = "01JD3Q8V7X4M2N6P8R0S2T4V6X"  # same time prefix: only the hash tells them apart
    assert mask_case_token(other) == "01JD3Q8V7X…#" + hashlib.sha256(other.encode()).hexdigest()[:4]
    assert mask_case_token(other) != mask_case_token("01JD3Q8V7X4M2N6P8R0S2T4V6W")


@pytest.mark.parametrize(
    ("value", "masked"),
    [("", ""), ("E12", "***"), ("E123", "****"), ("E1234", "E**34"), (" E12345678 ", "E******78")],
)
def test_mask_document_number_at_its_boundaries(value: str, masked: str) -> None:
    assert mask_document_number(value) == masked
