"""The caller's own template variables (``context=``, ``Document.extra``, ``--var``,
``--context``), and no "None" printed for an empty optional value."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
import pytest

import dlxh
from cli_runner import run
from dlxh import DataValidationError, InputError
from dlxh.models import Document
from dlxh.render import render_document

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "templates" / "dang" / "van-ban.docx"
EXAMPLE = ROOT / "examples" / "documents" / "01-huong-dan-dlxh-2026.yaml"


def template(folder: Path, text: str) -> Path:
    word = docx.Document(str(BASE))
    word.add_paragraph(text)
    path = folder / "own.docx"
    word.save(str(path))
    return path


def text_of(data: bytes) -> str:
    word = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in word.paragraphs)


def document(**changes: Any) -> Document:
    base = dlxh.load(EXAMPLE, Document)
    return dlxh.io.validate(Document, {**base.model_dump(), **changes})


def test_extra_context_and_document_extra_render(tmp_path: Path) -> None:
    own = template(tmp_path, "SỐ HỘ {{ so_ho }}; {{ extra.don_vi }}; {{ extra.ds | join(', ') }}")
    doc = document(extra={"don_vi": "Thôn Nà Khoang", "ds": ["a", "b"]})
    data = render_document(doc, template=own, context={"so_ho": 12}, hooks=False)
    assert "SỐ HỘ 12; Thôn Nà Khoang; a, b" in text_of(data)
    again = dlxh.loads(dlxh.dumps(doc), Document)
    assert again.extra == {"don_vi": "Thôn Nà Khoang", "ds": ["a", "b"]}  # it round-trips


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"document": 1}, "'document' is one of dlxh's own template names"),
        ({"extra": {}}, "'extra' is one of dlxh's own template names"),
        ({"body": "x"}, "'body' is one of dlxh's own"),
        ({"so ho": 1}, "'so ho' is not a template name"),
        ({"_x": 1}, "starts with '_'"),
        ({"f": open}, "context['f']: a builtin_function_or_method is not plain data"),
        ({"d": {"k": [object()]}}, "context['d']['k'][0]: a object is not plain data"),
        ({"d": {1: "a"}}, "a mapping key must be text"),
    ],
)
def test_context_may_not_shadow_dlxh_keys(
    tmp_path: Path, context: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("(", r"\(")):
        render_document(document(), template=template(tmp_path, "x"), context=context, hooks=False)


def test_context_values_are_bounded(tmp_path: Path) -> None:
    deep: Any = "x"
    for _ in range(40):
        deep = [deep]
    with pytest.raises(InputError, match="nested deeper"):
        render_document(document(), context={"deep": deep}, hooks=False)
    fine = {"n": 1, "x": 1.5, "b": True, "none": None, "d": dt.date(2026, 11, 20), "t": (1, "a")}
    assert render_document(document(), context=fine, hooks=False)[:2] == b"PK"


def test_extra_must_be_plain_data() -> None:
    with pytest.raises(DataValidationError, match="extra"):
        document(extra={"f": object()})
    with pytest.raises(DataValidationError, match="extra"):
        document(extra={str(i): i for i in range(501)})


def test_empty_optional_renders_as_nothing(tmp_path: Path) -> None:
    own = template(
        tmp_path,
        "[{{ document.circulation }}|{{ document.cosigner }}|{{ extra.ghi_chu }}|{{ n }}]",
    )
    data = render_document(
        document(extra={"ghi_chu": None}), template=own, context={"n": None}, hooks=False
    )
    text = text_of(data)
    assert "[|||]" in text and "None" not in text
    assert "Thực hiện Hướng dẫn số 03-HD/BTGDVTW" in text  # the body (a sub-document) is kept


def test_render_var_option(tmp_path: Path) -> None:
    own = template(tmp_path, "SỐ HỘ {{ so_ho }} / {{ thon }} / {{ ds | length }}")
    values = tmp_path / "values.yaml"
    values.write_text("so_ho: 10\nthon: Nà Khoang\nds: [1, 2, 3]\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    args = ["render", str(EXAMPLE), "-o", str(out), "--template", str(own)]
    code, _, err = run(*args, "--context", str(values), "--var", "so_ho=12")
    assert code == 0, err
    assert "SỐ HỘ 12 / Nà Khoang / 3" in text_of(out.read_bytes())  # --var wins over the file
    out.unlink()
    code, _, err = run(*args, "--var", "document=x")
    assert code == 2 and "'document' is one of dlxh's own template names" in err
    code, _, err = run(*args, "--var", "so_ho")
    assert code == 2 and "give it as NAME=VALUE" in err
    assert not out.exists()


def test_render_context_file_must_be_a_mapping(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text("- 1\n- 2\n", encoding="utf-8")
    code, _, err = run(
        "render", str(EXAMPLE), "-o", str(tmp_path / "o.docx"), "--context", str(values)
    )
    assert code != 0 and "values.yaml" in err
    assert not (tmp_path / "o.docx").exists()
