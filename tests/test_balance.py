"""The balance report: written with its charts and data, and warnings that fire on a scenario
made unbalanced on purpose."""

from __future__ import annotations

import json
import re

import pytest

from game.analysis.balance import win_warning_threshold, work_list
from game.tools.cli import main
from game.tools.tournament import run_jobs
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def lopsided(tmp_path_factory):
    """The tutorial with Samudra's objectives weighted five times: it cannot lose."""
    text = (SCENARIOS / "tutorial.toml").read_text()
    text = text.replace('id = "tutorial"', 'id = "lopsided"')
    text, count = re.subn(r"objectives = \{ welfare = [0-9.]+, trust = 0\.5, technology = 0\.8.*\}",
                          "objectives = { welfare = 5.0, trust = 5.0, technology = 5.0, "
                          "human_capital = 5.0, security = 5.0, independence = 5.0 }", text)
    assert count == 1
    path = tmp_path_factory.mktemp("scenario") / "lopsided.toml"
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def report(lopsided, tmp_path_factory):
    out = tmp_path_factory.mktemp("balance") / "report"
    assert main(["balance", str(lopsided), "--games", "5", "--turns", "2", "--seed", "3",
                 "--out", str(out)]) == 0
    return out


def test_the_report_is_written_with_every_chart(report):
    text = (report / "report.md").read_text()
    assert text.startswith("# Balance report: First Steps in Cooperation")
    images = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", text)
    assert sorted(images) == sorted(f"{name}.png" for name in
                                    ("scores", "wins", "clauses", "agreements", "trust", "dependency"))
    for image in images:
        assert (report / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for heading in ("## Warnings", "## Countries", "## Negotiations and agreements", "## Clauses",
                    "## Trust and dependency over time"):
        assert heading in text
    assert "| Samudra |" in text and "| trade liberalisation |" in text


def test_balance_json_holds_the_analysis_and_every_game(report):
    data = json.loads((report / "balance.json").read_text())
    assert data["format"] == "diplomasi-balance" and data["scenario"]["id"] == "lopsided"
    assert data["games"] == 5 and len(data["games_played"]) == 5
    assert [g["seed"] for g in data["games_played"]] == [3, 4, 5, 6, 7]
    samudra = data["countries"]["SAM"]
    assert len(samudra["scores"]) == 5 and len(samudra["trust_by_turn"]) == 3
    assert sum(c["wins"] for c in data["countries"].values()) >= 5
    offers = data["offers"]
    assert offers["negotiations"] == sum(len(g["negotiations"]) for g in data["games_played"])
    assert offers["agreed"] == sum(row["agreed"] for row in data["agreement_types"].values())
    for row in data["clauses"].values():
        assert row["agreed"] <= row["proposed"]


def test_an_unbalanced_scenario_is_warned_about(report):
    data = json.loads((report / "balance.json").read_text())
    keys = {(w["key"], w["values"].get("country") or w["values"].get("clause")
             or w["values"].get("type")) for w in data["warnings"]}
    assert ("dominant_country", "SAM") in keys
    assert data["countries"]["SAM"]["win_rate"] == 1.0
    # Clauses the AI never uses are named (the tutorial's AI proposes no development aid).
    unused = {clause for key, clause in keys if key.startswith("clause_never")}
    assert unused and unused <= set(data["clauses"])
    for clause in unused:
        assert data["clauses"][clause]["agreed"] == 0
    text = (report / "report.md").read_text()
    assert "Samudra wins 100% of 5 games" in text


def test_warning_threshold_is_far_above_the_fair_share():
    assert win_warning_threshold(2) == 1.0
    assert win_warning_threshold(3) == pytest.approx(2 / 3)
    assert win_warning_threshold(7) == pytest.approx(1 / 7 + 0.25)


def test_few_games_say_so_instead_of_warning_about_wins(capsys, tmp_path):
    assert main(["balance", "tutorial", "--games", "2", "--turns", "1"]) == 0
    out = capsys.readouterr().out
    assert "only 2 games" in out and "far more than" not in out


def test_the_report_in_indonesian(lopsided, tmp_path, capsys):
    out = tmp_path / "id"
    assert main(["balance", str(lopsided), "--games", "5", "--turns", "1", "--lang", "id",
                 "--out", str(out)]) == 0
    text = (out / "report.md").read_text()
    assert text.startswith("# Laporan keseimbangan: Langkah Pertama Kerja Sama")
    assert "## Peringatan" in text and "jauh di atas bagian wajarnya" in text
    assert "Peringatan" in capsys.readouterr().out


def test_balance_results_do_not_depend_on_the_number_of_processes(tutorial):
    jobs = work_list(tutorial, games=2, seed=1, turns=2, level="normal")
    from game.analysis.balance import play_job

    assert run_jobs(jobs, 1, worker=play_job) == run_jobs(jobs, 2, worker=play_job)


def test_a_balance_run_plays_the_clis_games_and_estimates_the_time_left(tutorial):
    from game.analysis.balance import BalanceRun, play_job

    now = [100.0]
    run = BalanceRun(tutorial, games=3, seed=5, turns=2, clock=lambda: now[0])
    assert (run.done, run.total, run.seconds_left()) == (0, 3, None)
    run.play(1)
    now[0] += 4.0  # the first game took four seconds
    assert run.done == 1 and not run.finished
    assert run.seconds_left() == pytest.approx(8.0)
    run.play()
    assert run.finished and run.seconds_left() == 0.0 and not run.cancelled
    assert run.results() == [play_job(job) for job in work_list(tutorial, 3, 5, 2, "normal")]
    assert run.settings() == {"seed": 5, "games": 3, "turns": 2, "ai": "normal", "turns_played": 2}


def test_a_cancelled_run_plays_no_more_games(tutorial):
    from game.analysis.balance import BalanceRun

    run = BalanceRun(tutorial, games=4, seed=1, turns=1)
    run.play(1)
    run.cancel()
    run.play()
    assert run.done == 1 and run.cancelled and not run.finished
