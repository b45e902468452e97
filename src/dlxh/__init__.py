"""dlxh: a library for Vietnam's social-opinion work (công tác dư luận xã hội).

The public API is re-exported here; submodules hold the details:

* :mod:`dlxh.models` — typed domain models (pydantic v2).
* :mod:`dlxh.io` — load and save models as YAML or JSON.
* :mod:`dlxh.vn` — Vietnamese dates, numbers, words, collation, administrative units.
* :mod:`dlxh.profiles` — the State and Party format profiles, as data.
* :mod:`dlxh.render` — official documents from data, through Word templates; many at once with
  ``dlxh.render_many`` (imported on first use: the template engine is not needed to load data).
* :mod:`dlxh.check` — does a .docx follow its format? (``dlxh.check(path)``)
* :mod:`dlxh.errors` — the exception hierarchy rooted at :class:`DlxhError`.
"""

from typing import TYPE_CHECKING, Any

from dlxh._version import __version__
from dlxh.check import CheckReport, check
from dlxh.errors import (
    CheckError,
    DataValidationError,
    DlxhError,
    InputError,
    NotFoundError,
    PdfError,
    PluginError,
    TemplateError,
)
from dlxh.hookspecs import hookimpl
from dlxh.io import dump, dumps, load, load_dataset, loads, validate
from dlxh.models import (
    Collaborator,
    Dataset,
    Document,
    DocumentType,
    Event,
    FollowUp,
    Issuer,
    OpinionItem,
    OpinionReport,
    Period,
    Profile,
    Signer,
    Survey,
    Unit,
)
from dlxh.plugins import load_plugins

if TYPE_CHECKING:
    from dlxh.render import RenderJob, Template, render_document, render_many

_RENDERING = {"RenderJob", "Template", "render_document", "render_many"}


def __getattr__(name: str) -> Any:
    if name in _RENDERING:
        import dlxh.render  # noqa: PLC0415 (lazy: the engine loads docxtpl and python-docx)

        return getattr(dlxh.render, name)
    raise AttributeError(f"module 'dlxh' has no attribute {name!r}")


__all__ = [
    "CheckError",
    "CheckReport",
    "Collaborator",
    "DataValidationError",
    "Dataset",
    "DlxhError",
    "Document",
    "DocumentType",
    "Event",
    "FollowUp",
    "InputError",
    "Issuer",
    "NotFoundError",
    "OpinionItem",
    "OpinionReport",
    "PdfError",
    "Period",
    "PluginError",
    "Profile",
    "RenderJob",
    "Signer",
    "Survey",
    "Template",
    "TemplateError",
    "Unit",
    "__version__",
    "check",
    "dump",
    "dumps",
    "hookimpl",
    "load",
    "load_dataset",
    "load_plugins",
    "loads",
    "render_document",
    "render_many",
    "validate",
]
