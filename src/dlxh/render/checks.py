"""``dlxh templates check``: find what would break a template before anyone renders with it.

Three kinds of problem are reported for every part with text (body, headers, footers):

* Jinja syntax errors, with the text around them;
* tags split across runs: Word splits ``{{ name }}`` into pieces when someone edits it. docxtpl
  joins pieces inside a tag, but not a delimiter cut in two (``{`` in one run, ``{ name }}`` in the
  next): that tag would print as text. Tags that merely span runs are reported as warnings, since
  their formatting is taken from the first run;
* variables the data does not provide (for dlxh's own context, anything outside
  :data:`~dlxh.render.context.CONTEXT_KEYS`);
* attributes the sandbox refuses (``document.signer.parse_raw``, ``x.__class__``): the render
  would stop there, so the template is not fit to ship (:mod:`dlxh.templating.sandbox`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import jinja2
from jinja2 import meta, nodes
from lxml import etree
from pydantic import BaseModel

from dlxh.errors import InputError, TemplateError
from dlxh.render.context import CONTEXT_KEYS
from dlxh.render.required import require_styles
from dlxh.render.template_lint import free_names, optional_prints, stub_unknown, unknown_names
from dlxh.templating.engine import jinja_source
from dlxh.templating.environment import make_environment
from dlxh.templating.sandbox import allowed_attributes, readable_names
from dlxh.templating.template import Template

__all__ = ["TemplateProblem", "check_template"]


def _registered(value: object, *args: object, **kwargs: object) -> object:
    """Stands for a filter registered elsewhere (a plugin's) while a template is checked."""
    del args, kwargs
    return value


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_DELIMITERS = ("{{", "}}", "{%", "%}")


@dataclass(frozen=True)
class TemplateProblem:
    """One problem in a template: how bad, which part, what is wrong."""

    severity: Literal["error", "warning"]
    part: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.part}: {self.message}"


def _paragraph_runs(root: etree._Element) -> Iterable[list[str]]:
    for paragraph in root.iter(f"{_W}p"):
        runs = []
        for run in paragraph.iter(f"{_W}r"):
            runs.append("".join(t.text or "" for t in run.iter(f"{_W}t")))
        yield runs


def _split_tags(part: str, root: etree._Element) -> list[TemplateProblem]:
    problems = []
    for runs in _paragraph_runs(root):
        text = "".join(runs)
        if "{" not in text:
            continue
        joined_ok = any(d in run for run in runs for d in _DELIMITERS)
        for match in _TAG.finditer(text):
            tag = match.group(0)
            start, end = match.span()
            offsets = []
            position = 0
            for run in runs:
                offsets.append((position, position + len(run)))
                position += len(run)
            pieces = [i for i, (a, b) in enumerate(offsets) if a < end and b > start]
            if len(pieces) <= 1:
                continue
            # the run merge joins the pieces of a tag whose two delimiters are each whole in
            # one run ("{{" | "name" | "}}" renders); a delimiter cut in two is not found
            opening_cut = not any(a <= start and start + 2 <= b for a, b in offsets)
            closing_cut = not any(a <= end - 2 and end <= b for a, b in offsets)
            if opening_cut or closing_cut:
                problems.append(
                    TemplateProblem(
                        "error",
                        part,
                        f"tag {tag!r} has a delimiter split across runs; retype it in one go "
                        "(or paste it as plain text) so Word keeps it in one piece",
                    )
                )
            elif joined_ok:
                problems.append(
                    TemplateProblem(
                        "warning",
                        part,
                        f"tag {tag!r} spans {len(pieces)} runs; it renders with the formatting of "
                        "the first piece",
                    )
                )
    return problems


def _attribute_names(tree: nodes.Template) -> Iterable[str]:
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            yield node.attr
        elif isinstance(node, nodes.Getitem):
            key = node.arg
            if isinstance(key, nodes.Const) and isinstance(key.value, str):
                yield key.value
    for node in tree.find_all(nodes.Filter):
        # filters that read an attribute named by a text argument: the first positional one
        # (attr, selectattr, rejectattr, groupby) or ``attribute=`` (map, sort, join, sum...)
        arguments = [k.value for k in node.kwargs if k.key == "attribute"]
        if node.name in ("attr", "selectattr", "rejectattr", "groupby") and node.args:
            arguments.append(node.args[0])
        for argument in arguments:
            if isinstance(argument, nodes.Const) and isinstance(argument.value, str):
                yield from argument.value.split(".")


def _refused_attributes(
    part: str, tree: nodes.Template, strict: bool, free: Iterable[str] = ()
) -> list[TemplateProblem]:
    """Attributes no value in the context may give: any ``_`` name and the methods of models;
    with dlxh's own context (``strict``), any name that is not a field, property or allowed
    method of the values dlxh passes, except the keys of free data (``extra.so_ho``, and
    chains from the caller's own names ``free``)."""
    names = set(_attribute_names(tree))
    refused = {n for n in names if n.startswith("_") or n in _MODEL_METHODS}
    if strict:
        own = free_names(tree, ("extra", *free))
        refused |= names - readable_names() - (own - _MODEL_METHODS)
    return [
        TemplateProblem(
            "error",
            part,
            f"the template reads {name!r}, which templates may not use (they read data fields "
            "only); the render would stop there",
        )
        for name in sorted(refused)
    ]


_MODEL_METHODS = frozenset(
    name
    for name in dir(BaseModel)
    if not name.startswith("_") and name not in (allowed_attributes(BaseModel) or ())
)


def check_template(
    template: Template,
    known: Iterable[str] | None = CONTEXT_KEYS,
    *,
    filters: Iterable[str] = (),
    extra: Iterable[str] = (),
) -> list[TemplateProblem]:
    """Every problem found in ``template``; ``known=None`` skips the variable check.

    ``filters`` names the filters registered besides dlxh's (a plugin's, which the render gets
    from ``hooks``); ``extra`` the caller's own variables (``render_document(context=...)``,
    ``dlxh render --var``), known as ``known`` is and free in their attributes. A problem in
    the template is a finding, never an exception: an unknown filter included.
    """
    declared = tuple(extra)
    problems: list[TemplateProblem] = []
    try:  # the checks done when the template is first used: damaged parts, missing styles
        if known is not None:
            require_styles(template)
        else:
            template.style_ids()
    except TemplateError as exc:
        problems.append(TemplateProblem("error", "template", str(exc)))
    environment = make_environment(dict.fromkeys(filters, _registered))
    used: set[str] = set()
    try:
        archive = zipfile.ZipFile(io.BytesIO(template.data))
    except zipfile.BadZipFile:
        raise InputError("not a .docx file", path=template.name) from None
    with archive:
        for name in sorted(n for n in archive.namelist() if _PARTS.match(n)):
            data = archive.read(name)
            try:
                root = etree.fromstring(
                    data, parser=etree.XMLParser(resolve_entities=False, no_network=True)
                )
            except etree.XMLSyntaxError as exc:
                problems.append(TemplateProblem("error", name, f"broken XML: {exc}"))
                continue
            problems += _split_tags(name, root)
            source = jinja_source(data.decode("utf-8", errors="replace"))
            try:
                parsed = environment.parse(source)
            except jinja2.TemplateSyntaxError as exc:
                line = source.splitlines()[exc.lineno - 1] if exc.lineno else ""
                line = re.sub(r"<[^>]+>", "", line)
                problems.append(
                    TemplateProblem("error", name, f"{exc.message} (near: {line.strip()[:120]!r})")
                )
                continue
            for message in unknown_names(parsed, environment.filters, environment.tests):
                problems.append(TemplateProblem("error", name, f"{message}; the render would stop"))
            stub_unknown(parsed, environment)  # the compile below would raise on them
            used |= meta.find_undeclared_variables(parsed)
            strict = known is not None
            problems += _refused_attributes(name, parsed, strict=strict, free=declared)
            if strict:
                problems += [TemplateProblem("warning", name, m) for m in optional_prints(parsed)]
    if known is not None:
        for variable in sorted(used - {*known, *declared}):
            problems.append(
                TemplateProblem(
                    "error",
                    "template",
                    f"variable {variable!r} is not provided by the document data "
                    f"(available: {', '.join(sorted(known))})",
                )
            )
    return problems
