"""Broken scenario files: every problem is reported with its exact key path, line and a useful
message, all problems of a file at once, and never a traceback.

Each broken file is a small edit of the tutorial's text, so the line numbers are found in the
edited text itself (by the line that holds a unique fragment) rather than written by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from game.model.parameters import parameter_table
from game.scenario import schema
from game.scenario.loading import (
    MAXIMUM_FILE_BYTES,
    Problem,
    ScenarioError,
    decode,
    load_scenario,
    parse,
)
from game.scenario.locate import key_lines
from game.tools import cli

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL_PATH = ROOT / "scenarios" / "tutorial.toml"
TUTORIAL = TUTORIAL_PATH.read_text(encoding="utf-8")
DOCS = ROOT / "docs" / "scenarios.md"


# --- helpers ---------------------------------------------------------------------------------

def edit(*replacements: tuple[str, str], text: str = TUTORIAL) -> str:
    """The text with each (old, new) applied; each old fragment must occur exactly once."""
    for old, new in replacements:
        assert text.count(old) == 1, f"fragment {old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def line_with(text: str, fragment: str) -> int:
    """The 1-based number of the only line that contains ``fragment``."""
    numbers = [i for i, line in enumerate(text.splitlines(), start=1) if fragment in line]
    assert len(numbers) == 1, f"fragment {fragment!r} is on lines {numbers}"
    return numbers[0]


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(ScenarioError) as caught:
        parse(text, "broken.toml")
    assert caught.value.problems, "a ScenarioError must list at least one problem"
    return caught.value.problems


def problem_at(text: str, path: str) -> Problem:
    """The one problem reported for ``path``."""
    found = [p for p in problems_of(text) if p.path == path]
    assert len(found) == 1, f"expected one problem at {path!r}, got {problems_of(text)}"
    return found[0]


def only_problem(text: str) -> Problem:
    problems = problems_of(text)
    assert len(problems) == 1, problems
    return problems[0]


def file_problem(path: Path) -> Problem:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.file == str(path)
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


def test_the_tutorial_is_valid():
    scenario = parse(TUTORIAL, "tutorial.toml")
    assert [c.id for c in scenario.countries] == ["SAM", "KAR", "AWN"]


# --- the file itself ---------------------------------------------------------------------------

def test_toml_syntax_error_reports_its_line_and_column():
    text = edit(("population = 40.0", "population = = 40.0"))
    problem = only_problem(text)
    assert problem.path == ""
    assert problem.line == line_with(text, "population = = 40.0") == 45
    assert problem.message.startswith("TOML syntax error at column ")


def test_toml_duplicate_key_is_a_syntax_error_on_the_second_key():
    text = edit(("growth = 0.02\n", "growth = 0.02\ngrowth = 0.025\n"))
    problem = only_problem(text)
    assert problem.line == line_with(text, "growth = 0.025") == 65
    assert "Cannot overwrite a value" in problem.message


def test_unclosed_bracket_at_the_end_reports_the_last_line():
    text = edit(('targets = ["AWN"]', 'targets = ["AWN"'))
    problem = only_problem(text)
    assert problem.path == ""
    assert problem.line == len(text.splitlines()) == line_with(text, 'targets = ["AWN"')
    assert "end of the file" in problem.message


def test_non_utf8_byte_reports_its_line(tmp_path):
    data = TUTORIAL.encode().replace(b"gdp = 500.0", b"gdp = 500.0 # \xff\xfe")
    path = tmp_path / "latin1.toml"
    path.write_bytes(data)
    problem = file_problem(path)
    assert problem.path == ""
    assert problem.line == line_with(TUTORIAL, "gdp = 500.0") == 44
    assert "not UTF-8" in problem.message


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + TUTORIAL.encode())
    assert load_scenario(path).scenario.scenario.id == "tutorial"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \n"], ids=["empty", "whitespace"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.toml"
    path.write_bytes(content)
    problem = file_problem(path)
    assert (problem.path, problem.line) == ("", None)
    assert "empty" in problem.message


def test_a_folder(tmp_path):
    problem = file_problem(tmp_path)
    assert (problem.path, problem.line) == ("", None)
    assert "folder" in problem.message


def test_a_missing_file(tmp_path):
    problem = file_problem(tmp_path / "nowhere.toml")
    assert (problem.path, problem.line) == ("", None)
    assert "no such file" in problem.message


def test_a_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.toml"
    with path.open("wb") as file:
        file.truncate(MAXIMUM_FILE_BYTES + 1)  # sparse: costs no disk space
    problem = file_problem(path)
    assert (problem.path, problem.line) == ("", None)
    assert "MB" in problem.message and "at most" not in problem.message.split(":")[0]


def test_a_file_at_the_size_limit_is_read(tmp_path):
    path = tmp_path / "padded.toml"
    padding = MAXIMUM_FILE_BYTES - len(TUTORIAL.encode())
    path.write_bytes(TUTORIAL.encode() + b"\n" * padding)
    assert load_scenario(path).scenario.scenario.id == "tutorial"


# --- keys and values ---------------------------------------------------------------------------

def test_typo_in_a_key_suggests_the_allowed_key():
    text = edit(("gdp = 500.0", "gpd = 500.0"))
    problems = problems_of(text)
    assert len(problems) == 2, problems
    unknown = problem_at(text, "countries[1].gpd")
    assert unknown.line == line_with(text, "gpd = 500.0") == 44
    assert "unknown key 'gpd'" in unknown.message
    assert "did you mean 'gdp'?" in unknown.message
    assert "allowed keys: id, name, region" in unknown.message
    missing = problem_at(text, "countries[1].gdp")
    assert missing.line == 39  # the second [[countries]] header
    assert "required key is missing" in missing.message


def test_missing_required_key_reports_its_table_header():
    text = edit(('technology = 0.8\nhuman_capital = 0.75\n', 'human_capital = 0.75\n'))
    problem = only_problem(text)
    assert problem.path == "countries[2].technology"
    assert problem.line == 57  # the third [[countries]] header
    assert text.splitlines()[problem.line - 1] == "[[countries]]"
    assert problem.message == "this required key is missing"


def test_missing_key_of_a_dotted_table_reports_the_dotted_line():
    text = edit(("description.id = ", "description.fr = "))
    missing = problem_at(text, "scenario.description.id")
    assert missing.line == line_with(text, "description.en = ") == 9
    unknown = problem_at(text, "scenario.description.fr")
    assert unknown.line == line_with(text, "description.fr = ") == 10
    assert "allowed keys: en, id" in unknown.message


def test_negative_gdp():
    text = edit(("gdp = 500.0", "gdp = -500.0"))
    problem = only_problem(text)
    assert problem.path == "countries[1].gdp"
    assert problem.line == line_with(text, "gdp = -500.0") == 44
    assert "greater than 0" in problem.message and "-500.0" in problem.message


def test_string_for_a_number():
    text = edit(("population = 15.0", 'population = "fifteen"'))
    problem = only_problem(text)
    assert problem.path == "countries[2].population"
    assert problem.line == line_with(text, "fifteen") == 63
    assert "valid number" in problem.message and "'fifteen'" in problem.message


def test_trust_out_of_range():
    text = edit(("trust = 0.55", "trust = 1.55"))
    problem = only_problem(text)
    assert problem.path == "relations[2].trust"
    assert problem.line == line_with(text, "trust = 1.55") == 88
    assert "less than or equal to 1" in problem.message and "1.55" in problem.message


def test_trust_pair_out_of_range():
    text = edit(("trust = [0.5, 0.45]", "trust = [0.5, -0.45]"))
    problem = only_problem(text)
    assert problem.path == "relations[1].trust[1]"
    assert problem.line == line_with(text, "trust = [0.5, -0.45]") == 82
    assert "greater than or equal to 0" in problem.message


def test_a_value_that_fits_no_alternative_is_one_problem():
    text = edit(("trust = 0.6", 'trust = "high"'))
    problem = only_problem(text)
    assert problem.path == "relations[0].trust"
    assert problem.line == line_with(text, 'trust = "high"') == 77
    assert "valid number" in problem.message and "valid list" in problem.message
    assert problem.message.endswith("(found 'high')")


def test_a_bad_item_of_the_list_alternative_is_named_alone():
    text = edit(("trust = 0.6", 'trust = [0.6, "x"]'))
    problem = only_problem(text)
    assert problem.path == "relations[0].trust[1]"
    assert problem.line == 77
    assert "valid number" in problem.message and "valid list" not in problem.message


def test_exports_accept_model_and_name_it_when_wrong():
    assert parse(edit(("exports = [20.0, 25.0]", 'exports = ["model", 25.0]')), "ok.toml")
    text = edit(("exports = [20.0, 25.0]", 'exports = [20.0, "modelled"]'))
    problem = only_problem(text)
    assert problem.path == "relations[0].exports[1]"
    assert problem.line == 78
    assert "'model'" in problem.message and "'modelled'" in problem.message


def test_unknown_personality_lists_the_allowed_ones():
    text = edit(('personality = "trader"', 'personality = "aggressive"'))
    problem = only_problem(text)
    assert problem.path == "countries[1].personality"
    assert problem.line == line_with(text, "aggressive") == 52
    for allowed in ("'cautious'", "'trader'", "'security'", "'development'", "'opportunist'"):
        assert allowed in problem.message
    assert "'aggressive'" in problem.message


def test_bad_identifier():
    text = edit(('id = "storm"', 'id = "big storm"'))
    problem = only_problem(text)
    assert problem.path == "events[0].id"
    assert problem.line == line_with(text, "big storm") == 100
    assert "pattern" in problem.message


def test_bad_map_view():
    text = edit(("longitude_min = 95", "longitude_min = 130"))
    problem = only_problem(text)
    assert problem.path == "scenario.map"
    assert problem.line == line_with(text, "longitude_min = 130") == 15
    assert "minimum must be below its maximum" in problem.message


def test_all_zero_objectives():
    text = edit((
        "objectives = { welfare = 1.1, trust = 0.5, technology = 0.4, human_capital = 0.4, "
        "security = 0.3, independence = 0.4 }",
        "objectives = { welfare = 0, trust = 0, technology = 0, human_capital = 0, "
        "security = 0, independence = 0 }",
    ))
    problem = only_problem(text)
    assert problem.path == "countries[1].objectives"
    assert problem.line == line_with(text, "objectives = { welfare = 0,") == 53
    assert "all zero" in problem.message


def test_error_inside_an_inline_table():
    text = edit(("trust = 0.5, technology = 0.8", "trust = -0.5, technology = 0.8"))
    problem = only_problem(text)
    assert problem.path == "countries[0].objectives.trust"
    assert problem.line == line_with(text, "trust = -0.5") == 35
    assert "greater than or equal to 0" in problem.message


def test_unknown_key_inside_an_inline_table_suggests_the_close_one():
    text = edit(("technology = 0.4, human", "technlogy = 0.4, human"))
    problem = only_problem(text)
    assert problem.path == "countries[1].objectives.technlogy"
    assert problem.line == line_with(text, "technlogy") == 53
    assert "did you mean 'technology'?" in problem.message


def test_errors_inside_a_multi_line_array_report_their_own_lines():
    text = edit((
        'clauses = [{ kind = "trade_liberalisation", level = 0.3 }]',
        "clauses = [\n"
        '    { kind = "trade_liberalisation", level = 0.3 },\n'
        '    { kind = "visa_facilitation", level = 1.5 },\n'
        "    # a comment between clauses\n"
        '    { kind = "investment", amount = 2.0 },\n'
        "]",
    ))
    level = problem_at(text, "agreements[0].clauses[1].level")
    assert level.line == line_with(text, "visa_facilitation") == 99
    assert "less than or equal to 1" in level.message
    direction = problem_at(text, "agreements[0].clauses[2]")
    assert direction.line == line_with(text, '"investment", amount = 2.0') == 101
    assert "needs `giver` and `receiver`" in direction.message
    assert len(problems_of(text)) == 2


def test_unknown_clause_kind_lists_the_kinds():
    text = edit(('kind = "trade_liberalisation"', 'kind = "free_trade"'))
    problem = only_problem(text)
    assert problem.path == "agreements[0].clauses[0].kind"
    assert problem.line == line_with(text, "free_trade") == 97
    assert "'trade_liberalisation'" in problem.message and "'education_exchange'" in problem.message
    assert "'free_trade'" in problem.message


def test_directed_clause_without_giver():
    text = edit((
        '{ kind = "trade_liberalisation", level = 0.3 }',
        '{ kind = "technology_transfer", level = 0.5, receiver = "SAM" }',
    ))
    problem = only_problem(text)
    assert problem.path == "agreements[0].clauses[0]"
    assert problem.line == 97
    assert "kind technology_transfer needs `giver` and `receiver`" in problem.message


def test_undirected_clause_with_a_giver():
    text = edit(('level = 0.3 }]', 'level = 0.3, giver = "SAM" }]'))
    problem = only_problem(text)
    assert problem.path == "agreements[0].clauses[0]"
    assert problem.line == 97
    assert "remove `giver` and `receiver`" in problem.message


def test_giver_not_among_the_parties():
    text = edit((
        '{ kind = "trade_liberalisation", level = 0.3 }',
        '{ kind = "investment", amount = 3.0, giver = "AWN", receiver = "SAM" }',
    ))
    problem = only_problem(text)
    assert problem.path == "agreements[0].clauses[0].giver"
    assert problem.line == 97
    assert "'AWN' is not a party of this agreement; parties: SAM, KAR" in problem.message


def test_unknown_key_in_parameters_suggests_the_parameter():
    text = TUTORIAL + "\n[parameters]\ninitial_trust = 0.4\ntrust_forgeting = 0.8\n"
    problem = only_problem(text)
    assert problem.path == "parameters.trust_forgeting"
    assert problem.line == line_with(text, "trust_forgeting") == len(text.splitlines())
    assert "did you mean 'trust_forgetting'?" in problem.message
    assert f"{len(parameter_table())} keys are allowed here; docs/scenarios.md lists them" in (
        problem.message)


def test_parameter_override_out_of_range():
    text = TUTORIAL + "\n[parameters]\ndependency_threshold = 0.3\ninitial_trust = 1.5\n"
    problem = only_problem(text)
    assert problem.path == "parameters.initial_trust"
    assert problem.line == line_with(text, "initial_trust = 1.5")
    assert "less than or equal to 1" in problem.message and "1.5" in problem.message


def test_error_in_the_second_event():
    text = edit(("probability = 0.5\n", "probability = 1.1\n"))
    problem = only_problem(text)
    assert problem.path == "events[1].probability"
    assert problem.line == line_with(text, "probability = 1.1") == 112


# --- checks between sections -----------------------------------------------------------------

def test_unknown_region_lists_the_known_ones():
    text = edit(('name = { en = "Awan", id = "Awan" }\nregion = "nusantara"',
                 'name = { en = "Awan", id = "Awan" }\nregion = "melanesia"'))
    problem = only_problem(text)
    assert problem.path == "countries[2].region"
    assert problem.line == line_with(text, "melanesia") == 60
    assert problem.message == "unknown region 'melanesia'; known regions: nusantara"


def test_unknown_country_in_a_relation_lists_the_known_ones():
    text = edit(('between = ["SAM", "AWN"]', 'between = ["SAM", "AWX"]'))
    problem = only_problem(text)
    assert problem.path == "relations[2].between[1]"
    assert problem.line == line_with(text, "AWX") == 87
    assert problem.message == "unknown country 'AWX'; known countries: SAM, KAR, AWN"


def test_duplicate_country_id():
    text = edit(('id = "AWN"', 'id = "SAM"'))
    problem = problem_at(text, "countries[2].id")
    assert problem.line == 58
    assert "duplicate id 'SAM'" in problem.message


def test_duplicate_relation_pair_in_the_other_order():
    text = edit(('between = ["SAM", "AWN"]', 'between = ["KAR", "SAM"]'))
    problem = only_problem(text)
    assert problem.path == "relations[2].between"
    assert problem.line == 87
    assert "listed twice" in problem.message


def test_productivity_length_must_match_the_sectors():
    text = edit(("productivity = [0.7, 1.0, 1.6]", "productivity = [0.7, 1.0]"))
    problem = only_problem(text)
    assert problem.path == "countries[2].productivity"
    assert problem.line == line_with(text, "productivity = [0.7, 1.0]") == 65
    assert "2 productivities for 3 sectors (agriculture, industry, services)" in problem.message


def test_unknown_organisation_in_an_agreement_lists_the_known_ones():
    text = edit(("duration = 6\n", 'duration = 6\norganisation = "asean"\n')) + (
        '\n[[organisations]]\nid = "apec"\nname = { en = "APEC", id = "APEC" }\n'
        'members = ["SAM", "KAR"]\n'
    )
    problem = only_problem(text)
    assert problem.path == "agreements[0].organisation"
    assert problem.line == line_with(text, 'organisation = "asean"') == 97
    assert problem.message == "unknown organisation 'asean'; known: apec"


def test_unknown_organisation_member():
    text = TUTORIAL + ('\n[[organisations]]\nid = "apec"\nname = { en = "APEC", id = "APEC" }\n'
                       'members = ["SAM", "KRA"]\n')
    problem = only_problem(text)
    assert problem.path == "organisations[0].members[1]"
    assert problem.line == line_with(text, '"KRA"')
    assert "unknown country 'KRA'" in problem.message


def test_unknown_event_target():
    text = edit(('targets = ["AWN"]', 'targets = ["AWN", "MARS"]'))
    problem = only_problem(text)
    assert problem.path == "events[3].targets[1]"
    assert problem.line == line_with(text, "MARS") == 129
    assert problem.message == "unknown country 'MARS'; known countries: SAM, KAR, AWN"


def test_event_first_turn_after_the_last_turn():
    text = edit(('targets = ["SAM"]\n', 'targets = ["SAM"]\nfirst_turn = 9\n'))
    problem = only_problem(text)
    assert problem.path == "events[0].first_turn"
    assert problem.line == line_with(text, "first_turn = 9") == 106
    assert "after the last turn (8)" in problem.message


# --- several problems, the report, the command line ------------------------------------------

def test_several_problems_are_all_reported_in_one_error():
    text = edit(
        ("gdp = 300.0", "gdp = -1.0"),
        ('personality = "cautious"', 'personality = "shy"'),
        ("trust = 0.6", "trust = 2.0"),
        ("turns = 8", 'turns = "eight"'),
    )
    with pytest.raises(ScenarioError) as caught:
        parse(text, "several.toml")
    found = {(p.path, p.line) for p in caught.value.problems}
    assert found == {
        ("countries[0].gdp", 26),
        ("countries[2].personality", 70),
        ("relations[0].trust", 77),
        ("scenario.turns", 6),
    }
    report = caught.value.report()
    assert report.splitlines()[0] == "several.toml: 4 problems"
    assert "  several.toml:26: countries[0].gdp: " in report


def test_cli_validate_prints_every_file_and_exits_1(tmp_path, capsys):
    good = tmp_path / "good.toml"
    good.write_text(TUTORIAL, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(edit(("gdp = 500.0", "gdp = -5.0"), ("trust = 0.55", "trust = 7.0")),
                   encoding="utf-8")
    assert cli.main(["validate", str(good), str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{good}: valid (tutorial, 3 countries, 8 turns)"
    assert lines[1] == f"{bad}: 2 problems"
    assert lines[2] == f"  {bad}:44: countries[1].gdp: should be greater than 0 (found -5.0)"
    assert lines[3] == f"  {bad}:88: relations[2].trust: should be 1 or less (found 7.0)"
    assert len(lines) == 4


def test_cli_validate_exits_0_when_all_are_valid(tmp_path, capsys):
    good = tmp_path / "good.toml"
    good.write_text(TUTORIAL, encoding="utf-8")
    assert cli.main(["validate", str(good), str(TUTORIAL_PATH)]) == 0
    assert capsys.readouterr().out.count(": valid (tutorial") == 2


def test_cli_validate_warns_about_a_given_export_of_zero_with_its_line(tmp_path, capsys):
    """A given export of 0 is valid but stays 0 whatever the pair agrees: validate says so,
    with the line, and still exits 0."""
    zero = tmp_path / "zero.toml"
    zero.write_text(edit(("exports = [8.0, 12.0]", "exports = [0.0, 12.0]")), encoding="utf-8")
    assert cli.main(["validate", str(zero)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{zero}: valid (tutorial, 3 countries, 8 turns)"
    assert lines[1].startswith(f"  warning: {zero}:89: relations[2].exports[0]: SAM exports 0 to AWN")
    assert '"model"' in lines[1]
    assert len(lines) == 2
    assert cli.main(["validate", str(TUTORIAL_PATH)]) == 0
    assert "warning" not in capsys.readouterr().out


# --- every key is located on its own line ----------------------------------------------------

SCALAR = re.compile(r'\b(\w+) = (-?\d+(?:\.\d+)?|"[^"]*")')


def _located_values() -> list[tuple[int, int, str, str]]:
    """(line, start, key, table path prefix) of every scalar `key = value` in the tutorial."""
    found = []
    table = ""
    counts: dict[str, int] = {}
    for number, line in enumerate(TUTORIAL.splitlines(), start=1):
        header = re.match(r"^\[\[(\w+)\]\]", line) or re.match(r"^\[(\w+)\]", line)
        if header:
            name = header.group(1)
            if line.startswith("[["):
                counts[name] = counts.get(name, -1) + 1
                table = f"{name}[{counts[name]}]"
            else:
                table = name
            continue
        for match in SCALAR.finditer(line):
            found.append((number, match.start(2), match.group(1), table))
    return found


LOCATED = _located_values()


def test_every_scalar_of_the_tutorial_is_checked():
    assert len(LOCATED) > 90


@pytest.mark.parametrize(("line", "start", "key", "table"), LOCATED,
                         ids=[f"{t}.{k}@{n}:{s}" for n, s, k, t in LOCATED])
def test_a_wrong_value_anywhere_is_reported_on_its_line(line, start, key, table):
    """Replace one value by a date (which no field accepts) and find the problem on its line."""
    lines = TUTORIAL.splitlines(keepends=True)
    value = SCALAR.match(lines[line - 1], pos=start - len(key) - 3).group(2)
    lines[line - 1] = lines[line - 1][:start] + "1979-05-27" + lines[line - 1][start + len(value):]
    problems = problems_of("".join(lines))
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.line == line
    assert problem.path.startswith(table + ".")
    assert re.search(rf"\b{key}$", problem.path), problem.path


def test_key_lines_of_arrays_of_tables_and_dotted_keys():
    lines = key_lines(
        "[a]\n"
        "x.y.z = 1\n"
        "[[b]]\n"
        "v = 1\n"
        "[[b.c]]\n"
        "w = 2\n"
        "[[b]]\n"
        "v = '''multi\n"
        "line'''\n"
        'u = """say ""hi"""""\n'
        "[[b.c]]\n"
        "w = [\n"
        "  1,\n"
        "  { p = 3 },\n"
        "]\n"
    )
    assert lines[("a", "x")] == lines[("a", "x", "y")] == lines[("a", "x", "y", "z")] == 2
    assert lines[("b", 0)] == 3 and lines[("b", 0, "v")] == 4
    assert lines[("b", 0, "c", 0)] == 5 and lines[("b", 0, "c", 0, "w")] == 6
    assert lines[("b", 1)] == 7 and lines[("b", 1, "v")] == 8 and lines[("b", 1, "u")] == 10
    assert lines[("b", 1, "c", 0)] == 11
    assert lines[("b", 1, "c", 0, "w", 0)] == 13
    assert lines[("b", 1, "c", 0, "w", 1, "p")] == 14


# --- never a traceback ----------------------------------------------------------------------

def _loads_or_reports(text: str) -> None:
    try:
        parse(text, "fuzz.toml")
    except ScenarioError as error:
        assert error.problems
        last = len(text.splitlines()) + 1
        for problem in error.problems:
            assert problem.message
            assert problem.line is None or 1 <= problem.line <= last, problem


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_arbitrary_bytes_never_give_a_traceback(data):
    try:
        text = decode(data, "fuzz.toml")
    except ScenarioError:
        return
    _loads_or_reports(text)


TUTORIAL_LINES = TUTORIAL.splitlines(keepends=True)
TOMLISH = st.text(alphabet=st.sampled_from(list('[]{}=,."\'#\n \\abcdeknpy0123456789-_:')),
                  max_size=40)


@st.composite
def edited_tutorials(draw) -> str:
    """The tutorial with a few lines deleted, duplicated, swapped, cut short or replaced."""
    lines = list(TUTORIAL_LINES)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "cut", "replace", "insert"]))
        if operation == "delete":
            del lines[i]
        elif operation == "duplicate":
            lines.insert(i, lines[i])
        elif operation == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))] + "\n"
        elif operation == "replace":
            lines[i] = draw(TOMLISH) + "\n"
        else:
            lines.insert(i, draw(TOMLISH) + "\n")
    return "".join(lines)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_tutorials())
def test_edited_tutorials_never_give_a_traceback(text):
    _loads_or_reports(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300) | TOMLISH)
def test_arbitrary_text_never_gives_a_traceback(text):
    key_lines(text)  # the scanner itself never raises, even on text that is not TOML
    _loads_or_reports(text)


@pytest.mark.parametrize("text", [
    "a = " + "[" * 5000 + "]" * 5000,
    "a = " + "{b = " * 3000 + "1" + "}" * 3000,
    "[" * 100000,
    'a = """' + "x" * 1000,
    "\x00",
    "\ufeff[scenario]\n",
], ids=["deep-arrays", "deep-tables", "open-brackets", "open-string", "nul", "bom"])
def test_pathological_texts_are_reported(text):
    _loads_or_reports(text)


# --- the format reference ---------------------------------------------------------------------

def _docs() -> str:
    return DOCS.read_text(encoding="utf-8")


def _first_toml_block() -> str:
    block = re.search(r"^```toml\n(.*?)^```", _docs(), flags=re.DOTALL | re.MULTILINE)
    assert block, "docs/scenarios.md has no ```toml block"
    return block.group(1)


def test_the_annotated_example_in_the_docs_is_valid(tmp_path):
    """The first ```toml block of docs/scenarios.md is the full example: a valid scenario."""
    path = tmp_path / "example.toml"
    path.write_text(_first_toml_block(), encoding="utf-8")
    load_scenario(path)


def test_the_annotated_example_has_a_comment_on_every_line_and_every_section():
    example = _first_toml_block()
    scenario = parse(example, "docs example")
    for number, line in enumerate(example.splitlines(), start=1):
        assert not line.strip() or "#" in line, f"line {number} of the example has no comment: {line!r}"
    for section in ("sectors", "regions", "countries", "relations", "organisations", "agreements",
                    "events"):
        assert getattr(scenario, section), f"the annotated example has no {section}"
    assert any(v is not None for v in scenario.parameters.model_dump().values())


def _models() -> list[type[BaseModel]]:
    return [
        model for model in vars(schema).values()
        if isinstance(model, type) and issubclass(model, BaseModel)
        and model.__module__ == schema.__name__
    ]


def test_every_field_of_every_model_is_documented():
    docs = _docs()
    missing = [
        f"{model.__name__}.{name}"
        for model in _models() for name in model.model_fields
        if f"`{name}`" not in docs
    ]
    assert not missing, f"docs/scenarios.md does not mention: {', '.join(missing)}"


def test_every_allowed_word_is_documented():
    docs = _docs()
    enums = [schema.ClauseKind, schema.EventKind, schema.Personality, schema.AidForm]
    missing = [member.value for enum in enums for member in enum if f"`{member.value}`" not in docs
               and f'`"{member.value}"`' not in docs]
    assert not missing, f"docs/scenarios.md does not mention: {', '.join(missing)}"


def test_every_parameter_is_documented_with_its_default_and_range():
    docs = _docs()
    wrong = []
    for p in parameter_table():
        start = f"| `{p['name']}` | {p['default']:g} | {p['minimum']:g} to {p['maximum']:g} | "
        if start not in docs:
            wrong.append(start + f"{p['unit']} | {p['description']} |")
    assert not wrong, (
        "docs/scenarios.md's parameter table (under `[parameters]`) is out of date with "
        "game/model/parameters.py; put in these rows, in the order of parameter_table():\n"
        + "\n".join(wrong)
    )


def test_the_validate_example_in_the_docs_is_real_output():
    """The documented run is what validate prints for the same edits of the tutorial."""
    docs = _docs()
    shown = re.search(r"^\$ python run_game.py validate .*?\n(.*?)^```", docs,
                      flags=re.DOTALL | re.MULTILINE).group(1)
    assert "my_islands.toml: 4 problems" in shown
    broken = edit(("gdp = 500.0", "gpd = 500.0"), ("trust = 0.55", "trust = 1.5"),
                  ('personality = "cautious"', 'personality = "carefull"'))
    with pytest.raises(ScenarioError) as caught:
        parse(broken, "my_islands.toml")
    assert caught.value.report() in shown
    other = edit(('targets = ["SAM"]', 'targets = ["SMD"]'))
    with pytest.raises(ScenarioError) as caught:
        parse(other, "my_islands2.toml")
    assert caught.value.report() in shown


def test_given_imports_beyond_the_models_limit_point_to_a_unit_mistake():
    text = edit(("exports = [20.0, 25.0]", "exports = [2000.0, 25.0]"))
    problem = only_problem(text)
    assert problem.path == "countries[1].gdp"
    assert problem.line == line_with(text, "gdp = 500.0")
    assert "KAR add up to 2028" in problem.message and "same unit" in problem.message
