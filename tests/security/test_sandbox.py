"""Hostile templates: escapes to Python, calls that do things, and work without bound.

Every payload must end in a :class:`~dlxh.errors.TemplateError` (or, for the lower layer, a
Jinja ``SecurityError``) and must leave no trace: the payloads that would run code try to create
a marker file, and the tests assert it never appears.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pickle
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jinja2.exceptions import SecurityError
from pydantic import BaseModel

from cli_runner import run
from dlxh import Document, load, load_dataset
from dlxh.errors import TemplateError
from dlxh.profiles import get_profile
from dlxh.render import document_context, render_document
from dlxh.templating import Template
from dlxh.templating.environment import make_environment
from dlxh.templating.limits import Limits, RenderLimitError, render_limits
from dlxh.templating.sandbox import attribute_allowed, template_callable

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "documents" / "01-huong-dan-dlxh-2026.yaml"
SHIPPED = ROOT / "templates" / "dang" / "van-ban.docx"


class _Touch:
    """Unpickling this runs ``open(path, 'w')``: proof that code ran."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (self.path, "w"))


@pytest.fixture
def document() -> Document:
    return load(EXAMPLE, Document)


@pytest.fixture
def marker(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pwned"
    yield path
    assert not path.exists(), "a template payload ran code"


def docx_with(text: str, base: Path = SHIPPED) -> bytes:
    """The shipped template with one more paragraph holding ``text`` (XML-escaped)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    paragraph = f'<w:p><w:r><w:t xml:space="preserve">{escaped}</w:t></w:r></w:p>'
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode()
                at = xml.rindex("<w:sectPr")
                data = (xml[:at] + paragraph + xml[at:]).encode()
            dest.writestr(info.filename, data)
    return out.getvalue()


def render_text(source: str, **context: Any) -> str:
    return str(make_environment().from_string(source).render(**context))


# -- escapes to Python -------------------------------------------------------------------------

ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''|attr('__class__') }}",
    "{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{{ (''|attr('__class__')) }}",
    "{{ [1]|map(attribute='__class__')|list }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ range.__globals__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ dict.__base__.__subclasses__() }}",
    "{{ 'a{0.__class__}'.format(1) }}",
    "{{ '{0}'.format_map({}) }}",
    "{{ document.__class__ }}",
    "{{ document.signer.parse_raw('{}') }}",
    "{{ document.signer.parse_file('/etc/passwd') }}",
    "{{ document.model_validate_json('{}') }}",
    "{{ document.model_validate({}) }}",
    "{{ document.model_fields }}",
    "{{ document['model_fields'] }}",
    "{{ document|attr('model_fields') }}",
    "{{ document.model_config }}",
    "{{ document.model_json_schema() }}",
    "{{ document.model_copy() }}",
    "{{ document.model_dump() }}",
    "{{ document.model_construct() }}",
    "{{ document.schema_json() }}",
    "{{ document.copy() }}",
    "{{ document.dict() }}",
    "{{ document.json() }}",
    "{{ document.type.__class__ }}",
    "{{ document.type.code }}",
    "{{ document.date.today() }}",
    "{{ document.date.fromisoformat('2026-01-01') }}",
    "{{ document.date.__class__ }}",
    "{{ document.issuer.model_fields_set }}",
    "{{ 'x'.encode() }}",
    "{{ 'x'.center(5) }}",
    "{{ [1, 2].append(3) }}",
    "{{ {'a': 1}.update({'b': 2}) }}",
    "{{ {'a': 1}.pop('a') }}",
    "{{ cycler(1).__class__ }}",
    "{% for x in [1] %}{{ loop.__class__ }}{% endfor %}",
    "{% macro m() %}{% endmacro %}{{ m.__call__ }}",
    "{{ self.__dict__ }}",
    "{% include '/etc/passwd' %}",
    "{% import 'x.html' as x %}",
    "{% extends 'base' %}",
    "{% from 'x' import y %}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_escape_payloads_are_refused(payload: str, document: Document) -> None:
    with pytest.raises(SecurityError):
        render_text(payload, document=document)


def test_pickle_through_parse_raw_runs_nothing(document: Document, marker: Path) -> None:
    payload = pickle.dumps(_Touch(str(marker)))
    tag = (
        "{% set _ = document.signer.parse_raw(blob, proto='pickle', allow_pickle=True) %}"
        "{{ document.signer.name }}"
    )
    template = Template.from_bytes(docx_with(tag), "hostile.docx")
    with pytest.raises(TemplateError, match="parse_raw"):
        template.render(
            {**document_context(document, get_profile("dang")), "blob": payload, "body": ""}
        )


def test_render_document_refuses_the_payload(
    document: Document, marker: Path, tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.docx"
    hostile.write_bytes(docx_with("{{ document.signer.parse_raw('{}') }}"))
    output = tmp_path / "out.docx"
    with pytest.raises(TemplateError, match="parse_raw"):
        render_document(document, output, template=hostile)
    assert not output.exists()


def test_cli_render_and_templates_check_refuse_it(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.docx"
    hostile.write_bytes(docx_with("{{ document.model_fields['number'].annotation }}"))
    output = tmp_path / "out.docx"
    code, out, err = run("render", str(EXAMPLE), "--template", str(hostile), "-o", str(output))
    assert code != 0
    assert "model_fields" in out + err and "Traceback" not in out + err
    assert not output.exists()
    code, out, err = run("templates", "check", str(hostile))
    assert code != 0
    assert "model_fields" in out + err


def test_template_path_and_batch_jobs_are_sandboxed_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: Path
) -> None:
    folder = tmp_path / "templates" / "dang"
    folder.mkdir(parents=True)
    (folder / "van-ban.docx").write_bytes(docx_with("{{ document.signer.parse_raw('{}') }}"))
    monkeypatch.setenv("DLXH_TEMPLATE_PATH", str(tmp_path / "templates"))
    output = tmp_path / "out.docx"
    code, out, err = run("render", str(EXAMPLE), "-o", str(output))
    assert code != 0 and "parse_raw" in out + err
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(json.dumps({"document": str(EXAMPLE), "output": "a.docx"}) + "\n")
    code, out, err = run("render", "--batch", str(jobs), "-o", str(tmp_path / "out"))
    assert code != 0 and "parse_raw" in out + err
    assert not (tmp_path / "out" / "a.docx").exists()


# -- every public name of every value a template is given ---------------------------------------


def _values(root: Any) -> Iterator[Any]:
    """Every object reachable from ``root`` through what a template may read."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        value = stack.pop()
        if id(value) in seen or value is None:
            continue
        seen.add(id(value))
        yield value
        if isinstance(value, dict):
            stack += list(value.values())
        elif isinstance(value, list | tuple):
            stack += list(value)
        elif isinstance(value, BaseModel):
            stack += [getattr(value, name) for name in type(value).model_fields]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # the test reads pydantic's old names
def test_every_public_name_is_data_or_refused(document: Document) -> None:
    """For every value dlxh passes to a template (the document context and a whole dataset),
    every public attribute is either refused, or allowed and then not a way out: no class, no
    module, and a callable only when it is one of the listed text/date methods."""
    dataset = load_dataset(ROOT / "examples" / "data")
    roots = [document_context(document, get_profile("dang")), dataset.model_dump(), dataset]
    checked = refused = 0
    environment = make_environment()
    compiled: dict[str, Any] = {}
    seen: set[type] = set()
    for root in roots:
        for value in _values(root):
            if type(value) in seen:
                continue
            seen.add(type(value))
            for name in dir(value):
                if name.startswith("_"):
                    continue
                try:
                    attribute = getattr(value, name)
                except Exception:  # a property failing on this instance
                    continue
                checked += 1
                if attribute_allowed(value, name, attribute):
                    assert not isinstance(attribute, type), (type(value), name)
                    if callable(attribute):
                        owner = getattr(attribute, "__self__", None)
                        assert isinstance(owner, str | float | dt.date | dict | list | tuple), (
                            type(value),
                            name,
                        )
                    continue
                refused += 1
                for source in (f"{{{{ x.{name} }}}}", f"{{{{ x['{name}'] }}}}"):
                    if source not in compiled:
                        compiled[source] = environment.from_string(source)
                    with pytest.raises(SecurityError):
                        compiled[source].render(x=value)
    assert len(seen) > 20 and checked > 500 and refused > 300, (len(seen), checked, refused)


# -- what a template may still do -------------------------------------------------------------


def test_ordinary_templates_still_work(document: Document) -> None:
    source = (
        "{{ document.signer.name }}|{{ document.number_line }}|{{ document.type.label }}|"
        "{{ document.date.year }}|{{ 'abc'.upper() }}|{{ rows|map(attribute='n')|join(',') }}|"
        "{% for r in rows %}{{ loop.index }}{{ r.n }}{% if not loop.last %},{% endif %}"
        "{% endfor %}|{% set ns = namespace(t=0) %}{% for r in rows %}{% set ns.t = ns.t + r.n %}"
        "{% endfor %}{{ ns.t }}|{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(1) }}|"
        "{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}|{{ 'x' ~ 1 ~ 'y' }}|"
        "{% for k, v in pairs.items() %}{{ k }}={{ v }}{% endfor %}|{{ range(3)|list|sum }}|"
        "{{ f(2) }}|{{ 'a,b'.split(',')|length }}|{{ '%05.1f'|format(3.14159) }}|"
        "{% for x in tree recursive %}{{ x.n }}{% if x.c %}({{ loop(x.c) }}){% endif %}"
        "{% endfor %}"
    )
    rows = [{"n": 1}, {"n": 2}]
    tree = [{"n": 1, "c": [{"n": 2, "c": []}]}]
    text = render_text(
        source, document=document, rows=rows, pairs={"a": 1}, f=lambda v: v * 10, tree=tree
    )
    assert text == (
        f"Nguyễn Văn Hùng|{document.number_line}|hướng dẫn|{document.date.year}|ABC|1,2|"
        "11,22|3|[1]|ab|x1y|a=1|3|20|2|003.1|1(2)"
    )


def test_marked_functions_may_be_called_when_reached_through_data() -> None:
    @template_callable
    def shout(text: str) -> str:
        return text.upper()

    def quiet(text: str) -> str:
        return text.lower()

    assert render_text("{{ tools.shout('a') }}", tools={"shout": shout}) == "A"
    with pytest.raises(SecurityError):
        render_text("{{ tools.quiet('A') }}", tools={"quiet": quiet})


def test_data_holding_escapes_prints_as_written(document: Document) -> None:
    """docxtpl's {_{ escape belongs to the template; a value holding it is text."""
    template = Template.from_bytes(docx_with("{{ value }} and {_{ literal }_}"), "t.docx")
    context = {**document_context(document, get_profile("dang")), "value": "{_{ x }_}", "body": ""}
    with zipfile.ZipFile(io.BytesIO(template.render(context))) as archive:
        text = re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode())
    assert "{_{ x }_} and {{ literal }}" in text


# -- work without bound -----------------------------------------------------------------------

SMALL = Limits(
    max_steps=50_000, timeout=10, max_value=100_000, max_created=1_000_000, max_output=500_000
)

BOMBS = [
    ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "steps"),
    ("{% for i in range(10) %}{% for j in range(10**6) %}{% endfor %}{% endfor %}", "range"),
    ("{{ (9 ** (9 ** 9)) > 1 }}", "integer"),
    (
        "{% set ns = namespace(n=2) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}"
        "{% endfor %}",
        "integer",
    ),
    ("{{ 'a' * 10 ** 9 }}", "characters"),
    ("{{ [0] * 10 ** 9 }}", "characters"),
    (
        "{% set ns = namespace(x=[1]) %}{% for i in range(40) %}{% set ns.x = ns.x + ns.x %}"
        "{% endfor %}",
        "characters",
    ),
    (
        "{% set ns = namespace(x='a') %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}"
        "{% endfor %}",
        "characters",
    ),
    (
        "{% set ns = namespace(x='ab') %}{% for i in range(40) %}"
        "{% set ns.x = ns.x.replace('a', ns.x) %}{% endfor %}",
        "characters",
    ),
    (
        "{% set ns = namespace(x='ab') %}{% for i in range(40) %}"
        "{% set ns.x = ns.x.join([ns.x, ns.x]) %}{% endfor %}",
        "characters",
    ),
    (
        "{% set ns = namespace(x='a') %}{% for i in range(40) %}{% set t %}{{ ns.x }}{{ ns.x }}"
        "{% endset %}{% set ns.x = t %}{% endfor %}",
        "characters",
    ),
    (
        "{% macro d(s) %}{{ s }}{{ s }}{% endmacro %}{% set ns = namespace(x='a') %}"
        "{% for i in range(40) %}{% set ns.x = d(ns.x) %}{% endfor %}",
        "characters",
    ),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "nests"),
    ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "nests"),
    ("{{ 'a' | center(10 ** 8) }}", "characters"),
    ("{{ 'a' | indent(10 ** 8, true) }}", "characters"),
    ("{{ 'a\na\na' | indent('x' * 90000, true) }}", "characters"),
    ("{{ 'ab' | replace('', 'x' * 90000) }}", "characters"),
    ("{{ range(1000) | join('x' * 50000) }}", "characters"),
    ("{{ 'a b c d e' | wordwrap(1, wrapstring='x' * 90000) }}", "characters"),
    ("{{ [1] | batch(10 ** 8, 0) | list }}", "characters"),
    ("{{ [1] | slice(10 ** 8) | list }}", "characters"),
    ("{{ ([[0] * 50000] * 50) | sum(start=[]) }}", "characters"),
    ("{{ '%1000000000d' | format(1) }}", "width"),
    ("{{ '%*d' % (10 ** 8, 1) }}", "width"),
    ("{{ lipsum(10 ** 6) }}", "characters"),
    ("{{ {'a': 1} | tojson(indent=10 ** 6) }}", "characters"),
    ("{% for i in range(1000) %}{{ 'xyz' }}{{ text }}{% endfor %}", "wrote"),
    ("{% for i in range(100) %}{{ ('x' * 9000) | list | length }}{% endfor %}", "in all"),
]


@pytest.mark.parametrize(("source", "why"), BOMBS)
def test_bombs_stop_at_a_named_limit(source: str, why: str) -> None:
    with render_limits(SMALL), pytest.raises(RenderLimitError) as caught:
        render_text(source, text="x" * 1000)
    message = str(caught.value)
    expected = {"characters": "characters or items", "steps": "steps", "nests": "nests"}
    assert expected.get(why, why) in message, message


def test_a_bomb_in_a_docx_template_is_a_template_error(document: Document) -> None:
    template = Template.from_bytes(docx_with("{{ 'a' * 10 ** 9 }}"), "bomb.docx")
    with pytest.raises(TemplateError, match="stopped"):
        template.render({**document_context(document, get_profile("dang")), "body": ""})


def test_the_time_limit_stops_a_long_render() -> None:
    source = "{% for i in range(10**7) %}{% endfor %}"
    with render_limits(timeout=0.2), pytest.raises(RenderLimitError, match="ran for more than"):
        render_text(source)


def test_limits_are_checked_when_set() -> None:
    with pytest.raises(ValueError, match="max_steps"):
        Limits(max_steps=0)


def test_real_documents_fit_the_default_limits(tmp_path: Path) -> None:
    examples = sorted((ROOT / "examples" / "documents").glob("*.yaml"))
    for example in examples:
        render_document(load(example, Document), tmp_path / f"{example.stem}.docx")
    assert len(examples) >= 7 and len(os.listdir(tmp_path)) == len(examples)


def test_a_misused_helper_is_a_template_error(document: Document) -> None:
    template = Template.from_bytes(docx_with("{{ cycler().next() }}"), "t.docx")
    with pytest.raises(TemplateError, match="could not use its value"):
        template.render({**document_context(document, get_profile("dang")), "body": ""})


def test_templates_check_reports_a_template_render_document_cannot_use(tmp_path: Path) -> None:
    import docx

    plain = tmp_path / "plain.docx"
    docx.Document().save(plain)
    code, out, err = run("templates", "check", str(plain))
    assert code != 0 and "not a dlxh template" in out + err
    code, out, err = run("templates", "check", "--any-variable", str(plain))
    assert code == 0, out + err


def test_measured_text_methods_still_get_their_arguments() -> None:
    """join's items are read once to be measured; the call must get them, not a spent iterator."""
    text = render_text(
        "{{ ','.join(xs | map('string')) }}|{{ 'aaa'.replace('a', 'bb', 1) }}", xs=[1, 2]
    )
    assert text == "1,2|bbaa"
