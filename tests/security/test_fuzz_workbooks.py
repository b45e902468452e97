"""Fuzzing the survey importers: whatever a CSV or an .xlsx holds, they answer or fail cleanly.

Hypothesis edits the XML parts of a small valid workbook with snippets that have broken
openpyxl or its parsers (DTDs, comments, wide cells, long numbers, bad references, other
encodings), flips bytes of the zipped file, and writes CSV text from a hostile alphabet.
"Clean" means a result or a :class:`~dlxh.errors.DlxhError`, never another exception. The
examples are few and small, so the module runs in seconds.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_xlsx_inputs import FORM, RESPONSES, _parts

from dlxh.errors import DlxhError
from dlxh.survey import read_responses
from dlxh.survey.xlsform import read_xlsform

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SNIPPETS = [
    '<!DOCTYPE x [<!ENTITY e "b">]>',
    "<!--",
    "-->",
    "<?pi?>",
    "&e;",
    "&amp;",
    '<row r="2">',
    "</row>",
    '<c r="XFD9"/>',
    '<c r="A0"><v>1</v></c>',
    '<c r="ZZZZZZ1"><v>1</v></c>',
    '<c r="B2" t="s"><v>99</v></c>',
    '<c r="B2" t="n"><v>' + "9" * 5_000 + "</v></c>",
    '<c r="B2" t="d"><v>not a date</v></c>',
    '<c r="B2" t="e"><v>#N/A</v></c>',
    '<dimension ref="A1:A2"/>',
    '<?xml version="1.0" encoding="UTF-16"?>',
    "\x00",
    "\ufeff",
    "<",
    ">",
    '"',
]


def _mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    for position, cut, snippet in edits:
        at = position % (len(text) + 1)
        text = text[:at] + snippet + text[at + cut % 8 :]
    return text


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _answers(data: bytes, suffix: str, form: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(DlxhError):
            read_xlsform(path) if form else read_responses(path)


edits = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 7), st.sampled_from(SNIPPETS)),
    min_size=1,
    max_size=4,
)


@FUZZ
@given(form=st.booleans(), part=st.integers(0, 20), changes=edits, encode_utf16=st.booleans())
def test_edited_workbook_parts_fail_cleanly(
    form: bool, part: int, changes: list[tuple[int, int, str]], encode_utf16: bool
) -> None:
    parts = _parts(FORM if form else {"Sheet1": RESPONSES}, None if form else ["q1"])
    names = sorted(parts)
    name = names[part % len(names)]
    text = _mutate(parts[name], changes)
    encoded = {key: value.encode("utf-8") for key, value in parts.items()}
    encoded[name] = text.encode("utf-16" if encode_utf16 else "utf-8", "surrogatepass")
    _answers(_zip(encoded), ".xlsx", form)


@FUZZ
@given(
    form=st.booleans(),
    flips=st.lists(st.tuples(st.integers(0, 100_000), st.integers(1, 255)), max_size=6),
    cut=st.integers(0, 100_000),
)
def test_damaged_workbook_bytes_fail_cleanly(
    form: bool, flips: list[tuple[int, int]], cut: int
) -> None:
    parts = _parts(FORM if form else {"Sheet1": RESPONSES}, None if form else ["q1"])
    data = bytearray(_zip({key: value.encode() for key, value in parts.items()}))
    for position, mask in flips:
        data[position % len(data)] ^= mask
    if cut % 3 == 0:
        data = data[: cut % len(data)]
    _answers(bytes(data), ".xlsx", form)


@FUZZ
@given(
    pieces=st.lists(
        st.sampled_from([*',;\t|"\n\r x1.9-e\ufeff\x00', "sep=;", "9" * 5_000]), max_size=60
    ),
    encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]),
)
def test_any_csv_fails_cleanly(pieces: list[str], encoding: str) -> None:
    _answers("".join(pieces).encode(encoding, "replace"), ".csv", False)
