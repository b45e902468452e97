"""Every model survives JSON and YAML round trips unchanged (property-based)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from dlxh.io import dumps, loads
from dlxh.models import Dataset, Period
from strategies import ALL_MODELS, datasets, periods

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("name", sorted(ALL_MODELS))
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_model_round_trips(name: str, fmt: str) -> None:
    @SETTINGS
    @given(ALL_MODELS[name])
    def check(model: BaseModel) -> None:
        text = dumps(model, fmt)  # type: ignore[arg-type]
        again = loads(text, type(model), format=fmt)  # type: ignore[arg-type]
        assert again == model
        # Serialising again gives the very same text: the normal form is stable.
        assert dumps(again, fmt) == text  # type: ignore[arg-type]

    check()


@SETTINGS
@given(datasets)
def test_dataset_round_trips_through_both_formats(dataset: Dataset) -> None:
    via_yaml = loads(dumps(dataset, "yaml"), Dataset, format="yaml")
    via_json = loads(dumps(via_yaml, "json"), Dataset, format="json")
    assert via_json == dataset


@given(periods())
def test_period_string_round_trip(period: Period) -> None:
    assert Period.parse(str(period)) == period
    assert period.start <= period.end
    assert period.contains(period.start) and period.contains(period.end)


@given(st.lists(periods(), min_size=2, max_size=6))
def test_period_ordering_is_total(items: list[Period]) -> None:
    ordered = sorted(items)
    assert all(a <= b for a, b in itertools.pairwise(ordered))


def test_schema_export_for_every_model() -> None:
    from dlxh.models import MODELS

    for name, model in MODELS.items():
        schema = model.model_json_schema()
        assert schema["type"] == "object", name
        assert schema["properties"], name
