"""Hostile YAML and JSON data files: expansion, tags, nesting, long numbers, long messages.

Every input here is refused with a :class:`~dlxh.errors.DlxhError` that names the file (and the
field or line where there is one), in well under a second, with a message of bounded size.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dlxh._yaml
from cli_runner import run
from dlxh import Dataset, DataValidationError, InputError, load, loads
from dlxh._yaml import MIN_CHARS
from dlxh.digits import MAX_DIGITS
from dlxh.errors import DlxhError, FieldProblem
from dlxh.quoting import QUOTE_CHARS, quote

UNIT = "{code: U1, name: Ban Tuyên giáo, level: agency}"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- aliases are counted by size -----------------------------------------------------------------


def test_aliases_to_a_long_string_are_refused_by_expanded_size(tmp_path: Path) -> None:
    # 200 KB of text, 200 aliases: 40 million characters once written out, from a 200 KB file.
    long = "x" * 200_000
    aliases = ", ".join(["*s"] * 200)
    file = write(tmp_path / "bomb.yaml", f"name: &s {long}\nunits: [{aliases}]\n")
    assert len(long) * 200 > max(MIN_CHARS, 20 * file.stat().st_size)
    with pytest.raises(InputError, match="expands to far more text") as info:
        load(file)
    assert str(file) in str(info.value)


def test_aliases_in_long_keys_are_counted_too() -> None:
    key = "k" * 100_000  # a key longer than 1,024 characters must be explicit ("? key")
    refs = ", ".join(["*m"] * 200)
    with pytest.raises(InputError, match="expands to far more text"):
        loads(f"a: &m\n  ? {key}\n  : 1\nname: [{refs}]\n", Dataset)


def test_billion_laughs_is_still_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dlxh._yaml, "MIN_EXPANSION", 10_000)  # refused sooner, same mechanism
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    with pytest.raises(InputError, match="far more values"):
        loads("\n".join(lines) + "\n", Dataset)


def test_ordinary_aliases_still_load() -> None:
    text = "name: &n Ban Tuyên giáo\nunits:\n  - {code: U1, name: *n, level: agency}\n"
    data = loads(text, Dataset)
    assert data.name == data.units[0].name == "Ban Tuyên giáo"


# -- tags ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "!!set {a, b}",
        "!!omap [{a: 1}, {b: 2}]",
        "!!pairs [{a: 1}]",
        "!!python/object/apply:os.system ['echo owned']",
        "!!python/name:os.system",
        "!!python/tuple [1, 2]",
        "!custom thing",
        "!!timestamp 2001-13-45",
        "!!timestamp not-a-date",
        "!!int abc",
        "!!float abc",
        "!!bool maybe",
        "!!binary 'not base64 at all!'",
        "!!str [a, list]",
        "!!map [a, b]",
    ],
)
def test_unsupported_or_unreadable_tags_name_file_and_line(tmp_path: Path, value: str) -> None:
    file = write(tmp_path / "tags.yaml", f"units:\n  - {UNIT}\nname: {value}\n")
    with pytest.raises(InputError) as info:
        load(file)
    message = str(info.value)
    assert message.startswith(f"{file}: invalid YAML: line 3")
    assert "Traceback" not in message and "\n" not in message


def test_set_tag_says_to_write_a_list() -> None:
    with pytest.raises(InputError, match=r"!!set is not allowed here \(a set; write a list\)"):
        loads("name: !!set {a, b}\n", Dataset)


def test_binary_and_timestamp_tags_still_give_text() -> None:
    data = loads("name: !!timestamp 2001-12-14\nunits: []\n", Dataset)
    assert data.name == "2001-12-14"


# -- nesting -------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [150, 990, 999, 5_000, 100_000])
@pytest.mark.parametrize("shape", ["list", "map"])
def test_deep_nesting_is_a_clean_error(depth: int, shape: str) -> None:
    if shape == "list":
        yaml_text, json_text = "[" * depth + "]" * depth, "[" * depth + "]" * depth
    else:
        yaml_text = "{a: " * depth + "1" + "}" * depth
        json_text = '{"a": ' * depth + "1" + "}" * depth
    for text, fmt in ((f"name: {yaml_text}\n", "yaml"), (f'{{"name": {json_text}}}', "json")):
        with pytest.raises(DlxhError) as info:
            loads(text, Dataset, format=fmt, source=f"deep.{fmt}")  # type: ignore[arg-type]
        assert str(info.value).startswith(f"deep.{fmt}: ")


def test_deep_block_yaml_is_a_clean_error() -> None:
    text = "".join("  " * i + "- \n" for i in range(3_000))
    with pytest.raises(InputError, match="nest"):
        loads(text, Dataset, source="deep.yaml")


# -- numbers too long to convert -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "number"),
    [
        ("yaml", "9" * 5_000),
        ("yaml", "-" + "1" * (MAX_DIGITS + 1)),
        ("yaml", "!!int '" + "7" * 6_000 + "'"),
        ("yaml", "!!int 0x" + "f" * 4_000),
        ("json", "9" * 5_000),
        ("json", "-" + "1" * (MAX_DIGITS + 1)),
    ],
)
def test_long_integers_are_reported_at_their_field(fmt: str, number: str) -> None:
    if fmt == "yaml":
        text = f"units:\n  - code: U1\n    admin_code: {number}\n"
    else:
        text = json.dumps({"units": [{"code": "U1", "admin_code": 0}]}).replace("0}", number + "}")
    with pytest.raises(DataValidationError) as info:
        loads(text, Dataset, format=fmt, source=f"n.{fmt}")  # type: ignore[arg-type]
    [problem] = info.value.problems
    assert problem.location == "units.0.admin_code"
    assert f"at most {MAX_DIGITS:,} digits" in problem.message
    if fmt == "yaml":
        assert "line 3" in problem.message
    assert len(str(info.value)) < 300


def test_long_digit_string_in_a_number_field_is_a_clean_problem() -> None:
    text = f"units:\n  - {{code: U1, name: A, level: agency, admin_code: '{'9' * 5_000}'}}\n"
    with pytest.raises(DataValidationError) as info:
        loads(text, Dataset)
    [problem] = info.value.problems
    assert problem.location == "units.0.admin_code"
    assert "5,000 digits" in problem.message and "sys.set_int" not in problem.message


@pytest.mark.parametrize(
    "date",
    [
        f"ngày {'9' * 5_000} tháng 1 năm 2026",
        f"ngày 1 tháng {'1' * 5_000} năm 2026",
        f"ngày 1 tháng 1 năm {'2' * 5_000}",
        f"{'9' * 5_000}/1/2026",
        f"1/1/{'9' * 5_000}",
    ],
)
def test_long_numbers_in_a_date_are_a_clean_problem(date: str) -> None:
    text = f'events:\n  - {{id: E1, kind: briefing, title: Giao ban, date: "{date}"}}\n'
    with pytest.raises(DataValidationError) as info:
        loads(text, Dataset)
    [problem] = info.value.problems
    assert problem.location == "events.0.date" and "sys.set_int" not in problem.message
    assert len(str(info.value)) < 1_000


def test_long_integer_as_a_key_names_its_line() -> None:
    with pytest.raises(InputError, match=r"line 2, column 3: a key that is a number of 5,000"):
        loads("units: []\n? " + "9" * 5_000 + "\n: 1\n", Dataset)


def test_number_of_exactly_the_limit_is_read() -> None:
    # Read as a number, then refused by the model as a name, with the value quoted short.
    with pytest.raises(DataValidationError) as info:
        loads(f"units:\n  - {{code: U1, name: {'9' * MAX_DIGITS}, level: agency}}\n", Dataset)
    assert "digits are allowed" not in str(info.value)
    assert len(str(info.value)) < 2_000


# -- messages that quote input are cut -----------------------------------------------------------


def test_a_long_value_is_quoted_short(tmp_path: Path) -> None:
    long = "x" * 300_000
    file = write(tmp_path / "long.yaml", f"units:\n  - {{code: U1, name: A, level: {long}}}\n")
    with pytest.raises(DataValidationError) as info:
        load(file)
    message = str(info.value)
    assert "units.0.level" in message and "…" in message
    assert len(message) < 2_000


def test_a_long_value_reached_through_aliases_is_quoted_short_each_time() -> None:
    # About the 400 KB file of the issue: one long value, a problem per alias.
    long = "y" * 100_000
    units = ", ".join(["{code: U1, name: A, level: *s, bogus: *s}"] * 20)
    with pytest.raises(DataValidationError) as info:
        loads(f"name: &s {long}\nunits: [{units}]\n", Dataset)
    assert len(info.value.problems) >= 40
    assert len(str(info.value)) < 60_000  # was 40 copies of 100 KB


def test_long_unknown_key_is_cut_in_the_location() -> None:
    key = "k" * 50_000
    with pytest.raises(DataValidationError) as info:
        loads(
            f"units:\n  - code: U1\n    name: A\n    level: agency\n    ? {key}\n    : 1\n", Dataset
        )
    assert info.value.problems[0].location.endswith(key)  # the full path stays available
    assert len(str(info.value)) < 1_000


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("yaml", "? {key}\n: 1\n? {key}\n: 2\n"),
        ("json", '{{"{key}": 1, "{key}": 2}}'),
    ],
)
def test_duplicate_long_key_is_quoted_short(fmt: str, text: str) -> None:
    with pytest.raises(InputError, match="duplicate key") as info:
        loads(text.format(key="d" * 100_000), Dataset, format=fmt)  # type: ignore[arg-type]
    assert len(str(info.value)) < 500


def test_many_problems_are_listed_up_to_a_bound() -> None:
    units = ", ".join(["{code: [1], name: A, bogus: 1}"] * 1_000)
    with pytest.raises(DataValidationError) as info:
        loads(f"units: [{units}]\n", Dataset)
    error = info.value
    assert len(error.problems) == 3_000
    lines = str(error).splitlines()
    listed = error.LISTED_PROBLEMS
    assert len(lines) == 1 + listed + 1
    assert lines[0].endswith("(3000 problems)")
    assert lines[-1] == f"  … and {3_000 - listed:,} more"


def test_field_problem_cuts_location_and_message() -> None:
    problem = FieldProblem("a." + "b" * 10_000, "bad " + "m" * 10_000)
    assert len(str(problem)) < 1_500


@pytest.mark.parametrize(
    "value",
    [
        "s" * 10_000,
        b"b" * 10_000,
        10**5_000,
        list(range(10_000)),
        {str(i): "v" * 1_000 for i in range(100)},
        [[[[["deep" * 1_000]]]]],
        [10**5_000],
    ],
    ids=["str", "bytes", "long-int", "list", "dict", "nested", "list-of-long-int"],
)
def test_quote_is_bounded_and_never_fails(value: object) -> None:
    assert len(quote(value)) < QUOTE_CHARS + 60


# -- the command line ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["number", "9" * 5_000], "a number of 5,000 digits; at most 4,300"),
        (["number", "1e999999"], "more than 4,300 digits before or after the comma"),
        (["number", "1e-999999"], "more than 4,300 digits before or after the comma"),
        (["number", "1", "--decimals", "100000000"], "--decimals must be at most 4,300"),
        (["share", "1", "3", "--decimals", "100000000"], "--decimals must be at most 4,300"),
        (["share", "9" * 5_000, "3"], "a number of 5,000 digits"),
        (["unit", "9" * 5_000], "no province or commune named"),
        (["unit", "²"], "no province or commune named"),
        (["unit", "Lai Châu", "--province", "9" * 5_000], "no province named"),
    ],
)
def test_vn_commands_refuse_numbers_too_long_to_handle(args: list[str], message: str) -> None:
    code, out, err = run("vn", *args)
    assert code == 2 and not out
    assert err.startswith("error:") and message in err
    assert len(err) < 400 and "Traceback" not in err


def test_vn_number_keeps_working() -> None:
    assert run("vn", "number", "1234.5")[1].strip() == "1.234,5"
    assert run("vn", "share", "1", "3", "--decimals", "2")[1].strip() == "33,33%"


@pytest.mark.parametrize(
    ("text", "code", "shown"),
    [
        (f"units:\n  - {{code: U1, admin_code: {'9' * 5_000}}}\n", 1, "units.0.admin_code"),
        ("name: !!set {a, b}\n", 2, "line 1"),
        (
            "name: &s " + "z" * 200_000 + "\nunits: [" + ", ".join(["*s"] * 100) + "]\n",
            2,
            "expands",
        ),
        ("name: " + "[" * 100_000 + "]" * 100_000 + "\n", 2, "nest"),
    ],
)
def test_cli_validate_reports_hostile_data_briefly(
    tmp_path: Path, text: str, code: int, shown: str
) -> None:
    file = write(tmp_path / "data.yaml", text)
    exit_code, _, err = run("validate", str(file))
    assert exit_code == code
    assert str(file) in err and shown in err
    assert len(err) < 5_000 and "Traceback" not in err
