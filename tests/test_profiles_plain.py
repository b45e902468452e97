"""The checker reads the shipped profiles without pydantic (dlxh.profiles.plain); what it reads
must be what the validating registry gives, rule for rule, for every shipped version."""

from __future__ import annotations

import datetime as dt

import pytest

from dlxh.errors import NotFoundError
from dlxh.profiles import (
    BUILTIN_PROFILES,
    FormatProfile,
    PlainProfile,
    available_versions,
    get_profile,
    register_profile,
    unregister_profile,
)
from dlxh.profiles.builtin import plain_builtin


@pytest.mark.parametrize("ref", available_versions())
def test_each_shipped_version_reads_as_the_registry_validates_it(ref: str) -> None:
    plain = plain_builtin(ref)
    assert plain is not None
    assert plain == PlainProfile.of(get_profile(ref))
    validated = get_profile(ref)
    for key, rule in validated.rules.items():
        assert plain.rule(key).describe_range() == rule.describe_range(), key
        assert plain.value(key) == validated.value(key), key


@pytest.mark.parametrize(
    "day",
    [None, dt.date(2018, 4, 3), dt.date(2026, 5, 26), dt.date(2026, 5, 27), dt.date(2030, 1, 1)],
)
@pytest.mark.parametrize("family", BUILTIN_PROFILES)
def test_the_version_in_force_is_the_registrys(family: str, day: dt.date | None) -> None:
    plain = plain_builtin(family, day)
    assert plain is not None and plain.ref == get_profile(family, on=day).ref


def test_names_it_does_not_hold_go_to_the_registry() -> None:
    assert plain_builtin("lai-chau") is None
    assert plain_builtin("dang@1999") is None  # the registry reports the versions there is
    with pytest.raises(NotFoundError, match="dang@2018"):
        get_profile("dang@1999")
    plain = plain_builtin("nha-nuoc")
    assert plain is not None
    with pytest.raises(NotFoundError, match=r"no rule 'body\.nothing'"):
        plain.rule("body.nothing")
    with pytest.raises(TypeError, match="not a number"):
        plain.number("font.name")


def test_a_registered_replacement_of_a_shipped_name_wins() -> None:
    data = get_profile("nha-nuoc").model_dump(mode="json")
    data["rules"]["body.size_pt"] = {**data["rules"]["body.size_pt"], "default": 13, "min": 13}
    replacement = FormatProfile.model_validate({**data, "title": "Riêng"})
    register_profile(replacement, replace=True)
    try:
        assert plain_builtin("nha-nuoc") is None
        assert get_profile("nha-nuoc").title == "Riêng"
    finally:
        unregister_profile("nha-nuoc")
    shipped = plain_builtin("nha-nuoc")
    assert shipped is not None and shipped.title != "Riêng"
