"""``dlxh survey``: design-based estimates, sample sizes, and the survey's plan and report."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.markup import escape
from rich.table import Table

from dlxh.cli._errors import cli_errors, stdout
from dlxh.errors import InputError
from dlxh.io import load
from dlxh.models import Signer, Survey, Unit
from dlxh.render import render_document
from dlxh.reports import survey_plan_document, survey_results_document
from dlxh.survey import (
    Design,
    Estimate,
    ciprop,
    margin_of_error,
    mean,
    read_responses,
    representativeness,
    sample_size,
    total,
    weighting_effect,
)
from dlxh.vn import format_number, format_percent

__all__ = ["survey_app"]

survey_app = typer.Typer(
    help="Survey statistics (agreeing with R's survey package) and survey documents.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

CiMethod = Literal["logit", "wilson", "beta"]


def _design(
    data: Path, weight: str | None, strata: str | None, cluster: str | None, fpc: str | None
) -> tuple[Design, int]:
    responses = read_responses(data)
    design = Design(responses.columns, weights=weight, strata=strata, cluster=cluster, fpc=fpc)
    return design, responses.n


def _estimates(  # noqa: PLR0917 (the estimate options, one by one)
    design: Design,
    means: list[str],
    totals: list[str],
    props: list[str],
    by: str | None,
    ci: CiMethod,
    level: float,
) -> list[Estimate]:
    found: list[Estimate] = []

    def add(result: Estimate | list[Estimate]) -> None:
        found.extend(result if isinstance(result, list) else [result])

    for column in means:
        add(mean(design, column, by=by, na_rm=True, level=level))
    for column in totals:
        add(total(design, column, by=by, na_rm=True, level=level))
    for spec in props:
        column, sep, value = spec.partition("=")
        if not sep:
            raise InputError(f"--prop takes COLUMN=VALUE, got {spec!r}")
        add(ciprop(design, column, value, method=ci, by=by, na_rm=True, level=level))
    if not found:
        raise InputError("nothing to estimate: give --mean, --total or --prop")
    return found


def _row(estimate: Estimate) -> dict[str, Any]:
    variable = estimate.variable
    if estimate.category is not None:
        variable = f"{variable}={estimate.category}"
    return {
        "variable": variable,
        "statistic": estimate.statistic,
        "domain": estimate.domain,
        "estimate": estimate.estimate,
        "se": estimate.se,
        "ci_low": estimate.ci_low,
        "ci_high": estimate.ci_high,
        "deff": estimate.deff,
        "df": estimate.df,
        "n": estimate.n,
    }


_STATISTIC_NAMES = {
    "mean": "trung bình",
    "total": "tổng",
    "proportion": "tỷ lệ",
    "ciprop": "tỷ lệ",
    "ratio": "tỷ số",
}
"""Statistic names as the Vietnamese table prints them (the JSON keeps the English codes)."""


@survey_app.command("estimate")
@cli_errors
def estimate_command(  # noqa: PLR0917 (Typer maps each option to a parameter)
    data: Annotated[Path, typer.Argument(help="Responses as CSV or XLSX (Kobo/ODK exports too).")],
    weight: Annotated[str | None, typer.Option(help="Weight column.")] = None,
    strata: Annotated[str | None, typer.Option(help="Stratum column.")] = None,
    cluster: Annotated[str | None, typer.Option(help="PSU (cluster) column.")] = None,
    fpc: Annotated[str | None, typer.Option(help="Population size or sampling fraction.")] = None,
    mean_of: Annotated[list[str] | None, typer.Option("--mean", help="Column to average.")] = None,
    total_of: Annotated[list[str] | None, typer.Option("--total", help="Column to total.")] = None,
    prop: Annotated[
        list[str] | None, typer.Option("--prop", help="COLUMN=VALUE: share of a category.")
    ] = None,
    by: Annotated[
        str | None, typer.Option(help="Estimate within each value of this column.")
    ] = None,
    ci: Annotated[str, typer.Option(help="Interval for shares: logit, wilson or beta.")] = "logit",
    level: Annotated[float, typer.Option(help="Confidence level.")] = 0.95,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Design-based estimates with standard errors, intervals and design effects."""
    if ci not in ("logit", "wilson", "beta"):
        raise InputError(f"--ci must be logit, wilson or beta, got {ci!r}")
    if not 0 < level < 1:
        raise InputError(f"--level must be between 0 and 1, got {level}")
    design, n = _design(data, weight, strata, cluster, fpc)
    rows = [
        _row(e)
        for e in _estimates(design, mean_of or [], total_of or [], prop or [], by, ci, level)  # type: ignore[arg-type]
    ]
    if as_json:
        described = {
            "weights": weight,
            "strata": strata,
            "cluster": cluster,
            "fpc": fpc,
            "n": n,
            "df": design.degf(),
        }
        print(json.dumps({"design": described, "estimates": rows}, ensure_ascii=False, indent=2))
        return
    table = Table(
        "biến",
        "thống kê",
        "nhóm",
        "ước lượng",
        "sai số chuẩn",
        "khoảng tin cậy",
        "deff",
        "n",
        title=f"{format_number(n)} phiếu",
    )
    for row in rows:
        share = row["statistic"] in ("proportion", "ciprop")

        def shown(value: float, share: bool = share) -> str:
            return format_percent(value, 1) if share else format_number(value, 2)

        table.add_row(
            escape(row["variable"]),
            _STATISTIC_NAMES.get(row["statistic"], row["statistic"]),
            escape(str(row["domain"] or "")),
            shown(row["estimate"]),
            # a share's standard error in percentage points, as its estimate is printed
            format_percent(row["se"], 2) if share else format_number(row["se"], 4),
            f"{shown(row['ci_low'])} - {shown(row['ci_high'])}",
            format_number(row["deff"], 2) if row["deff"] is not None else "",
            format_number(row["n"]),
        )
    stdout.print(table)


@survey_app.command("sample-size")
@cli_errors
def sample_size_command(  # noqa: PLR0917 (Typer maps each option to a parameter)
    moe: Annotated[float, typer.Option(help="Margin of error, e.g. 0.03 for ±3%.")],
    level: Annotated[float, typer.Option(help="Confidence level.")] = 0.95,
    p: Annotated[float, typer.Option(help="Expected share (0.5 is the safest).")] = 0.5,
    deff: Annotated[float, typer.Option(help="Design effect.")] = 1.0,
    population: Annotated[int | None, typer.Option(help="Population size (fpc).")] = None,
    response_rate: Annotated[float, typer.Option(help="Expected response rate.")] = 1.0,
) -> None:
    """The sample size for a margin of error (rounded up); ±3% at 95% needs 1.068."""
    try:
        size = sample_size(moe, level, p, deff, population, response_rate)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    stdout.print(format_number(size))


def _issuer_from(folder: Path) -> Unit:
    units_file = folder / "issuer.yaml"
    if units_file.exists():  # a FIFO or device is refused by load, not skipped
        return load(units_file, Unit)
    return Unit(
        code="BTGDVTU",
        name="Ban Tuyên giáo và Dân vận",
        level="province",
        parent_name="Tỉnh ủy Lai Châu",
    )


@survey_app.command("report")
@cli_errors
def report_command(
    folder: Annotated[
        Path, typer.Argument(help="Folder with survey.yaml, responses and population.")
    ],
    out: Annotated[Path, typer.Option(help="Folder for the plan and the report.")] = Path("out"),
    signer: Annotated[str, typer.Option(help="Signer's name.")] = "Nguyễn Văn Hùng",
    plan_number: Annotated[
        int | None,
        typer.Option(help="The KẾ HOẠCH's number; left blank for the văn thư when not given."),
    ] = None,
    number: Annotated[
        int | None,
        typer.Option(help="The BÁO CÁO's number; left blank for the văn thư when not given."),
    ] = None,
) -> None:
    """Render the survey's KẾ HOẠCH and its BÁO CÁO kết quả (estimates, charts, methods).

    Without --plan-number and --number both are drafts: "Số    -KH/...", numbered when issued.
    """
    survey = load(folder / "survey.yaml", Survey)
    design_info = survey.design
    if design_info is None or not design_info.weight:
        raise InputError(
            "survey.yaml needs a design with a weight column", path=folder / "survey.yaml"
        )
    responses = read_responses(folder / "responses.csv", survey)
    design = Design(
        responses.columns,
        weights=design_info.weight,
        strata=design_info.strata,
        cluster=design_info.cluster,
        fpc=design_info.fpc,
    )
    board = _issuer_from(folder)
    sign = Signer.model_validate(
        {
            "authority": [{"authority": "kt", "text": "Trưởng Ban"}],
            "title": "Phó Trưởng Ban",
            "name": signer,
        }
    )
    planned = sample_size(
        design_info.margin_of_error or 0.03,
        design_info.confidence_level,
        population=design_info.population_size,
    )
    plan = survey_plan_document(
        survey,
        issuer=board.issuer(),
        place="Lai Châu",
        date=(survey.starts_on or dt.date.today()) - dt.timedelta(days=10),
        planned_size=planned,
        number=plan_number,
        signer=sign,
        recipients=["Thường trực Tỉnh ủy (b/c)", "Các đơn vị được chọn mẫu"],
    )
    estimates: list[Estimate] = []
    labels: dict[str, str] = {}
    # the questions that describe the sample (stratum, and the margins of population.csv) are
    # the design's business, not findings of the survey
    described = {design_info.strata, design_info.cluster, *_population_columns(folder)}
    for question in survey.questions:
        if question.id in described:
            continue
        if question.kind.value in ("single", "scale"):
            for choice in question.choices:
                estimates.append(ciprop(design, question.id, choice.value, na_rm=True))
                labels[f"{question.id}={choice.value}"] = choice.label
        if question.kind.value == "multiple":
            for choice in question.choices:
                column = f"{question.id}.{choice.value}"
                estimates.append(
                    ciprop(design, column, "1", na_rm=True).model_copy(
                        update={"variable": question.id, "category": choice.value}
                    )
                )
                labels[f"{question.id}={choice.value}"] = choice.label
    rows = [_Row(e) for e in estimates]
    n = responses.n
    modes = Counter(m.label for m in responses.modes or [] if m is not None)
    moe = margin_of_error(
        n,
        design_info.confidence_level,
        deff=weighting_effect(design).deff_w,
        population=design_info.population_size,
    )
    methods = (
        f"{design_info.description} Thu về {format_number(n)} phiếu hợp lệ"
        + (
            f" (mục tiêu {format_number(design_info.target_size)} phiếu)"
            if design_info.target_size
            else ""
        )
        + "; hình thức: "
        + ", ".join(f"{k} {format_number(v)}" for k, v in modes.items())
        + f". Sai số tối đa ước tính ±{format_percent(moe, 1)} (có tính hiệu ứng trọng số) "
        f"ở độ tin cậy {format_percent(design_info.confidence_level, 0)}; các tỷ lệ được ước "
        "lượng có trọng số, "
        "khoảng tin cậy tính theo thiết kế mẫu (phương pháp logit)."
    )
    check = _representativeness(folder, responses.columns)
    report = survey_results_document(
        survey,
        rows,
        issuer=board.issuer(),
        place="Lai Châu",
        date=(survey.ends_on or dt.date.today()) + dt.timedelta(days=10),
        methods=methods,
        labels=labels,
        representativeness=check,
        number=number,
        signer=sign,
        recipients=["Thường trực Tỉnh ủy (b/c)", "Các đơn vị được chọn mẫu"],
    )
    out.mkdir(parents=True, exist_ok=True)
    for name, document in (("ke-hoach-dieu-tra", plan), ("bao-cao-ket-qua-dieu-tra", report)):
        target = out / f"{name}.docx"
        render_document(document, target)
        stdout.print(f"wrote {escape(str(target))}")


class _Row:
    """An estimate as the results report reads it (variable ``q1=2`` for a category)."""

    def __init__(self, estimate: Estimate) -> None:
        self.variable = (
            f"{estimate.variable}={estimate.category}"
            if estimate.category is not None
            else estimate.variable
        )
        self.statistic = estimate.statistic
        self.domain = estimate.domain
        self.estimate = estimate.estimate
        self.se = estimate.se
        self.ci_low = estimate.ci_low
        self.ci_high = estimate.ci_high
        self.n = estimate.n


def _population_columns(folder: Path) -> set[str]:
    population_file = folder / "population.csv"
    if not population_file.exists():
        return set()
    return set(read_responses(population_file, mode_column=None).columns)


def _representativeness(folder: Path, columns: dict[str, list[Any]]) -> str | None:
    population_file = folder / "population.csv"
    if not population_file.exists():
        return None
    population = read_responses(population_file, mode_column=None)
    if "gioi_tinh" not in population.columns or "gioi_tinh" not in columns:
        return None
    totals: Counter[str] = Counter()
    for sex, count in zip(
        population.columns["gioi_tinh"], population.numeric("so_nguoi"), strict=True
    ):
        totals[str(sex)] += int(count)
    sample = Counter(str(v) for v in columns["gioi_tinh"] if v is not None)
    result = representativeness(dict(sample), dict(totals), variable="giới tính")
    return f"Kiểm tra tính đại diện theo giới tính: {result.verdict}."
