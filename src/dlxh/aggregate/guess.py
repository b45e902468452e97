"""A classifier's answer that says what it rests on.

A :data:`~dlxh.aggregate.synthesis.Classifier` returns ``(field, tendency)``. A :class:`Guess` is
that very pair — it unpacks, compares and prints as the tuple, so code written for plain
classifiers keeps working — carrying for each value how it was found (``"model"``,
``"keywords"``) and with what probability, which :func:`~dlxh.aggregate.synthesize` copies into
each :class:`~dlxh.aggregate.synthesis.Inference`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dlxh.models import OpinionField, Tendency

__all__ = ["Guess"]


class Guess(tuple["OpinionField | None", "Tendency | None"]):
    """``(field, tendency)`` with the confidence and method of each."""

    field_confidence: float | None
    tendency_confidence: float | None
    field_method: str | None
    tendency_method: str | None

    def __new__(
        cls,
        field: OpinionField | None,
        tendency: Tendency | None,
        *,
        field_confidence: float | None = None,
        tendency_confidence: float | None = None,
        field_method: str | None = None,
        tendency_method: str | None = None,
    ) -> Guess:
        guess = super().__new__(cls, (field, tendency))
        guess.field_confidence = field_confidence
        guess.tendency_confidence = tendency_confidence
        guess.field_method = field_method
        guess.tendency_method = tendency_method
        return guess
