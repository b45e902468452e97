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
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docx_compare import compare_docx, first_difference, short

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
        return False, f"dlxh failed: {short(candidate.error, 160)}"
    if reference.code != 0 and candidate.code != 0:
        return False, f"both failed: docxtpl {short(reference.error, 80)}"
    if reference.code != 0:
        return False, f"docxtpl failed ({short(reference.error, 80)}), dlxh did not"
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
        problems.append("prints differently, " + first_difference(out_a, out_b, "line"))
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
