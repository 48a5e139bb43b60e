"""Moderator events: the teacher sets off a card of the deck. It changes that year's shocks and
news, is in the game log, replays bit for bit, shifts none of the later random draws, and is
refused with a reason when the card, its targets or the moment are wrong. No pygame."""

from __future__ import annotations

import numpy as np
import pytest

from game.rules import actions as act
from game.rules.events import shocks_for
from game.rules.game import Game, IllegalAction, Phase, replay_actions
from game.rules.storage import read_log, replay_log, write_log
from game.scenario.loading import load_text
from game.session.session import Session

EXTRA_CARDS = """
[[events]]
id = "flu"
kind = "pandemic"
title = { en = "Flu wave", id = "Gelombang flu" }
text = { en = "A flu wave closes schools and ports.", id = "Gelombang flu menutup sekolah dan pelabuhan." }
probability = 0.0

[[events]]
id = "reef-dispute"
kind = "border_tension"
title = { en = "Reef dispute", id = "Sengketa karang" }
text = { en = "Two navies meet at a reef.", id = "Dua angkatan laut bertemu di sebuah karang." }
probability = 0.0
targets = ["SAM", "KAR"]

[[events]]
id = "fish-prices"
kind = "commodity_price_swing"
title = { en = "Fish prices swing", id = "Harga ikan bergejolak" }
text = { en = "World fish prices move sharply.", id = "Harga ikan dunia bergerak tajam." }
probability = 0.5
once = false
"""


@pytest.fixture(scope="module")
def deck_scenario(tutorial):
    """The tutorial with a card of each shape: everyone, two countries, a price swing."""
    return load_text(tutorial.text + EXTRA_CARDS, "tutorial-with-cards.toml")


def end_phase(game: Game) -> None:
    for country in game.waiting_for():
        game.apply(act.EndPhase(country))


def play_to_end(game: Game, moderate: dict[int, act.Moderate] | None = None,
                turns_seen: list | None = None) -> None:
    """Everyone ends every phase (no proposals); ``moderate`` sets off a card in a turn's news."""
    while not game.finished:
        if game.phase is Phase.NEWS and moderate and game.turn in moderate:
            game.apply(moderate[game.turn])
        if game.phase is Phase.NEWS and turns_seen is not None:
            turns_seen.append((game.turn, [(e.card, e.countries, e.direction) for e in game.events
                                           if not e.moderator],
                               game.rng.bit_generator.state["state"]["state"]))
        end_phase(game)


def test_a_teachers_event_joins_this_years_news_and_shocks(tutorial):
    plain, moderated = Game(tutorial, 4, 3), Game(tutorial, 4, 3)
    assert [e.card for e in plain.events] == []  # seed 4: a quiet first year
    moderated.apply(act.Moderate("storm", ("SAM",)))
    event = moderated.events[-1]
    assert (event.card, event.countries, event.moderator, event.turn) == ("storm", ("SAM",), True, 1)
    assert event.to_dict()["moderator"] is True
    before = shocks_for(plain.events, plain.deck, plain.index, plain.economy.parameters)
    after = shocks_for(moderated.events, moderated.deck, moderated.index,
                       moderated.economy.parameters)
    sam = moderated.index["SAM"]
    assert after.growth[sam] < before.growth[sam]
    assert after.stability[sam] != before.stability[sam]
    others = [k for k in range(3) if k != sam]
    assert np.array_equal(after.growth[others], before.growth[others])
    # the year resolves with it: Samudra ends the year poorer than without the storm
    for game in (plain, moderated):
        end_phase(game)
        end_phase(game)
        end_phase(game)
    assert moderated.reports[0].events[-1].moderator
    assert moderated.state.gdp[0, sam] < plain.state.gdp[0, sam]


def test_the_event_is_in_the_log_and_replays_bit_for_bit(tutorial, tmp_path):
    game = Game(tutorial, 2, 4)  # seed 2: the deck stays quiet, the teacher's cards are free
    end_phase(game)  # news → diplomacy: the teacher may still act
    game.apply(act.Moderate("chip-breakthrough", ("AWN",)))
    assert game.log[-1] == {"type": "moderate", "card": "chip-breakthrough", "countries": ["AWN"],
                            "direction": 1.0}
    play_to_end(game, {3: act.Moderate("storm", ("SAM",))})
    again = replay_actions(tutorial, 2, game.log, 4)
    assert again.state_hash() == game.state_hash()
    assert [e.moderator for r in again.reports for e in r.events] == \
        [e.moderator for r in game.reports for e in r.events]
    path = tmp_path / "game.log"
    write_log(game, path)
    _, records, footer = read_log(path)
    assert sum(r["type"] == "moderate" for r in records) == 2
    assert replay_log(path, tutorial).state_hash() == footer["final_state_hash"]


def test_later_draws_are_the_same_as_without_the_teachers_event(deck_scenario):
    """The teacher's card draws no random number and does not use up the deck's card: every
    later year draws the same events from the same generator state."""
    plain, moderated = Game(deck_scenario, 21, 8), Game(deck_scenario, 21, 8)
    seen_plain: list = []
    seen_moderated: list = []
    play_to_end(plain, turns_seen=seen_plain)
    play_to_end(moderated, {1: act.Moderate("storm", ("SAM",)),
                            2: act.Moderate("reef-dispute", ("KAR", "SAM")),
                            3: act.Moderate("flu")}, turns_seen=seen_moderated)
    assert seen_moderated == seen_plain
    assert any(events for _, events, _ in seen_plain)  # the deck did draw something
    # "storm" is a once-card: set off by the teacher, it can still come up in the deck later
    assert plain.happened == moderated.happened
    assert plain.state_hash() != moderated.state_hash()


@pytest.mark.parametrize("action, key", [
    (act.Moderate("volcano", ("SAM",)), "moderator.unknown_card"),
    (act.Moderate("storm", ()), "moderator.one_country"),
    (act.Moderate("storm", ("SAM", "KAR")), "moderator.one_country"),
    (act.Moderate("storm", ("KAR",)), "moderator.not_a_target"),
    (act.Moderate("storm", ("XYZ",)), "moderator.not_a_target"),
    (act.Moderate("storm", ("SAM",), -1.0), "moderator.bad_direction"),
    (act.Moderate("flu", ("SAM",)), "moderator.strikes_everyone"),
    (act.Moderate("reef-dispute", ("SAM",)), "moderator.two_countries"),
    (act.Moderate("reef-dispute", ("SAM", "SAM")), "moderator.two_countries"),
    (act.Moderate("reef-dispute", ("SAM", "AWN")), "moderator.not_a_target"),
    (act.Moderate("fish-prices", ("SAM",), 0.5), "moderator.bad_direction"),
])
def test_wrong_cards_and_targets_are_refused_with_a_reason(deck_scenario, action, key):
    game = Game(deck_scenario, 10, 2)  # seed 10: a quiet first year
    refusal = game.legal(action)
    assert refusal is not None and refusal.key == key
    assert str(refusal) != f"refusal.{key}"  # a sentence from the catalog, not the key
    with pytest.raises(IllegalAction):
        game.apply(action)
    assert game.log == [] and not any(e.moderator for e in game.events)


def test_right_cards_and_targets_are_allowed(deck_scenario):
    game = Game(deck_scenario, 10, 2)  # seed 10: a quiet first year
    for action in (act.Moderate("flu"), act.Moderate("reef-dispute", ("KAR", "SAM")),
                   act.Moderate("fish-prices", ("AWN",), -1.0)):
        assert game.legal(action) is None
        game.apply(action)
    slump = game.events[-1]
    assert slump.direction == -1.0 and slump.countries == ("AWN",)
    # once a year per card, and not in the compliance phase or after the end
    assert game.legal(act.Moderate("flu")).key == "moderator.already_this_year"
    end_phase(game)
    end_phase(game)
    assert game.phase is Phase.COMPLIANCE
    assert game.legal(act.Moderate("storm", ("SAM",))).key == "moderator.not_now"
    play_to_end(game)
    assert game.legal(act.Moderate("storm", ("SAM",))).key == "game_over"


def test_records_of_moderate_actions_are_checked(tutorial):
    record = act.to_dict(act.Moderate("storm", ("SAM",)))
    assert act.action_from_dict(record) == act.Moderate("storm", ("SAM",), 1.0)
    assert act.action_from_dict({"type": "moderate", "card": "flu"}) == act.Moderate("flu")
    for bad in ({"type": "moderate", "card": "storm", "countries": "SAM"},
                {"type": "moderate", "card": "storm", "direction": True},
                {"type": "moderate", "countries": []}):
        with pytest.raises(act.ActionFormatError):
            act.action_from_dict(bad)
    # a country cannot send it: it is not a country's move
    assert act.Moderate("storm", ("SAM",)).country == act.MODERATOR


def test_the_session_lets_the_teacher_act_whoever_is_playing(tutorial, tmp_path):
    save = tmp_path / "autosave.json"
    session = Session(Game(tutorial, 7, 3), ["SAM", "KAR"], autosave_path=save)
    assert session.current == "SAM"
    assert session.moderate("storm", ("KAR",)).key == "moderator.not_a_target"
    assert session.moderate("storm", ("SAM",)) is None
    assert session.game.events[-1].moderator
    loaded = Session.load(save)  # autosaved: a crash keeps the teacher's event
    assert loaded.game.state_hash() == session.game.state_hash()
    assert loaded.game.events[-1].moderator
