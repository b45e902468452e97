"""Fuzzing templates and data files: whatever comes in, dlxh answers or fails cleanly.

Hypothesis builds template texts from a vocabulary of Jinja tags, expressions, filters and
attribute names (harmless and hostile ones mixed) and data files from random structures and
from corrupted copies of an example. Each example runs within small render limits, so the whole
module stays within a few tens of seconds in CI. "Clean" means: a result, or a
:class:`~dlxh.errors.DlxhError` (whose message CLI users see); never another exception.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlxh import Document
from dlxh.errors import DlxhError
from dlxh.io import loads
from dlxh.templating import Template
from dlxh.templating.limits import Limits, render_limits

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples" / "documents" / "01-huong-dan-dlxh-2026.yaml").read_text()
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LIMITS = Limits(max_steps=20_000, timeout=5, max_value=50_000, max_created=500_000)


def _blank() -> bytes:
    document = docx.Document()
    document.add_paragraph("PLACEHOLDER")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BLANK = _blank()

NAMES = ["x", "rows", "doc", "n", "s", "f", "loop", "self", "cycler", "namespace", "range"]
ATTRIBUTES = [
    "name", "n", "items", "upper", "split", "join", "replace", "__class__", "__globals__",
    "__init__", "__subclasses__", "mro", "parse_raw", "model_fields", "model_dump", "format",
    "copy", "append", "pop", "update", "index", "year", "isoformat", "strftime", "label",
]  # fmt: skip
LITERALS = ["0", "1", "-1", "99999", "10**9", "9**99", "'a'", "'{_{'", "'<&>'", "[1, 2]",
            "{'a': 1}", "none", "true", "()", "''", "'x' * 99"]  # fmt: skip
FILTERS = ["upper", "length", "join(',')", "center(99999)", "replace('', 'ab')", "list", "sum",
           "batch(3)", "attr('__class__')", "format(1)", "indent(8)", "int", "string", "first",
           "map(attribute='n')", "tojson", "wordwrap(5)", "date", "number", "words"]  # fmt: skip
OPERATORS = ["+", "-", "*", "**", "/", "//", "%", "~", "==", "and", "in"]


def _expressions() -> st.SearchStrategy[str]:
    atom = st.one_of(st.sampled_from(NAMES), st.sampled_from(LITERALS))

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(ATTRIBUTES)).map(lambda t: f"{t[0]}.{t[1]}"),
            st.tuples(inner, st.sampled_from(ATTRIBUTES)).map(lambda t: f"{t[0]}['{t[1]}']"),
            st.tuples(inner, st.sampled_from(FILTERS)).map(lambda t: f"({t[0]} | {t[1]})"),
            st.tuples(inner, st.sampled_from(OPERATORS), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            st.tuples(inner, st.lists(inner, max_size=2)).map(
                lambda t: f"{t[0]}({', '.join(t[1])})"
            ),
        )

    return st.recursive(atom, extend, max_leaves=6)


def _template_texts() -> st.SearchStrategy[str]:
    expression = _expressions()
    piece = st.one_of(
        expression.map(lambda e: "{{ " + e + " }}"),
        st.tuples(st.sampled_from(NAMES[:5]), expression).map(
            lambda t: "{% for " + t[0] + " in " + t[1] + " %}{{ " + t[0] + " }}{% endfor %}"
        ),
        expression.map(lambda e: "{% if " + e + " %}yes{% else %}no{% endif %}"),
        st.tuples(st.sampled_from(NAMES[:5]), expression).map(
            lambda t: "{% set " + t[0] + " = " + t[1] + " %}"
        ),
        st.sampled_from(["{%", "}}", "{{", "{% endfor %}", "{# x", "{_{", "%_}", "text", "&"]),
        st.text(max_size=8),
    )
    return st.lists(piece, min_size=1, max_size=5).map("".join)


def _docx(text: str) -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(BLANK)) as source, zipfile.ZipFile(out, "w") as dest:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"PLACEHOLDER", escaped.encode("utf-8", "surrogatepass"))
            dest.writestr(info.filename, data)
    return out.getvalue()


CONTEXT: dict[str, Any] = {
    "x": "Văn bản",
    "rows": [{"n": 1, "name": "a"}, {"n": 2, "name": "b"}],
    "n": 3,
    "s": "a,b",
    "f": len,
}


@FUZZ
@given(_template_texts())
def test_any_template_renders_or_fails_cleanly(text: str) -> None:
    try:
        data = _docx(text)
    except UnicodeEncodeError:  # a lone surrogate cannot be in a file at all
        return
    try:
        template = Template.from_bytes(data, "fuzz.docx")
        with render_limits(LIMITS):
            output = template.render(CONTEXT)
    except DlxhError:
        return
    with zipfile.ZipFile(io.BytesIO(output)) as archive:
        assert archive.testzip() is None


def _structures() -> st.SearchStrategy[Any]:
    scalar = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True),
        st.text(max_size=20),
        st.sampled_from(["2026-01-05", "Số 05", "dang", "nha-nuoc", "hd", "x" * 300, "9" * 5000]),
    )
    return st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(
                st.sampled_from(["type", "number", "date", "issuer", "signer", "body", "name"])
                | st.text(max_size=8),
                inner,
                max_size=5,
            ),
        ),
        max_leaves=20,
    )


@FUZZ
@given(_structures())
def test_any_json_document_loads_or_fails_cleanly(data: Any) -> None:
    try:
        text = json.dumps(data)
    except ValueError:
        return
    message = ""
    try:
        loads(text, Document, format="json")
    except DlxhError as error:
        message = str(error)
    assert len(message) < 20_000


@FUZZ
@given(st.data())
def test_corrupted_yaml_loads_or_fails_cleanly(data: st.DataObject) -> None:
    text = EXAMPLE
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 20))
        insert = data.draw(
            st.sampled_from(
                ["&a ", "*a", "!!set ", "!!python/object:os.system ", "<<: *a\n", "{", "]",
                 ": :", "\t", "\x00", "9" * 5000, "'", '"', "- ", "\n  ", "---\n", "%YAML 1.1\n",
                 "!!binary AAAA", "? ", "|\n", "!!timestamp x", "&b [*b]"]
            )
        )  # fmt: skip
        text = text[:at] + insert + text[at + cut :]
    message = ""
    try:
        loads(text, Document, format="yaml")
    except DlxhError as error:
        message = str(error)
    assert len(message) < 20_000
