"""The exception hierarchy of dlxh.

Errors about files, data sets, templates, checks and plugins derive from :class:`DlxhError`, so
an application can catch one type and show ``str(error)`` to its user: the message names what was
wrong (the file, the field path, the value expected). Building a model in Python raises pydantic's
``ValidationError`` (a ``ValueError``) and a bad argument to a small helper (``Period.parse``,
``to_roman``) a plain ``ValueError``, as Python code expects; :func:`dlxh.io.validate` and the
loaders turn pydantic's errors into :class:`DataValidationError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dlxh.quoting import MESSAGE_CHARS, QUOTE_CHARS, cut

__all__ = [
    "CheckError",
    "DataValidationError",
    "DlxhError",
    "FieldProblem",
    "InputError",
    "NotFoundError",
    "PdfError",
    "PluginError",
    "SecurityWarning",
    "TemplateError",
]


class DlxhError(Exception):
    """Base class of every error raised by dlxh."""


class InputError(DlxhError, OSError):
    """A file or stream could not be read or written, or is not in the expected format.

    It is also an :class:`OSError` so code that already handles I/O failures keeps working.
    """

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.path = None if path is None else str(path)
        super().__init__(f"{self.path}: {message}" if self.path else message)


class FieldProblem:
    """One problem with one field: where it is (a dotted path), what is wrong, what was given.

    ``source`` names the file the field comes from when a problem spans several files (a dataset
    loaded from a folder); the path is then relative to that file.
    """

    __slots__ = ("location", "message", "source", "value")

    def __init__(
        self, location: str, message: str, value: object = None, source: str | None = None
    ) -> None:
        self.location = location
        self.message = message
        self.value = value
        self.source = source

    def __repr__(self) -> str:
        return f"FieldProblem({self.location!r}, {self.message!r})"

    def __str__(self) -> str:
        # The location holds keys from the input and the message may quote a value: both cut.
        where = cut(self.location, QUOTE_CHARS) or "(document root)"
        prefix = f"{self.source}: " if self.source else ""
        return f"{prefix}{where}: {cut(self.message, MESSAGE_CHARS)}"


class DataValidationError(DlxhError, ValueError):
    """Data does not fit a dlxh model.

    ``problems`` lists every failing field with its full path (``reports.3.items.0.tendency``),
    so a user can find it in a YAML file of thousands of lines. The message lists the first
    :data:`LISTED_PROBLEMS` of them and counts the rest, so it stays readable (and small) when a
    file has a bad value on every line.
    """

    LISTED_PROBLEMS = 50

    def __init__(
        self,
        model: str,
        problems: Sequence[FieldProblem],
        *,
        source: str | Path | None = None,
    ) -> None:
        self.model = model
        self.problems = list(problems)
        self.source = None if source is None else str(source)
        where = f"{self.source}: " if self.source else ""
        count = len(self.problems)
        head = f"{where}invalid {model} ({count} problem{'s' if count != 1 else ''})"
        lines = [head, *(f"  - {p}" for p in self.problems[: self.LISTED_PROBLEMS])]
        if count > self.LISTED_PROBLEMS:
            lines.append(f"  … and {count - self.LISTED_PROBLEMS:,} more")
        super().__init__("\n".join(lines))


class NotFoundError(DlxhError, LookupError):
    """A profile, template or other named thing does not exist; the message lists what does."""


class TemplateError(DlxhError):
    """A document template is malformed or asks for data the model does not provide.

    An error that comes from Jinja (a syntax error, an undefined name, an unsafe expression) is
    also a ``jinja2.TemplateError`` of the same kind (:mod:`dlxh.templating.jinja_errors`), so
    code written for docxtpl (``except jinja2.TemplateError``) still catches it.
    ``docx_context`` holds the text of the template's paragraphs around a syntax error, as
    docxtpl gives it (empty for other errors).
    """

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.docx_context: list[str] = []


class CheckError(DlxhError):
    """The format checker could not examine a document (not the same as finding deviations)."""


class PluginError(DlxhError):
    """A plugin failed to load, declared an unknown hook or registered a duplicate."""


class PdfError(DlxhError):
    """A document could not be exported to PDF: LibreOffice is missing, failed or timed out."""


class SecurityWarning(UserWarning):
    """dlxh removed or refused something unsafe in an input and went on (a template's links to
    content outside the document); the message says what and how to keep it."""
