"""The records collector: its figures equal the model's own computation year by year, it
collects each year once, and every reader (views, balance, tournament, observation, env)
gets the same figures from it."""

from __future__ import annotations

import numpy as np
import pytest

from game.agents.observation import observe
from game.model import indicators
from game.model.state import DEPENDENCY_KINDS, SCORE_TERMS
from game.rules import records as records_module
from game.rules.records import REPORTER_NAMES, records
from game.scenario.loading import load_scenario
from game.session import views
from game.session.session import Session
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def played(tutorial) -> dict[str, Session]:
    """All-computer games, played as a class's session plays them."""
    asean = load_scenario(SCENARIOS / "asean-plus-three.toml")
    return {"tutorial": Session.new(tutorial, [], seed=4, turns=3),
            "asean-plus-three": Session.new(asean, [], seed=2, turns=2)}


def expected_year(game, state) -> dict[str, list[float]]:
    """One year's figures computed here from the model state, as the read side computed them
    before the collector (country by country where it summed country by country)."""
    p = game.economy.parameters
    terms = indicators.score_terms(state, game.economy)[0]
    dependency = indicators.dependency(state, p)
    n = len(game.country_ids)
    exports = [float(state.exports[0, k].sum()) for k in range(n)]
    imports = [float(state.exports[0, :, k].sum()) for k in range(n)]
    result = {
        "trust_held": indicators.trust_held(indicators.trust(state))[0].tolist(),
        "welfare_index": (state.welfare[0] / game.economy.start.welfare[0]).tolist(),
        "score": indicators.total_score(terms[None])[0].tolist(),
        "dependency_excess": dependency["excess"][0].tolist(),
        "exports": exports,
        "imports": imports,
        "trade": [e + i for e, i in zip(exports, imports, strict=True)],
        "foreign_investment": [float(state.investment_stock[0, :, k].sum()) for k in range(n)],
        "investment_jobs": indicators.jobs(state, p)[0].tolist(),
        "gdp": state.gdp[0].tolist(),
    }
    for kind in DEPENDENCY_KINDS:
        for part in ("concentration", "reliance"):
            result[f"{kind}_{part}"] = dependency[f"{kind}_{part}"][0].tolist()
    for t, term in enumerate(SCORE_TERMS):
        result[f"term {term}"] = terms[:, t].tolist()
    return result


@pytest.mark.parametrize("scenario", ["tutorial", "asean-plus-three"])
def test_the_series_equal_the_models_computation_every_year(played, scenario):
    game = played[scenario].game
    assert len(game.history) == game.last_turn + 1 and game.finished
    collected = records(game)
    assert collected.years == len(game.history)
    expected = [expected_year(game, state) for state in game.history]
    for name in expected[0]:
        if name.startswith("term "):
            term = SCORE_TERMS.index(name.removeprefix("term "))
            got = collected.values("terms")[:, :, term]
            assert got.tolist() == [year[name] for year in expected], name
            continue
        series = collected.series(name)
        for k, country in enumerate(game.country_ids):
            assert series[country] == [year[name][k] for year in expected], (name, country)
    # the views' series and the session's, under the screens' names, are the same numbers
    session = played[scenario]
    assert session.series("dependency") == collected.series("imports_concentration")
    assert views.series(game, "trust_held") == collected.series("trust_held")
    trust = indicators.trust(game.state)[0]
    assert collected.latest("trust").tolist() == trust.tolist()
    shares = indicators.partner_shares(game.state.exports)[0]
    assert collected.latest("import_shares").tolist() == shares.tolist()
    assert collected.latest("score").tolist() == game.scores().tolist()


def test_the_tables_hold_every_figure_as_floats(played):
    game = played["tutorial"].game
    table = records(game).table(-1)
    row = table["SAM"]
    assert set(row["terms"]) == set(SCORE_TERMS)
    assert set(row["dependency"]) == set(DEPENDENCY_KINDS)
    assert sum(row["terms"].values()) == pytest.approx(row["score"], abs=1e-9)
    assert all(type(value) is float for key, value in row.items()
               if key not in ("terms", "dependency"))
    assert played["tutorial"].indicators_by_year()[-1] == table


def test_each_year_is_collected_once_when_it_appears(tutorial, monkeypatch):
    calls: list[int] = []
    collect = records_module.collect

    def counting(state, economy):
        calls.append(state.year)
        return collect(state, economy)

    monkeypatch.setattr(records_module, "collect", counting)
    session = Session.new(tutorial, ["SAM"], seed=3, turns=2)
    game = session.game
    assert session.series("score")["SAM"] == [0.0]
    first = records(game).year(0)
    session.leaderboard()
    session.facts("KAR")
    assert calls == [0]
    session.begin_diplomacy("SAM")
    session.end_diplomacy("SAM")
    session.end_compliance("SAM", {})
    assert len(game.history) == 2
    assert len(session.series("trust_held")["SAM"]) == 2
    assert calls == [0, 1]  # the new year only: year 0 is not computed again
    assert records(game).year(0) is first
    assert all(not array.flags.writeable for array in first.values())
    assert set(first) == set(REPORTER_NAMES)


def test_balance_tournament_observation_and_env_read_the_same_figures(played):
    from game.analysis import balance
    from game.tools import tournament

    game = played["tutorial"].game
    collected = records(game)
    job = {"index": 0, "seed": game.seed, "scenario": "tutorial", "rotation": 0,
           "reference": False, "names": list(game.country_ids)}
    report = balance.game_record(game, job)
    result = tournament.game_record(game, job, {})
    for k, country in enumerate(game.country_ids):
        trust = [float(indicators.trust_held(indicators.trust(s))[0][k]) for s in game.history]
        assert report["trust_held"][country] == trust == result["trust_held"][country]
        assert report["scores"][country] == float(game.scores()[k]) == result["scores"][country]
        concentration = [float(indicators.dependency(s, game.economy.parameters)
                               ["imports_concentration"][0][k]) for s in game.history]
        assert report["import_concentration"][country] == concentration
    seen = observe(game, "KAR", with_projections=False)
    assert [c["trust_held"] for c in seen["countries"]] == [
        round(float(x), 6) for x in collected.latest("trust_held")]
    assert seen["me"]["score"] == round(float(game.scores()[game.index["KAR"]]), 6)


def test_the_envs_last_observation_shows_the_final_year():
    from game.env.aec import env

    environment = env(scenario="tutorial", seed=3, turns=1)
    environment.reset(seed=3)
    finals = {}
    for agent in environment.agent_iter():
        observation, _, terminated, truncated, _ = environment.last()
        if terminated or truncated:
            finals[agent] = float(observation["indicators"][6])  # the score
            environment.step(None)
        else:
            environment.step(0)
    game = environment.unwrapped.game
    assert game.finished and len(game.history) == 2
    for country, score in finals.items():
        assert score == pytest.approx(float(game.scores()[game.index[country]]), abs=1e-5)
    assert np.any(game.scores() != 0.0)
