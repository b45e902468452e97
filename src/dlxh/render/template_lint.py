"""The template checker's walks over a parsed template (:mod:`dlxh.render.checks` runs them).

* **Unknown filters and tests.** Jinja finds ``{{ x | nofilter }}`` only when it compiles the
  template, and raises; the checker must report it and go on, and it must know the filters that
  plugins register, or every plugin template would fail its check.
* **Free data.** ``extra`` (the document's own mapping) and the names the caller declares
  (``render_document(context=...)``, ``--var``) hold any keys, so attribute names read from
  them are not checked against the fields of dlxh's models.
* **Optional fields printed bare.** ``{{ document.summary }}`` prints nothing when the summary
  is empty (the environment blanks ``None``), which leaves an empty line or a label with nothing
  after it in a signed document. A print of an optional field is therefore a warning unless an
  enclosing ``{% if %}`` tests it (or a longer chain through it) or a ``default`` filter gives
  what to print instead.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any

from jinja2 import nodes
from pydantic import BaseModel

from dlxh.models import Document

__all__ = ["free_names", "optional_prints", "stub_unknown", "unknown_names"]

Chain = tuple[str, ...]


def _noop(value: Any, *args: Any, **kwargs: Any) -> Any:
    del args, kwargs
    return value


def unknown_names(tree: nodes.Template, filters: Iterable[str], tests: Iterable[str]) -> list[str]:
    """Messages for the filters and tests ``tree`` uses that the environment does not have."""
    known_filters, known_tests = set(filters), set(tests)
    found: dict[str, None] = {}
    for node in tree.find_all(nodes.Filter):
        if node.name not in known_filters:
            found[f"unknown filter {node.name!r}"] = None
    for test in tree.find_all(nodes.Test):
        if test.name not in known_tests:
            found[f"unknown test {test.name!r}"] = None
    return list(found)


def stub_unknown(tree: nodes.Template, environment: Any) -> None:
    """Give ``environment`` a do-nothing stand-in for each filter and test ``tree`` uses that it
    lacks, so the rest of the checks (which compile the tree) still run on it."""
    for node in tree.find_all(nodes.Filter):
        environment.filters.setdefault(node.name, _noop)
    for test in tree.find_all(nodes.Test):
        environment.tests.setdefault(test.name, lambda value, *args: True)


def chain_of(node: nodes.Node) -> tuple[str | None, Chain]:
    """The root name and the attribute path of ``a.b["c"].d`` (``("a", ("b", "c", "d"))``);
    the root is ``None`` when the chain does not start at a name."""
    path: list[str] = []
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        if isinstance(node, nodes.Getattr):
            path.append(node.attr)
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            path.append(node.arg.value)
        else:
            path.clear()  # x[i]: the names before it are items of a list, not fields
        node = node.node
    root = node.name if isinstance(node, nodes.Name) else None
    return root, tuple(reversed(path))


def _take(free: set[str], source: nodes.Node, target: nodes.Node) -> None:
    """Add the variables of ``target`` to ``free`` when ``source`` is read from free data."""
    if chain_of(source)[0] in free:
        free.update(n.name for n in target.find_all(nodes.Name))
        if isinstance(target, nodes.Name):
            free.add(target.name)


def free_names(tree: nodes.Template, roots: Iterable[str]) -> set[str]:
    """The attribute names read from free data: chains rooted at ``roots`` (``extra`` and the
    caller's own names), and at loop and ``set`` variables taken from them."""
    free = set(roots)
    for _ in range(8):  # a variable taken from a variable taken from free data...
        before = len(free)
        for loop in tree.find_all(nodes.For):
            _take(free, loop.iter, loop.target)
        for assign in tree.find_all(nodes.Assign):
            _take(free, assign.node, assign.target)
        if len(free) == before:
            break
    names: set[str] = set()
    for read in tree.find_all((nodes.Getattr, nodes.Getitem)):
        root, path = chain_of(read)
        if root in free:
            names.update(path)
    return names


def _optional(annotation: Any) -> tuple[bool, Any]:
    """(whether ``annotation`` admits ``None``, the type without ``None``)."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        rest = args[0] if len(args) == 1 else None
        return len(args) < len(typing.get_args(annotation)), rest
    return False, annotation


def _optional_prefix(path: Chain) -> Chain | None:
    """The longest prefix of ``document.<path>`` that ends at an optional field (``None`` when
    every field on the way is required)."""
    model: Any = Document
    longest: Chain | None = None
    for index, name in enumerate(path):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            break
        field = model.model_fields.get(name)
        if field is None:
            break
        optional, model = _optional(field.annotation)
        if optional:
            longest = path[: index + 1]
    return longest


def _tested(test: nodes.Node) -> set[Chain]:
    """The ``document.*`` chains a test reads (``find_all`` gives the descendants only, so the
    test itself is looked at too: ``{% if document.summary %}``)."""
    found = set()
    for node in [test, *test.find_all((nodes.Getattr, nodes.Getitem))]:
        root, path = chain_of(node)
        if root == "document":
            found.add(path)
    return found


def _covered(prefix: Chain, tested: set[Chain]) -> bool:
    return any(chain[: len(prefix)] == prefix for chain in tested)


def _printed(
    expression: nodes.Node | None, tested: set[Chain]
) -> Iterator[tuple[Chain, set[Chain]]]:
    """The ``document.*`` chains an output expression prints as they are, each with the chains
    tested on the way (a ``x if x`` test counts; a ``default`` filter covers everything)."""
    while isinstance(expression, nodes.Filter):
        if expression.name in ("default", "d"):
            return
        expression = expression.node
    if isinstance(expression, nodes.CondExpr):
        inner = tested | _tested(expression.test)
        yield from _printed(expression.expr1, inner)
        if expression.expr2 is not None:
            yield from _printed(expression.expr2, inner)
        return
    if expression is None:
        return
    root, path = chain_of(expression)
    if root == "document" and path:
        yield path, tested


def optional_prints(tree: nodes.Template) -> list[str]:
    """Messages for each optional ``document`` field printed without a test or a default."""
    found: dict[str, None] = {}

    def walk(node: nodes.Node, tested: set[Chain]) -> None:
        if isinstance(node, nodes.If):
            tested = tested | _tested(node.test)
        if isinstance(node, nodes.Output):
            for item in node.nodes:
                for path, seen in _printed(item, tested):
                    prefix = _optional_prefix(path)
                    if prefix is not None and not _covered(prefix, seen):
                        field = ".".join(("document", *prefix))
                        found[
                            f"{{{{ {'.'.join(('document', *path))} }}}} prints nothing when "
                            f"{field} is empty; test it ({{% if {field} %}}) or give "
                            "| default('...')"
                        ] = None
        for child in node.iter_child_nodes():
            walk(child, tested)

    walk(tree, set())
    return list(found)
