"""Opinion surveys (điều tra dư luận xã hội): questionnaire, modes and sample design."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from dlxh.models._base import DlxhModel
from dlxh.models._enum import LabeledEnum
from dlxh.models._scalars import Day, Whole
from dlxh.models._text import Code, MultilineText, Text

__all__ = ["Choice", "Question", "QuestionKind", "SampleDesign", "Survey", "SurveyMode"]


class SurveyMode(LabeledEnum):
    """How questionnaires are collected (seed 003 §II.5)."""

    PAPER = ("paper", "phiếu giấy tự điền")
    ONLINE = ("online", "trực tuyến")
    PHONE = ("phone", "qua điện thoại")
    EMAIL = ("email", "qua thư điện tử")
    INTERVIEW = ("interview", "phỏng vấn trực tiếp")


class QuestionKind(LabeledEnum):
    SINGLE = ("single", "chọn một")
    MULTIPLE = ("multiple", "chọn nhiều")
    TEXT = ("text", "trả lời tự do")
    INTEGER = ("integer", "số nguyên")
    DECIMAL = ("decimal", "số thập phân")
    SCALE = ("scale", "thang đo")
    DATE = ("date", "ngày tháng")


_CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE})


class Choice(DlxhModel):
    value: Code
    label: Text


class Question(DlxhModel):
    """One question. Choice questions (single, multiple, scale) need at least two choices."""

    id: Code
    text: MultilineText
    kind: QuestionKind = QuestionKind.SINGLE
    choices: list[Choice] = Field(default_factory=list)
    required: bool = True
    group: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.kind in _CHOICE_KINDS and len(self.choices) < 2:
            raise ValueError(f"question {self.id} of kind {self.kind} needs at least two choices")
        if self.kind not in _CHOICE_KINDS and self.choices:
            raise ValueError(f"question {self.id} of kind {self.kind} cannot have choices")
        values = [c.value for c in self.choices]
        if len(values) != len(set(values)):
            raise ValueError(f"question {self.id} has two choices with the same value")
        return self


class SampleDesign(DlxhModel):
    """The sample design, described for the plan and the methods note.

    Column names (``strata``, ``cluster``, ``weight``, ``fpc``) refer to the response data.
    """

    description: MultilineText
    target_size: Whole | None = Field(default=None, ge=1)
    population_size: Whole | None = Field(default=None, ge=1)
    margin_of_error: float | None = Field(default=None, gt=0, lt=1)
    confidence_level: float = Field(default=0.95, gt=0, lt=1)
    strata: Code | None = None
    cluster: Code | None = None
    weight: Code | None = None
    fpc: Code | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.target_size and self.population_size and self.target_size > self.population_size:
            raise ValueError(
                f"target_size ({self.target_size}) exceeds population_size ({self.population_size})"
            )
        return self


class Survey(DlxhModel):
    """A survey: its purpose, population, questionnaire, collection modes and sample design."""

    id: Code
    title: Text = Field(max_length=500)
    purpose: MultilineText | None = None
    population: MultilineText | None = None
    modes: list[SurveyMode] = Field(default_factory=lambda: [SurveyMode.PAPER], min_length=1)
    questions: list[Question] = Field(default_factory=list)
    design: SampleDesign | None = None
    starts_on: Day | None = None
    ends_on: Day | None = None
    unit: Code | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        ids = [q.id for q in self.questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"question ids must be unique; repeated: {', '.join(duplicates)}")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError(f"ends_on ({self.ends_on}) is before starts_on ({self.starts_on})")
        if len(set(self.modes)) != len(self.modes):
            raise ValueError("modes lists the same mode twice")
        return self

    def question(self, question_id: str) -> Question:
        """The question with ``question_id`` (``KeyError`` naming it when absent)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"survey {self.id} has no question {question_id!r}")
