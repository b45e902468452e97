"""Render + save of small templates, dlxh against docxtpl in the same run (for render_bench.py).

Two sets of templates:

* dlxh's shipped templates (``templates/*/*.docx``), always, each with the context of an example
  document of its layout (``examples/documents``: :func:`dlxh.render.document_context`, and the
  body written into a sub-document with :class:`dlxh.render.blocks.BlockWriter`, as
  ``render_document`` does). The context is built once per engine and every document reuses it,
  so what is timed is the render and the save.
* docxtpl's own test templates (``tests/templates`` of a checkout of its repository, given as
  ``DOCXTPL_REPO`` or an argument; a git directory works too), for the scripts whose context is
  rebuilt here in a few lines. A context that needs the template object (a sub-document,
  ``InlineImage``, ``build_url_id``) is built per document, as the script does, for both
  engines; the others once.

docxtpl renders as its documentation shows (``DocxTemplate(file)``, ``render``, ``save``: one
object per document), with dlxh's environment (sandboxed, escaped, strict) so both run the
same Jinja; dlxh's ``Template`` is loaded once and reused. Rounds alternate between the two.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.shared import Inches, Mm
from docxtpl import DocxTemplate, InlineImage, Listing, R, RichText

from dlxh import load
from dlxh.models import Document, Profile
from dlxh.profiles import get_profile
from dlxh.render.blocks import BlockWriter
from dlxh.render.builder import page_text_width_mm
from dlxh.render.catalog import layout_of, list_templates
from dlxh.render.context import document_context
from dlxh.render.meeting import closing_blocks, opening_blocks
from dlxh.templating import Template, make_environment

ROOT = Path(__file__).resolve().parent.parent
Context = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class Small:
    name: str
    data: bytes
    context: Context  # given the template object (dlxh's Template or a DocxTemplate)
    per_document: bool  # the context needs the template object: built for every document


@dataclass(frozen=True)
class Timing:
    name: str
    docxtpl: list[float]
    dlxh: list[float]
    first: float  # dlxh's first document: load, compile, render
    with_context: float | None = None  # median ratio, the context built for every document

    def row(self) -> str:
        med_t, med_d = statistics.median(self.docxtpl), statistics.median(self.dlxh)
        min_t, min_d = min(self.docxtpl), min(self.dlxh)
        return (
            f"| {self.name} | {med_t * 1e3:.1f} | {med_d * 1e3:.2f} | **{med_t / med_d:.0f}x** "
            f"| {min_t * 1e3:.1f} | {min_d * 1e3:.2f} | **{min_t / min_d:.0f}x** "
            f"| {self.first * 1e3:.1f} "
            f"| {'—' if self.with_context is None else f'{self.with_context:.1f}x'} |"
        )

    @property
    def ratios(self) -> tuple[float, float]:
        median = statistics.median(self.docxtpl) / statistics.median(self.dlxh)
        return median, min(self.docxtpl) / min(self.dlxh)


# -- dlxh's shipped templates ----------------------------------------------------------------


def _example_for(profile: str, layout: str, examples: list[Document]) -> Document:
    family = profile.split("@", maxsplit=1)[0]
    same = [d for d in examples if layout_of(d.type, decides=d.authority is not None) == layout]
    for document in same:
        if document.profile.value == family:
            return document
    return same[0].model_copy(update={"profile": Profile(family)})  # no example in this family


def shipped() -> list[Small]:
    """Every shipped template with the context of an example document of its layout."""
    paths = sorted((ROOT / "examples" / "documents").glob("*.yaml"))
    examples = [load(p, Document) for p in paths]
    found = []
    for info in list_templates():
        document = _example_for(info.profile, info.layout, examples)
        profile = get_profile(document.profile.value, on=document.date)
        base = document_context(document, profile)

        def context(tpl: Any, document: Document = document, base: dict[str, Any] = base) -> Any:
            profile = get_profile(document.profile.value, on=document.date)
            body = tpl.new_subdoc()
            BlockWriter(
                body.document if isinstance(tpl, Template) else body.subdocx,
                page_text_width_mm(profile),
                heading_separator=profile.text("heading.separator"),
                end_mark=profile.text("body.end_mark") or None,
                base_dir=ROOT / "examples" / "documents",
                keep_with_next=True,
            ).write([*opening_blocks(document), *document.body, *closing_blocks(document)])
            return {**base, "body": body}

        found.append(Small(info.name, info.path.read_bytes(), context, per_document=False))
    return found


# -- docxtpl's test templates ----------------------------------------------------------------


def _items() -> list[dict[str, Any]]:
    return [
        {"desc": "Python interpreters", "qty": 2, "price": "FREE"},
        {"desc": "Django projects", "qty": 5403, "price": "FREE"},
        {"desc": "Guido", "qty": 1, "price": "100,000,000.00"},
    ]


def _alerts() -> list[dict[str, Any]]:
    kinds = [("CRITICAL", "FF0000"), ("WARNING", "FFDD00"), ("INFO", "8888FF"), ("DEBUG", "F0F")]
    return [
        {"date": f"2015-03-1{n}", "desc": RichText(f"{kind} alert", color=bg), "type": kind}
        | {"bg": bg}
        for n, (kind, bg) in enumerate(kinds)
    ]


def _rich(tpl: Any) -> dict[str, Any]:
    text = RichText()
    text.add("a rich text", style="myrichtextstyle")
    text.add(" with ")
    text.add("some italic", italic=True)
    text.add(" and some violet", color="#ff00ff")
    text.add("\nYou can add an hyperlink, here to ")
    text.add("google", url_id=tpl.build_url_id("http://google.com"))
    text.add("\nEt voilà ! \n1st line\n2nd line\aA new paragraph : <cool>\a")
    for style in ("single", "double", "dotted", "wave"):
        text.add(f"\nUnderline : {style} \n", underline=style)
    text.add("Arial\n", font="Arial")
    return {"example": text}


def _escape(tpl: Any) -> dict[str, Any]:
    del tpl
    return {
        "myvar": R('"less than" must be escaped : <, this can be done with RichText() or R()'),
        "myescvar": 'It can be escaped with a "|e" jinja filter in the template too : < ',
        "nlnp": R("Here is a multiple\nlines\nstring\aand some\aother\aparagraphs", color="#f0f"),
        "mylisting": Listing("the listing\nwith\nsome\nlines\nand special chars : <>& ..."),
        "page_break": R("\f"),
        "new_listing": "\nThis is a new listing\nHere is a \t tab\a\nHere is a page break : \f\n",
        "some_html": "HTTP/1.1 200 OK\nServer: Apache\n\n<html>\n<head></head>\n</html>",
    }


def _subdoc_text(text: str) -> Context:
    def context(tpl: Any) -> dict[str, Any]:
        sub = tpl.new_subdoc()
        sub.add_paragraph(text)
        return {"title": "Header and footer test", "company_name": "The World Wide company"} | {
            "date": "2016-03-17",
            "mysubdoc": sub,
        }

    return context


def _subdoc(templates: Path) -> Context:
    def context(tpl: Any) -> dict[str, Any]:
        sub = tpl.new_subdoc()
        sub.add_paragraph("This is a sub-document inserted into a bigger one")
        paragraph = sub.add_paragraph("It has been ")
        paragraph.add_run("dynamically").style = "dynamic"
        paragraph.add_run(" generated with python by using ")
        paragraph.add_run("python-docx").italic = True
        sub.add_heading("Heading, level 1", level=1)
        sub.add_paragraph("This is an Intense quote", style="IntenseQuote")
        sub.add_picture(str(templates / "python_logo.png"), width=Inches(1.25))
        table = sub.add_table(rows=1, cols=3)
        for cell, text in zip(table.rows[0].cells, ("Qty", "Id", "Desc"), strict=True):
            cell.text = text
        for row in ((1, 101, "Spam"), (2, 42, "Eggs"), (3, 631, "Spam, spam, eggs, and ham")):
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = str(value)
        return {"mysubdoc": sub}

    return context


def _inline_images(templates: Path) -> Context:
    def context(tpl: Any) -> dict[str, Any]:
        names = ("django", "zope", "pyramid", "bottle", "tornado")
        return {
            "myimage": InlineImage(tpl, str(templates / "python_logo.png"), width=Mm(20)),
            "myimageratio": InlineImage(
                tpl, str(templates / "python_jpeg.jpg"), width=Mm(30), height=Mm(60)
            ),
            "frameworks": [
                {"image": InlineImage(tpl, str(templates / f"{n}.png"), height=Mm(10))}
                | {"desc": f"{n} is a Python web framework"}
                for n in names
            ],
        }

    return context


def _header_images(templates: Path) -> Context:
    def context(tpl: Any) -> dict[str, Any]:
        logo = str(templates / "python.png")
        return {
            "inline_image": InlineImage(tpl, str(templates / "django.png"), height=Mm(10)),
            "images": [InlineImage(tpl, logo, height=Mm(10)) for _ in range(3)],
        }

    return context


def _fixed(values: dict[str, Any]) -> Context:
    return lambda tpl: values


def docxtpl_cases(templates: Path) -> list[tuple[str, str, Context, bool]]:
    """(script, template file, context, needs the template object) for the scripts of
    docxtpl's tests whose context is rebuilt here; see :data:`LEFT_OUT` for the others."""
    fixed = {
        "order": (
            "order_tpl.docx",
            {
                "customer_name": "Eric",
                "items": _items(),
                "in_europe": True,
                "is_paid": False,
                "company_name": "The World Wide company",
                "total_price": "100,000,000.00",
            },
        ),
        "cellbg": ("cellbg_tpl.docx", {"alerts": _alerts()}),
        "nested_for": (
            "nested_for_tpl.docx",
            {
                "dishes": [
                    {"name": "Pizza", "ingredients": ["bread", "tomato", "ham", "cheese"]},
                    {"name": "Apple pie", "ingredients": ["flour", "apples", "quince jelly"]},
                ],
                "authors": [
                    {"name": "Saint-Exupery", "books": [{"title": "Le petit prince"}]},
                    {"name": "Barjavel", "books": [{"title": "Ravage"}, {"title": "La nuit"}]},
                ],
            },
        ),
        "vertical_merge": (
            "vertical_merge_tpl.docx",
            {"items": _items(), "total_price": "100,000,000.00", "category": "Book"},
        ),
        "horizontal_merge": ("horizontal_merge_tpl.docx", {}),
        "dynamic_table": (
            "dynamic_table_tpl.docx",
            {
                "col_labels": ["fruit", "vegetable", "stone", "thing"],
                "tbl_contents": [
                    {"label": "yellow", "cols": ["banana", "capsicum", "pyrite", "taxi"]},
                    {"label": "red", "cols": ["apple", "tomato", "cinnabar", "doubledecker"]},
                    {"label": "green", "cols": ["guava", "cucumber", "aventurine", "card"]},
                ],
            },
        ),
        "less_cells_after_loop": ("less_cells_after_loop_tpl.docx", {}),
        "merge_paragraph": ("merge_paragraph_tpl.docx", {"living_in_town": True}),
        "preserve_spaces": ("preserve_spaces_tpl.docx", {"tag_1": "looking", "tag_2": "too"}),
        "doc_properties": ("doc_properties_tpl.docx", {"test": "HelloWorld"}),
        "footnotes": ("footnotes_tpl.docx", {"a_jinja_variable": "A Jinja variable!"}),
        "comments": ("comments_tpl.docx", {}),
        "word2016": (
            "word2016_tpl.docx",
            {
                "test_space": " " * 10,
                "test_tabs": "\t" * 5,
                "test_space_r": RichText(" " * 10),
                "test_tabs_r": RichText("\t" * 5),
            },
        ),
        "richtext_and_if": (
            "richtext_and_if_tpl.docx",
            {"foobar": RichText("Foobar!", color="f00")},
        ),
        "richtext_eastAsia": (
            "richtext_eastAsia_tpl.docx",
            {
                "example": RichText("测试TEST", font="eastAsia:Microsoft YaHei"),
                "Chinese": RichText("测试TEST", font="eastAsia:微软雅黑"),
                "simsun": RichText("测试TEST", font="eastAsia:SimSun"),
            },
        ),
        "header_footer_entities": ("header_footer_entities_tpl.docx", {"title": "Header test"}),
        "vertical_merge_nested": ("vertical_merge_nested_tpl.docx", {}),
        "multi_rendering": (
            "multi_rendering_tpl.docx",
            {"title": "Title ONE", "body": "This is the body for first document"},
        ),
    }
    cases: list[tuple[str, str, Context, bool]] = [
        (name, file, _fixed(values), False) for name, (file, values) in fixed.items()
    ]
    cases += [
        ("escape", "escape_tpl.docx", _escape, False),
        ("richtext", "richtext_tpl.docx", _rich, True),
        ("header_footer", "header_footer_tpl.docx", _subdoc_text("A sub-document."), True),
        ("header_footer_utf8", "header_footer_tpl_utf8.docx", _subdoc_text("한국어 본문"), True),
        ("subdoc", "subdoc_tpl.docx", _subdoc(templates), True),
        ("inline_image", "inline_image_tpl.docx", _inline_images(templates), True),
        (
            "header_footer_inline_image",
            "header_footer_inline_image_tpl.docx",
            _header_images(templates),
            True,
        ),
    ]
    return cases


LEFT_OUT = (
    "custom_jinja_filters (its own Jinja environment), escape_auto (a lambda in the context, "
    "which the sandbox refuses), the replace_* and embedded scripts (they change the package, "
    "not the render), merge_docx (a sub-document from a file: styles merged per document), "
    "richtext_paragraph, get_undeclared_variables, template_error and module_execute (no "
    "render + save to time)"
)


def docxtpl_tests(source: Path) -> Iterator[Path]:
    """The ``tests/templates`` folder of a docxtpl checkout (a work tree or a git directory),
    in a temporary folder for a git directory; yields it once."""
    folder = source / "tests" / "templates"
    if folder.is_dir():
        yield folder
        return
    with tempfile.TemporaryDirectory() as temp:
        archive = subprocess.run(
            ["git", "-C", str(source), "archive", "HEAD", "tests/templates"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", temp], input=archive, check=True)
        yield Path(temp) / "tests" / "templates"


def docxtpl_smalls(templates: Path) -> list[Small]:
    found = []
    for name, file, context, per_document in docxtpl_cases(templates):
        if (templates / file).is_file():
            found.append(Small(name, (templates / file).read_bytes(), context, per_document))
    return found


# -- timing ----------------------------------------------------------------------------------


def _docxtpl_document(small: Small, context: dict[str, Any] | None) -> tuple[float, float]:
    """Seconds of one docxtpl document: (open, render and save; the same with the context
    built, when it is built per document)."""
    start = time.perf_counter()
    tpl = DocxTemplate(io.BytesIO(small.data))
    tpl.init_docx()  # what new_subdoc() or render() would open: timed with the render
    built = time.perf_counter()
    values = context if context is not None else small.context(tpl)
    ready = time.perf_counter()
    tpl.render(values, make_environment(), autoescape=True)
    stream = io.BytesIO()
    tpl.save(stream)
    end = time.perf_counter()
    return (built - start) + (end - ready), end - start


def _dlxh_document(
    small: Small, template: Template, context: dict[str, Any] | None
) -> tuple[float, float]:
    """Seconds of one dlxh document with ``template`` loaded once: (render, which saves; the
    same with the context built, when it is built per document)."""
    start = time.perf_counter()
    values = context if context is not None else small.context(template)
    ready = time.perf_counter()
    template.render(values)
    end = time.perf_counter()
    return end - ready, end - start


def time_small(small: Small, rounds: int = 5, theirs: int = 3, ours: int = 12) -> Timing:
    """Per-document seconds of each engine over ``rounds`` alternating rounds."""
    start = time.perf_counter()
    template = Template.from_bytes(small.data, small.name)
    template.compile()
    loaded = time.perf_counter() - start
    context = small.context(template)
    start = time.perf_counter()
    template.render(context)  # the first render compiles the Jinja code
    first = loaded + time.perf_counter() - start
    reference = None
    if small.per_document:
        ours_context = None
    else:
        ours_context = context
        reference = small.context(DocxTemplate(io.BytesIO(small.data)))
    _docxtpl_document(small, reference)  # warm up
    docxtpl: list[tuple[float, float]] = []
    dlxh: list[tuple[float, float]] = []
    for _ in range(rounds):
        docxtpl += [_docxtpl_document(small, reference) for _ in range(theirs)]
        dlxh += [_dlxh_document(small, template, ours_context) for _ in range(ours)]
    with_context = None
    if small.per_document:
        with_context = statistics.median(t for _, t in docxtpl) / statistics.median(
            t for _, t in dlxh
        )
    return Timing(small.name, [t for t, _ in docxtpl], [t for t, _ in dlxh], first, with_context)


def table(smalls: list[Small]) -> list[Timing]:
    print("| template | docxtpl median ms | dlxh median ms | ratio (median) ", end="")
    print("| docxtpl min ms | dlxh min ms | ratio (min) | dlxh first document ms ", end="")
    print("| ratio with the context built (median) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    timings = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # docxtpl's and python-docx's deprecation notices
        for small in smalls:
            timing = time_small(small)
            print(timing.row())
            timings.append(timing)
    return timings


def docxtpl_checkout(argv: list[str]) -> Path | None:
    """The docxtpl checkout given as the first argument or ``DOCXTPL_REPO``, if any."""
    given = argv[0] if argv else os.environ.get("DOCXTPL_REPO", "")
    return Path(given) if given else None
