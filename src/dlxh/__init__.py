"""dlxh: a library for Vietnam's social-opinion work (công tác dư luận xã hội).

The public API is re-exported here; submodules hold the details:

* :mod:`dlxh.models` — typed domain models (pydantic v2).
* :mod:`dlxh.io` — load and save models as YAML or JSON.
* :mod:`dlxh.vn` — Vietnamese dates, numbers, words, collation, administrative units.
* :mod:`dlxh.profiles` — the State and Party format profiles, as data.
* :mod:`dlxh.render` — official documents from data, through Word templates; many at once with
  ``dlxh.render_many`` (imported on first use: the template engine is not needed to load data).
* :mod:`dlxh.templating` — the docxtpl-compatible template engine they are built on.
* :mod:`dlxh.check` — does a .docx follow its format? (``dlxh.check(path)``)
* :mod:`dlxh.errors` — the exception hierarchy rooted at :class:`DlxhError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlxh._lazy import lazy_exports
from dlxh._version import __version__
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

if TYPE_CHECKING:
    from dlxh.check import CheckReport, check
    from dlxh.hookspecs import (
        hookimpl,
    )
    from dlxh.io import (
        dump,
        dumps,
        load,
        load_dataset,
        loads,
        validate,
    )
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
    from dlxh.plugins import (
        load_plugins,
    )
    from dlxh.render import RenderJob, render_document, render_many
    from dlxh.templating import Template

_LAZY: dict[str, str] = {
    "CheckReport": "dlxh.check",
    "check": "dlxh.check",
    "RenderJob": "dlxh.render",
    "Template": "dlxh.templating",
    "render_document": "dlxh.render",
    "render_many": "dlxh.render",
    "hookimpl": "dlxh.hookspecs",
    "dump": "dlxh.io",
    "dumps": "dlxh.io",
    "load": "dlxh.io",
    "load_dataset": "dlxh.io",
    "loads": "dlxh.io",
    "validate": "dlxh.io",
    "Collaborator": "dlxh.models",
    "Dataset": "dlxh.models",
    "Document": "dlxh.models",
    "DocumentType": "dlxh.models",
    "Event": "dlxh.models",
    "FollowUp": "dlxh.models",
    "Issuer": "dlxh.models",
    "OpinionItem": "dlxh.models",
    "OpinionReport": "dlxh.models",
    "Period": "dlxh.models",
    "Profile": "dlxh.models",
    "Signer": "dlxh.models",
    "Survey": "dlxh.models",
    "Unit": "dlxh.models",
    "load_plugins": "dlxh.plugins",
}
"""Where each public name lives: imported on first use, so that importing the package (the
command line starting, a checker answering) does not load every module it offers."""


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)

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
