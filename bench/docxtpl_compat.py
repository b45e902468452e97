"""Run docxtpl's own test scripts with docxtpl and with dlxh's drop-in, and compare the documents.

    python bench/docxtpl_compat.py PATH [--only a.py,b.py] [--timeout 120] [--jobs 1] [--keep DIR]

``PATH`` is a checkout of docxtpl's repository (``git clone
https://github.com/elapouya/python-docx-template``) or its git directory (a bare clone or a
``.git`` folder: its ``tests/`` are taken with ``git archive``). Nothing of it is copied into
this repository: the scripts and templates are read from there, into temporary folders.

Every ``tests/*.py`` script runs twice, each time in a fresh copy of ``tests/`` (the scripts read
``templates/`` and write ``output/``) and in its own interpreter with a timeout, so a crash or a
hang stops only that run: once with the real docxtpl, once with ``sys.modules["docxtpl"]``
pointed at :mod:`dlxh.templating.docxtpl`. When dlxh refuses a script because the template uses a
name the script does not provide (dlxh is strict, docxtpl prints nothing), the script runs a
third time with ``DocxTemplate(path, strict=False)``, docxtpl's behaviour, and the row says
whether that gives the same document.

Each pair of output documents is compared part by part (:func:`compare_docx`): the canonical XML
(C14N 2.0: attribute order, namespace prefixes' placement and ignorable whitespace do not count;
``rsid`` attributes are dropped; relationship ids are replaced by what they point at, so
renumbering does not count but a changed target does), the text of every paragraph, the media
by their bytes, the relationships by type and target, and the content type of every member. A
script that writes no document is compared by what it prints.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import difflib
import hashlib
import io
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import nsmap
from lxml import etree

SKIPPED = {
    "__init__.py": "a package marker, not a script",
    "runtests.py": "docxtpl's driver: it runs every other script (here each runs on its own)",
    "module_execute.py": (
        "tests docxtpl's command line (python -m docxtpl, through os.system in a new "
        "interpreter), not the Python API the drop-in provides"
    ),
}
"""Scripts of docxtpl's tests/ that are not run, and why."""

ENGINES = ("docxtpl", "dlxh", "dlxh-lenient")
_UNDEFINED = "which the data does not provide"

_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
_RSID = re.compile(r"^rsid")
_PACKAGES = (".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm")


# -- comparing two documents ---------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One part that differs, and the first place where it does."""

    part: str
    detail: str

    def __str__(self) -> str:
        return f"{self.part}: {self.detail}"


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _owner(rels: str) -> str:
    """The part a ``.rels`` member describes (``""`` for the package's own)."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")])


class _Package:
    """A .docx read for comparison: members, media by hash, relationships resolved."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.members = {
                i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()
            }
        self.logical = {name: self._logical(name) for name in self.members}

    def _logical(self, name: str) -> str:
        """Media are known by their bytes (engines may number them differently), the rest by
        name."""
        if name.startswith("word/media/"):
            return "media:" + hashlib.sha1(self.members[name]).hexdigest()[:12]
        return name

    def relationships(self, part: str) -> dict[str, str]:
        """``part``'s relationship ids and what each points at: ``type -> target``."""
        data = self.members.get(_rels_name(part))
        if data is None:
            return {}
        found = {}
        folder = posixpath.dirname(part)
        for rel in etree.fromstring(data, _PARSER).iter(f"{{{_PKG}}}Relationship"):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                target = "external " + target
            else:
                member = _resolve(folder, target)
                target = self.logical.get(member, f"missing {member}")
            found[rel.get("Id", "")] = f"{kind} -> {target}"
        return found

    def content_types(self) -> dict[str, str]:
        """Every member's content type (an Override, else the Default for its extension)."""
        data = self.members.get("[Content_Types].xml", b"<Types/>")
        root = etree.fromstring(data, _PARSER)
        defaults = {
            d.get("Extension", "").lower(): d.get("ContentType", "")
            for d in root.iter(f"{{{_CT}}}Default")
        }
        overrides = {
            o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
            for o in root.iter(f"{{{_CT}}}Override")
        }
        found = {}
        for name, logical in self.logical.items():
            if name == "[Content_Types].xml":
                continue
            extension = name.rsplit(".", 1)[-1].lower()
            found[logical] = overrides.get(name, defaults.get(extension, "none"))
        return found


def _canonical_lines(xml: bytes, relationships: Mapping[str, str]) -> list[str]:
    """The part's canonical form, one element per line: the C14N 2.0 form read back (entities,
    character references and attribute order normalised), written with namespace URIs instead
    of the prefixes a serialiser happened to pick (``mc:Ignorable``'s prefixes too); rsid
    attributes dropped and relationship ids replaced by what they point at."""
    root = etree.fromstring(xml, _PARSER)
    if etree.QName(root).localname == "coreProperties":
        _properties_as_a_set(root)
    c14n: bytes = etree.tostring(root, method="c14n2", strip_text=False)  # type: ignore[call-overload]
    canonical = etree.fromstring(c14n, _PARSER)
    lines: list[str] = []
    _walk(canonical, 0, relationships, lines)
    return lines


def _walk(
    element: etree._Element, depth: int, relationships: Mapping[str, str], lines: list[str]
) -> None:
    indent = "  " * depth
    if not isinstance(element.tag, str):  # a comment or processing instruction
        lines.append(f"{indent}<!-- or <? {element.text!r}>")
    else:
        attributes = []
        for key, item in element.attrib.items():
            name, raw = str(key), str(item)
            qname = etree.QName(name)
            if _RSID.match(qname.localname):
                continue
            value = raw
            if qname.namespace == _R and raw in relationships:
                value = relationships[raw]
            elif qname.namespace == _MC and qname.localname in _PREFIX_LISTS:
                value = " ".join(sorted(_name(element.nsmap.get(p) or p) for p in raw.split()))
            attributes.append(f'{_name(name)}="{value}"')
        head = " ".join([_name(element.tag), *sorted(attributes)])
        lines.append(f"{indent}<{head}>" + (repr(element.text) if element.text else ""))
        for child in element:
            _walk(child, depth + 1, relationships, lines)
    if element.tail:
        lines.append(f"{indent}tail {element.tail!r}")


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PREFIX_LISTS = {"Ignorable", "ProcessContent", "MustUnderstand", "PreserveElements"}
_KNOWN = {uri: prefix for prefix, uri in reversed(list(nsmap.items()))}


def _name(name: str) -> str:
    """A qualified name as ``prefix:local`` with the usual prefix of its namespace (python-docx's
    table), whatever prefix the document used; an unknown namespace in full."""
    qname = etree.QName(name) if name.startswith("{") else None
    if qname is None:
        return _KNOWN.get(name, name)
    prefix = _KNOWN.get(qname.namespace or "")
    return f"{prefix}:{qname.localname}" if prefix else name


def _properties_as_a_set(root: etree._Element) -> None:
    """The core properties compared as what they are, a set of values: in any order, and an
    empty property the same as none (python-docx writes an empty element for every property
    docxtpl renders, where the template had none; both read as "")."""
    children = sorted(root, key=lambda e: str(e.tag))
    for child in children:
        root.remove(child)
        if child.text or len(child) or child.attrib:
            root.append(child)


def _paragraphs(xml: bytes) -> list[str]:
    """The text of every paragraph (tabs and breaks as characters)."""
    root = etree.fromstring(xml, _PARSER)
    found = []
    for paragraph in root.iter(f"{{{_W}}}p"):
        text = []
        for element in paragraph.iter(f"{{{_W}}}t", f"{{{_W}}}tab", f"{{{_W}}}br"):
            local = etree.QName(element).localname
            text.append(element.text or "" if local == "t" else "\t" if local == "tab" else "\n")
        found.append("".join(text))
    return found


def _first_difference(expected: Sequence[str], actual: Sequence[str], what: str) -> str:
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, expected, actual, False).get_opcodes():
        if tag == "equal":
            continue
        left = expected[i1].strip() if i1 < i2 else "(nothing)"
        right = actual[j1].strip() if j1 < j2 else "(nothing)"
        return f"{what} {i1 + 1}: docxtpl {_short(left)} / dlxh {_short(right)}"
    return f"{what}s differ"


def _short(text: str, limit: int = 110) -> str:
    text = repr(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def compare_docx(reference: bytes, candidate: bytes) -> list[Difference]:
    """How ``candidate`` (dlxh's) differs from ``reference`` (docxtpl's): an empty list when
    they are the same document."""
    ours, theirs = _Package(candidate), _Package(reference)
    differences: list[Difference] = []
    media_a = Counter(n for n in theirs.logical.values() if n.startswith("media:"))
    media_b = Counter(n for n in ours.logical.values() if n.startswith("media:"))
    if media_a != media_b:
        missing = sorted((media_a - media_b).elements())
        extra = sorted((media_b - media_a).elements())
        differences.append(
            Difference("word/media", f"only in docxtpl {missing}, only in dlxh {extra}")
        )
    names_a = {n for n in theirs.members if not n.startswith("word/media/")}
    names_b = {n for n in ours.members if not n.startswith("word/media/")}
    for name in sorted(names_a - names_b):
        differences.append(Difference(name, "only in docxtpl's document"))
    for name in sorted(names_b - names_a):
        differences.append(Difference(name, "only in dlxh's document"))
    types_a, types_b = theirs.content_types(), ours.content_types()
    for name in sorted(set(types_a) & set(types_b)):
        if types_a[name] != types_b[name]:
            differences.append(
                Difference(f"[Content_Types].xml {name}", f"{types_a[name]} / {types_b[name]}")
            )
    for name in sorted(names_a & names_b):
        if name == "[Content_Types].xml":
            continue
        found = _compare_member(theirs, ours, name)
        if found is not None:
            differences.append(Difference(name, found))
    return differences


def _compare_member(theirs: _Package, ours: _Package, name: str) -> str | None:
    a, b = theirs.members[name], ours.members[name]
    if name.endswith(".rels"):
        owner = _owner(name)
        rels_a = sorted(theirs.relationships(owner).values())
        rels_b = sorted(ours.relationships(owner).values())
        return None if rels_a == rels_b else _first_difference(rels_a, rels_b, "relationship")
    if name.endswith(_PACKAGES) and a != b and zipfile.is_zipfile(io.BytesIO(a)):
        # an embedded document: the same when its own parts are (zips differ by their dates)
        inner = compare_docx(a, b) if zipfile.is_zipfile(io.BytesIO(b)) else None
        if inner is None:
            return "dlxh's is not a zip"
        return "; ".join(str(d) for d in inner[:2]) or None
    if not name.endswith(".xml"):
        return None if a == b else "the bytes differ"
    lines_a = _canonical_lines(a, theirs.relationships(name))
    lines_b = _canonical_lines(b, ours.relationships(name))
    if lines_a == lines_b:
        return None
    text_a, text_b = _paragraphs(a), _paragraphs(b)
    if text_a != text_b:
        return "text differs, " + _first_difference(text_a, text_b, "paragraph")
    return "same text, XML differs, " + _first_difference(lines_a, lines_b, "line")


# -- running the scripts -------------------------------------------------------------------


@dataclass
class Run:
    """One script run with one engine."""

    code: int | None  # None: timed out
    stdout: str
    stderr: str
    seconds: float
    outputs: dict[str, bytes] = field(default_factory=dict)

    @property
    def error(self) -> str:
        if self.code is None:
            return "timed out"
        lines = [line for line in self.stderr.strip().splitlines() if line.strip()]
        return lines[-1].strip() if lines else f"exit code {self.code}"


@dataclass
class Row:
    script: str
    outputs: int
    result: str
    same: bool
    same_lenient: bool = False  # the same document with strict=False (docxtpl's lenient names)


def tests_folder(path: Path, into: Path) -> Path:
    """docxtpl's ``tests/`` folder: in a checkout, or taken from a git directory."""
    if (path / "tests" / "templates").is_dir():
        return path / "tests"
    if not ((path / "HEAD").is_file() or (path / ".git").exists()):
        raise SystemExit(f"{path}: neither a docxtpl checkout (tests/templates) nor a git dir")
    git_dir = path / ".git" if (path / ".git").exists() else path
    archive = subprocess.run(
        ["git", "--git-dir", str(git_dir), "archive", "--format=tar", "HEAD", "tests"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "tests"


def scripts(tests: Path) -> list[str]:
    """The scripts to run, in name order (without :data:`SKIPPED`)."""
    return sorted(p.name for p in tests.glob("*.py") if p.name not in SKIPPED)


def run_script(tests: Path, script: str, engine: str, timeout: float, work: Path) -> Run:
    """Run ``script`` with ``engine`` in a fresh copy of ``tests`` under ``work``."""
    folder = work / f"{Path(script).stem}-{engine}"
    shutil.copytree(tests, folder)
    (folder / "output").mkdir(exist_ok=True)
    command = [sys.executable, os.path.abspath(__file__), "--child", engine, script]
    environment = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            check=False,
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=environment,
        )
        code, stdout, stderr = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as exc:
        code, stdout, stderr = None, _text(exc.stdout), _text(exc.stderr)
    run = Run(code, stdout, stderr, time.perf_counter() - started)
    output = folder / "output"
    for file in sorted(output.rglob("*")):
        if file.is_file():
            run.outputs[file.relative_to(output).as_posix()] = file.read_bytes()
    return run


def _text(value: bytes | str | None) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else value or ""


def compare_runs(reference: Run, candidate: Run) -> tuple[bool, str]:
    """Whether dlxh's run gives docxtpl's documents, and what the row says."""
    if candidate.code != 0 and reference.code == 0:
        return False, f"dlxh failed: {_short(candidate.error, 160)}"
    if reference.code != 0 and candidate.code != 0:
        return False, f"both failed: docxtpl {_short(reference.error, 80)}"
    if reference.code != 0:
        return False, f"docxtpl failed ({_short(reference.error, 80)}), dlxh did not"
    problems: list[str] = []
    for name in sorted(set(reference.outputs) | set(candidate.outputs)):
        if name not in candidate.outputs:
            problems.append(f"{name}: not written by dlxh")
        elif name not in reference.outputs:
            problems.append(f"{name}: written by dlxh only")
        elif name.endswith(".docx"):
            found = compare_docx(reference.outputs[name], candidate.outputs[name])
            if found:
                shown = "; ".join(str(d) for d in found[:3])
                more = f" (+{len(found) - 3} more)" if len(found) > 3 else ""
                problems.append(f"{name}: {shown}{more}")
        elif reference.outputs[name] != candidate.outputs[name]:
            problems.append(f"{name}: the bytes differ")
    if not reference.outputs and reference.stdout != candidate.stdout:
        out_a, out_b = reference.stdout.splitlines(), candidate.stdout.splitlines()
        problems.append("prints differently, " + _first_difference(out_a, out_b, "line"))
    if problems:
        return False, "differs: " + " | ".join(problems)
    return True, "same" if reference.outputs else "same (prints the same; writes no document)"


def check_script(tests: Path, script: str, timeout: float, work: Path) -> Row:
    reference = run_script(tests, script, "docxtpl", timeout, work)
    candidate = run_script(tests, script, "dlxh", timeout, work)
    same, result = compare_runs(reference, candidate)
    same_lenient = False
    if not same and candidate.code != 0 and _UNDEFINED in candidate.stderr:
        lenient = run_script(tests, script, "dlxh-lenient", timeout, work)
        same_lenient, result_lenient = compare_runs(reference, lenient)
        name = re.search(r"uses '([^']+)', " + _UNDEFINED, candidate.stderr)
        why = f"strict: {name[1]!r} is undefined" if name else "strict undefined names"
        if same_lenient:
            result = f"same with strict=False ({why}; dlxh refuses it by default)"
        else:
            result = f"{result}; with strict=False: {result_lenient}"
    return Row(script, len(reference.outputs), result, same, same_lenient)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="docxtpl's checkout or git directory")
    parser.add_argument("--only", default="", help="comma-separated script names")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run")
    parser.add_argument("--jobs", type=int, default=1, help="scripts run at once")
    parser.add_argument("--keep", type=Path, help="keep the runs' folders here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="docxtpl-compat-") as temporary:
        work = args.keep.resolve() if args.keep else Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        tests = tests_folder(args.path.resolve(), Path(temporary) / "checkout")
        names = scripts(tests)
        skipped = sorted(set(SKIPPED) & {p.name for p in tests.glob("*.py")})
        if args.only:
            wanted = {n if n.endswith(".py") else f"{n}.py" for n in args.only.split(",")}
            names = [n for n in names if n in wanted]
        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            rows = list(pool.map(lambda n: check_script(tests, n, args.timeout, work), names))
    print_table(rows, skipped)
    return 0


def print_table(rows: Sequence[Row], skipped: Sequence[str] = ()) -> None:
    width = max([len(r.script) for r in rows] + [6])
    print(f"{'script':<{width}}  outputs  result")
    for row in rows:
        print(f"{row.script:<{width}}  {row.outputs:>7}  {row.result}")
    for name in skipped:
        print(f"{name:<{width}}  {'-':>7}  skipped: {SKIPPED[name]}")
    same = sum(r.same for r in rows)
    lenient = sum(r.same_lenient for r in rows)
    print(
        f"{same} of {len(rows)} scripts give the same document"
        + (f"; {lenient} more with DocxTemplate(path, strict=False)" if lenient else "")
    )


# -- the child: one script, one engine -----------------------------------------------------


def _child(engine: str, script: str) -> None:
    """Run ``script`` (in the current folder) with ``engine`` as the ``docxtpl`` module (dlxh
    is imported only for dlxh's runs, so docxtpl's runs are docxtpl alone)."""
    import runpy  # noqa: PLC0415

    if engine != "docxtpl":
        import types  # noqa: PLC0415

        from dlxh.templating import docxtpl as dropin  # noqa: PLC0415

        module: types.ModuleType = dropin
        if engine == "dlxh-lenient":
            module = types.ModuleType("docxtpl", dropin.__doc__)
            module.__dict__.update({k: v for k, v in vars(dropin).items() if k in dropin.__all__})

            class DocxTemplate(dropin.DocxTemplate):
                def __init__(self, template_file: object, **options: object) -> None:
                    super().__init__(template_file, strict=False, **options)  # type: ignore[arg-type]

            module.DocxTemplate = DocxTemplate  # type: ignore[attr-defined]
        sys.modules["docxtpl"] = module
    sys.argv = [script]
    runpy.run_path(f"./{script}", run_name="__main__")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        if sys.argv[2] not in ENGINES:
            raise SystemExit(f"unknown engine {sys.argv[2]!r}")
        _child(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(main())
