"""Issue 17, point 3: the observations of the seats asking in the same round are projected in
one batch and what every seat sees alike is made once, yet every observation is the one made
alone, value for value and byte for byte; and a tournament plays the same games either way."""

from __future__ import annotations

import json

import numpy as np
import pytest

from game.agents import observation, observation_values
from game.agents.memo import SHARED
from game.agents.observation import menu, observe
from game.agents.projection import compliance_values, project_terms
from game.rules.game import Game, Phase
from game.rules.protocol import play_game
from game.scenario.loading import load_scenario, resolve
from tests.observing import controllers, states


def alone(game: Game, country: str, candidates: list, _candidates_of: object) -> np.ndarray:
    """The values as they were made before: one projection of this seat's candidates."""
    me = game.index[country]
    projected = project_terms(game, candidates).sum(axis=-1)[:, me]
    return projected[1:] - projected[0]


def observe_alone(game: Game, country: str, round_number: int) -> dict:
    """``observe`` without anything shared between seats: the reference."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(observation, "gains", alone)
        patch.setattr(observation, "obligation_values", compliance_values)
        patch.setattr(observation, "_public", observation._make_public)
        return observe(game, country, round_number)


@pytest.mark.parametrize("scenario", ["tutorial", "indonesia-partners", "asean-plus-three"])
def test_batched_observations_equal_the_ones_made_alone(scenario: str) -> None:
    checked = breaches = 0
    for game in states(scenario):
        observation_values.will_ask(game, game.country_ids)
        assert game.phase in (Phase.NEWS, Phase.DIPLOMACY, Phase.COMPLIANCE)
        for country in game.country_ids:
            batched = observe(game, country, game.round)
            reference = observe_alone(game, country, game.round)
            assert batched.keys() == reference.keys()
            for field in reference:
                assert batched[field] == reference[field], (scenario, country, field)
            assert json.dumps(batched) == json.dumps(reference)
            checked += sum(item["my_value"] is not None
                           for item in batched["menu"] + batched["negotiations"])
            breaches += sum("gain_if_broken" in item for item in batched["obligations"])
    assert checked > 20  # projected values were compared, not only empty lists
    assert breaches > 3


def test_a_member_of_a_projection_does_not_depend_on_its_batch() -> None:
    for scenario in ("tutorial", "indonesia-partners", "asean-plus-three"):
        game = Game(load_scenario(resolve(scenario)), 1)
        candidates = [c for country in game.country_ids for c in menu(game, country)]
        whole = project_terms(game, candidates * (1 + 70 // len(candidates)))  # more than 64
        for start in range(0, len(candidates), 7):
            part = project_terms(game, candidates[start:start + 7])
            assert np.array_equal(part[0], whole[0])
            assert np.array_equal(part[1:], whole[start + 1:start + 1 + len(part) - 1])


def test_a_changed_observation_changes_nothing_shared() -> None:
    game = Game(load_scenario(resolve("indonesia-partners")), 2, 2)
    first = observe(game, game.country_ids[0])
    first["countries"][0]["gdp"] = -1.0
    first["trust"][0][1] = -1.0
    first["trade"][1][0] = -1.0
    first["agreements"][0]["clauses"][0]["kind"] = "vandalised"
    first["agreements"][0]["parties"].append("XXX")
    second = observe(game, game.country_ids[1])
    assert second == observe_alone(game, game.country_ids[1], 0)


def test_tournament_games_are_the_same_with_batched_observations() -> None:
    def play(reference: bool) -> list:
        hashes = []
        for seed in (1, 2):
            SHARED._memos.clear()
            game = Game(load_scenario(resolve("asean-plus-three")), seed, 2)
            seats = controllers(game)
            if reference:
                with pytest.MonkeyPatch.context() as patch:
                    patch.setattr(observation, "gains", alone)
                    patch.setattr(observation, "obligation_values", compliance_values)
                    patch.setattr(observation, "_public", observation._make_public)
                    play_game(game, seats)
            else:
                observation_values.will_ask(game, game.country_ids)
                play_game(game, seats)
            hashes.append((game.state_hash(), len(game.log), len(game.agreements)))
        return hashes

    assert play(False) == play(True)


def test_an_agreement_copy_shares_nothing() -> None:
    game = Game(load_scenario(resolve("asean-plus-three")), 2, 2)
    public = observation._public(game)["agreements"]
    for entry in public:
        copied = observation._agreement_copy(entry)
        assert copied == entry
        stack = [(copied, entry)]
        while stack:  # no list or dict of the copy is one of the original's
            mine, theirs = stack.pop()
            assert mine is not theirs
            pairs = (zip(mine.values(), theirs.values(), strict=True) if isinstance(mine, dict)
                     else zip(mine, theirs, strict=True))
            stack += [(a, b) for a, b in pairs if isinstance(a, dict | list)]


def test_a_request_is_the_json_of_its_observation_whatever_was_sent_before() -> None:
    from game.agents.bots.sandbox import request_bytes

    sent = 0
    for game in states("indonesia-partners"):
        for number, country in enumerate(game.country_ids):
            seen = observe(game, country, game.round)
            expected = json.dumps({"id": number, "observation": seen}).encode() + b"\n"
            assert request_bytes(number, seen) == expected
            seen["trust"][0][0] = 0.123  # a changed matrix is encoded again
            assert request_bytes(number, seen) == (
                json.dumps({"id": number, "observation": seen}).encode() + b"\n")
            sent += 1
    assert sent > 20
