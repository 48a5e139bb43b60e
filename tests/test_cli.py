"""The command line as users meet it: exit codes, messages, byte-identical output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from game.tools.cli import main
from tests.conftest import ROOT, SCENARIOS


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_simulate_gives_byte_identical_output_for_the_same_arguments(capsys, tmp_path):
    outputs = []
    for name in ("a", "b"):
        code, out, _ = run(capsys, "simulate", "--scenario", "tutorial", "--turns", "4",
                           "--seed", "9", "--json", str(tmp_path / f"{name}.json"))
        assert code == 0
        outputs.append((out, (tmp_path / f"{name}.json").read_bytes()))
    assert outputs[0] == outputs[1]
    record = json.loads(outputs[0][1])
    assert [t["turn"] for t in record["turns"]] == [0, 1, 2, 3, 4]
    assert record["country_ids"] == ["SAM", "KAR", "AWN"]
    first = record["turns"][1]["countries"]["SAM"]
    assert first["score"] == sum(first["terms"].values())
    assert len(record["turns"][2]["trade"]) == 3 and len(record["turns"][2]["trust"][0]) == 3


def test_simulate_json_starts_with_the_scenarios_given_flows(capsys, tmp_path):
    out = tmp_path / "t.json"
    assert run(capsys, "simulate", "--scenario", "tutorial", "--turns", "1", "--json", str(out))[0] == 0
    turn0 = json.loads(out.read_text())["turns"][0]
    assert turn0["trade"][0][1] == 20.0 and turn0["trade"][1][0] == 25.0
    assert [a["id"] for a in turn0["agreements_in_force"]] == ["fisheries"]


def test_replay_prints_the_hash_that_simulate_reached(capsys, tmp_path):
    log = tmp_path / "game.log"
    code, out, _ = run(capsys, "simulate", "--scenario", "tutorial", "--seed", "2",
                       "--log", str(log))
    assert code == 0
    final = out.strip().splitlines()[-1].split()[-1]
    code, out, _ = run(capsys, "replay", str(log))
    assert code == 0 and out.strip() == final


def test_simulate_in_indonesian_uses_the_indonesian_catalog(capsys):
    code, out, _ = run(capsys, "simulate", "--scenario", "tutorial", "--turns", "1",
                       "--lang", "id")
    assert code == 0
    assert "Negara" in out and "kesejahteraan" in out and "Country" not in out


def test_an_unknown_scenario_lists_the_built_in_ones(capsys):
    code, _, err = run(capsys, "simulate", "--scenario", "no-such-thing")
    assert code == 1
    assert "tutorial" in err and "Traceback" not in err


def test_a_broken_scenario_is_reported_not_played(capsys, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text((SCENARIOS / "tutorial.toml").read_text().replace("gdp = 300.0", "gdp = -3"))
    code, _, err = run(capsys, "simulate", "--scenario", str(broken))
    assert code == 1 and "countries[0].gdp" in err


@pytest.mark.parametrize("argv", [["simulate", "--scenario", "tutorial", "--turns", "0"],
                                  ["simulate", "--scenario", "tutorial", "--seed", "x"],
                                  ["simulate"], ["fly"]])
def test_wrong_flags_explain_themselves(capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_replay_of_a_missing_or_damaged_log_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "replay", str(tmp_path / "none.log"))
    assert code == 1 and "no such file" in err
    damaged = tmp_path / "damaged.log"
    damaged.write_text("hello\n")
    code, _, err = run(capsys, "replay", str(damaged))
    assert code == 1 and "line 1" in err


def test_every_verb_has_help():
    for verb in ("validate", "schema", "simulate", "replay"):
        out = subprocess.run([sys.executable, "run_game.py", verb, "--help"], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        assert "usage:" in out.stdout


def test_the_articles_figures_appear_at_turn_zero_of_indonesia_partners(capsys, tmp_path):
    out = tmp_path / "indonesia.json"
    code, _, _ = run(capsys, "simulate", "--scenario", "indonesia-partners", "--turns", "1",
                     "--json", str(out))
    assert code == 0
    record = json.loads(out.read_text())
    ids = record["country_ids"]
    trade = record["turns"][0]["trade"]
    idn, jpn, chn = ids.index("IDN"), ids.index("JPN"), ids.index("CHN")
    assert trade[idn][jpn] == 318.6
    assert trade[jpn][idn] == 87.75
    assert trade[idn][chn] == 185.9
    assert record["currency"]["en"] == "trillion rupiah"


@pytest.mark.parametrize("scenario", ["tutorial", "indonesia-partners", "asean-plus-three",
                                      "archipelago", "world"])
def test_every_built_in_scenario_simulates_and_replays(capsys, tmp_path, scenario):
    log = tmp_path / "game.log"
    turns = "1" if scenario == "world" else "3"
    code, out, _ = run(capsys, "simulate", "--scenario", scenario, "--turns", turns,
                       "--seed", "4", "--log", str(log))
    assert code == 0
    final = out.strip().splitlines()[-1].split()[-1]
    code, replayed, _ = run(capsys, "replay", str(log))
    assert code == 0 and replayed.strip() == final
