"""The top-level models by name, for ``dlxh schema NAME`` and ``dlxh validate --model NAME``."""

from __future__ import annotations

from dlxh.models._base import DlxhModel
from dlxh.models.collaborator import Collaborator
from dlxh.models.dataset import Dataset
from dlxh.models.document import Document
from dlxh.models.event import Event
from dlxh.models.followup import FollowUp
from dlxh.models.opinion import OpinionItem
from dlxh.models.report import OpinionReport
from dlxh.models.survey import Survey
from dlxh.models.unit import Unit

__all__ = ["MODELS", "model_by_name"]

MODELS: dict[str, type[DlxhModel]] = {
    "dataset": Dataset,
    "unit": Unit,
    "collaborator": Collaborator,
    "opinion-item": OpinionItem,
    "opinion-report": OpinionReport,
    "follow-up": FollowUp,
    "survey": Survey,
    "event": Event,
    "document": Document,
}


def model_by_name(name: str) -> type[DlxhModel]:
    """Find a model by its CLI name or class name, case-insensitively (``KeyError`` lists them)."""
    key = name.strip().lower().replace("_", "-")
    for cli_name, model in MODELS.items():
        if key in (cli_name, model.__name__.lower(), cli_name.replace("-", "")):
            return model
    raise KeyError(f"unknown model {name!r}; choose one of: {', '.join(MODELS)}")
