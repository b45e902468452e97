"""Design-based survey statistics (Taylor linearisation), agreeing with R's ``survey`` package.

Build a :class:`Design` from a table, then call :func:`mean`, :func:`total`, :func:`proportion`,
:func:`ciprop`, :func:`ratio` (each with ``by=`` for domains), :func:`crosstab` for a Rao–Scott
test, :func:`poststratify`/:func:`rake` to adjust weights, and the planning helpers.
"""

from __future__ import annotations

from dlxh.survey.crosstab import crosstab
from dlxh.survey.design import Design, Frame, LonelyPSU
from dlxh.survey.estimates import ciprop, mean, proportion, ratio, total
from dlxh.survey.importers import META_COLUMNS, Responses, parse_mode, parse_number, read_responses
from dlxh.survey.intervals import beta_ci, logit_ci, wald_ci, wilson_ci
from dlxh.survey.planning import margin_of_error, representativeness, sample_size
from dlxh.survey.results import (
    CategoryComparison,
    Crosstab,
    Estimate,
    Representativeness,
    WeightingEffect,
)
from dlxh.survey.weighting import poststratify, rake, weighting_effect
from dlxh.survey.xlsform import SKIPPED_TYPES, read_xlsform, survey_to_xlsform

__all__ = [
    "META_COLUMNS",
    "SKIPPED_TYPES",
    "CategoryComparison",
    "Crosstab",
    "Design",
    "Estimate",
    "Frame",
    "LonelyPSU",
    "Representativeness",
    "Responses",
    "WeightingEffect",
    "beta_ci",
    "ciprop",
    "crosstab",
    "logit_ci",
    "margin_of_error",
    "mean",
    "parse_mode",
    "parse_number",
    "poststratify",
    "proportion",
    "rake",
    "ratio",
    "read_responses",
    "read_xlsform",
    "representativeness",
    "sample_size",
    "survey_to_xlsform",
    "total",
    "wald_ci",
    "weighting_effect",
    "wilson_ci",
]
