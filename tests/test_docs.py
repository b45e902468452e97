"""The documentation is tested: its examples run, and every public name is documented.

How the examples run
--------------------
* Every fenced block in ``docs/**/*.md`` whose language is ``python`` or ``py`` is executed;
  the fence may carry attributes (```` ```python title="report.py" ````) and may be indented
  (inside an admonition or a list). Blocks marked ``text``, ``console``, ``yaml``, ``json`` ...
  are only shown, never run. Add ``notest`` to the info string (```` ```python notest ````) to
  show a block without running it.
* The blocks of one page run in order in **one shared namespace**, so a later block can use the
  names an earlier block defined. Each page is its own test case (parametrised by file name).
* A block that starts with ``>>>`` is a doctest: its printed output and values must match
  what the page shows (``ELLIPSIS`` and ``NORMALIZE_WHITESPACE`` are on, so long output may be
  wrapped and ``...`` elides). Any other block is plain code that checks itself with ``assert``.
* The working directory is the **repository root**, so ``examples/data`` resolves as it does
  for a reader who cloned the repository. Examples that write files make their own temporary
  folder with :mod:`tempfile`, so the tests never write into the repository.
* A failure names the page, the block number (1-based, counting executed blocks only) and the
  line of the page where the block starts.

Documented names
----------------
Every name in ``dlxh.__all__``, ``dlxh.models.__all__`` and ``dlxh.vn.__all__`` must be
mentioned in the docs: either as a word in a page, or through an mkdocstrings directive
(``::: dlxh.models``) for a module whose ``__all__`` exports the same object (the reference
pages render ``__all__`` members, see ``filters: public`` in ``mkdocs.yml``).
"""

from __future__ import annotations

import doctest
import importlib
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
_RUN_LANGUAGES = frozenset({"python", "py"})
_DIRECTIVE = re.compile(r"^[ \t]*:::[ \t]+(?P<path>[\w.]+)", re.MULTILINE)
_DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    page: str
    line: int  # 1-based line of the opening fence
    language: str
    options: tuple[str, ...]
    code: str

    @property
    def runs(self) -> bool:
        return self.language in _RUN_LANGUAGES and "notest" not in self.options


def _language(info: str) -> tuple[str, tuple[str, ...]]:
    """The language and the other words of an info string (``python title="x"``, ``{.python}``)."""
    info = info.strip()
    if info.startswith("{") and info.endswith("}"):
        words = info[1:-1].split()
        language = next((w[1:] for w in words if w.startswith(".")), "")
        return language.lower(), tuple(words)
    words = info.split()
    if not words:
        return "", ()
    return words[0].lower(), tuple(words[1:])


def code_blocks(path: Path) -> list[Block]:
    """Every fenced block of a page of ``docs/``."""
    return parse_blocks(path.read_text(encoding="utf-8"), path.relative_to(DOCS).as_posix())


def parse_blocks(text: str, page: str) -> list[Block]:
    """Every fenced block of Markdown ``text``, dedented by the indentation of its fence."""
    lines = text.splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE_OPEN.match(lines[index])
        if opening is None:
            index += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        language, options = _language(opening["info"])
        body: list[str] = []
        end = index + 1
        while end < len(lines):
            stripped = lines[end].strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                break
            text = lines[end]
            body.append(text[len(indent) :] if text.startswith(indent) else text.lstrip())
            end += 1
        else:
            raise AssertionError(f"{page}:{index + 1}: code fence {fence} is never closed")
        blocks.append(Block(page, index + 1, language, options, "\n".join(body) + "\n"))
        index = end + 1
    return blocks


def _pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def _pages_with_python() -> list[Path]:
    return [page for page in _pages() if any(b.runs for b in code_blocks(page))]


def _run_doctest(block: Block, namespace: dict[str, Any], number: int) -> None:
    name = f"{block.page} block {number}"
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.code, namespace, name, str(DOCS / block.page), block.line)
    output: list[str] = []
    runner = doctest.DocTestRunner(optionflags=_DOCTEST_FLAGS, verbose=False)
    result = runner.run(test, out=output.append, clear_globs=False)
    namespace.update(test.globs)  # DocTest works on a copy: share what the block defined
    if result.failed:
        pytest.fail(
            f"{block.page}: block {number} (line {block.line}) failed its doctest:\n"
            + "".join(output),
            pytrace=False,
        )


def _run_code(block: Block, namespace: dict[str, Any], number: int) -> None:
    # Pad with blank lines so a traceback's line numbers are those of the Markdown file.
    source = "\n" * block.line + block.code
    try:
        exec(compile(source, str(DOCS / block.page), "exec"), namespace)
    except (Exception, SystemExit) as exc:
        # Skip the frame of this function: the traceback starts in the page.
        details = "".join(traceback.format_exception(exc.with_traceback(exc.__traceback__.tb_next)))
        failure = f"{block.page}: block {number} (line {block.line}) raised {exc!r}\n{details}"
    else:
        return
    pytest.fail(failure, pytrace=False)


@pytest.mark.parametrize("page", _pages_with_python(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, Any] = {"__name__": f"docs.{page.stem.replace('-', '_')}"}
    runnable = [block for block in code_blocks(page) if block.runs]
    for number, block in enumerate(runnable, start=1):
        if block.code.lstrip().startswith(">>>"):
            _run_doctest(block, namespace, number)
        else:
            _run_code(block, namespace, number)


def test_some_pages_have_examples() -> None:
    """Guard against a parser change that would silently find no example at all."""
    pages = {page.relative_to(DOCS).as_posix() for page in _pages_with_python()}
    assert {"models.md", "vn.md", "data-files.md"} <= pages


def test_block_parser() -> None:
    text = (
        '```python title="a.py"\nx = 1\n```\n'
        "```text\nnot run\n```\n"
        "    ```py\n    y = 2\n    ```\n"
        "```python notest\nraise SystemExit\n```\n"
    )
    blocks = parse_blocks(text, "check.md")
    assert [(b.language, b.runs, b.code) for b in blocks] == [
        ("python", True, "x = 1\n"),
        ("text", False, "not run\n"),
        ("py", True, "y = 2\n"),
        ("python", False, "raise SystemExit\n"),
    ]
    assert blocks[0].options == ('title="a.py"',)


# -- every public name is documented ----------------------------------------------------------


def _docs_text() -> str:
    return "\n".join(page.read_text(encoding="utf-8") for page in _pages())


def _directive_modules(text: str) -> list[ModuleType]:
    modules = []
    for path in _DIRECTIVE.findall(text):
        try:
            modules.append(importlib.import_module(path))
        except ImportError:
            continue  # a directive for a class or function, not a module
    return modules


def _covered_by_directive(name: str, obj: object, modules: list[ModuleType]) -> bool:
    for module in modules:
        exported = getattr(module, "__all__", ())
        if name in exported and getattr(module, name, None) is obj:
            return True
    return False


_PUBLIC_MODULES = ("dlxh", "dlxh.models", "dlxh.vn")


@pytest.mark.parametrize("module_name", _PUBLIC_MODULES)
def test_public_names_are_documented(module_name: str) -> None:
    module = importlib.import_module(module_name)
    text = _docs_text()
    directives = _directive_modules(text)
    missing = []
    for name in module.__all__:
        obj = getattr(module, name)
        mentioned = re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text) is not None
        if not mentioned and not _covered_by_directive(name, obj, directives):
            missing.append(name)
    assert not missing, f"{module_name}: not documented anywhere in docs/: {', '.join(missing)}"


def test_reference_pages_cover_the_public_modules() -> None:
    """The API reference renders dlxh.models, dlxh.vn, dlxh.io and dlxh.errors."""
    found = set(_DIRECTIVE.findall(_docs_text()))
    assert {"dlxh.models", "dlxh.vn", "dlxh.io", "dlxh.errors"} <= found
