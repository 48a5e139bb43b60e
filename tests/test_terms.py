"""The rules of play (``game.rules.terms``): one set of figures for the rules, the screens and the
environment, and one grid on which a person writes clauses."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import copy
import dataclasses
import pickle

import numpy as np
import pygame
import pygame_gui
import pytest

from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game
from game.rules.terms import (
    AMOUNT_CLAUSES,
    DIFFICULTIES,
    MAXIMUM_DURATION,
    AidForm,
    ClauseKind,
    RulesOfPlay,
)
from game.scenario import schema
from game.session.session import Session
from game.ui.testing import ScriptedController, click, open_app, step
from game.ui.text import currency, money
from tests.playing import to_diplomacy


def test_the_enums_are_one_and_the_same_wherever_they_are_imported():
    assert schema.ClauseKind is ClauseKind and schema.AidForm is AidForm
    assert schema.AMOUNT_CLAUSES is AMOUNT_CLAUSES
    from game.agents.bots import registry
    from game.agents.personalities import DIFFICULTIES as LEVELS

    assert tuple(LEVELS) == DIFFICULTIES
    assert ("ai", *(f"ai:{d}" for d in DIFFICULTIES)) == registry.AI_NAMES


def test_the_rules_of_play_are_built_from_the_scenario_and_frozen(tutorial):
    game = Game(tutorial, 3, turns=4)
    rules = game.rules_of_play
    info = tutorial.scenario.scenario
    assert rules.turns == game.last_turn == 4
    assert (rules.diplomacy_rounds, rules.negotiation_rounds) == (info.diplomacy_rounds,
                                                                  info.negotiation_rounds)
    assert dict(rules.delegations) == {c.id: c.delegations for c in tutorial.scenario.countries}
    assert rules.maximum_duration == MAXIMUM_DURATION == 30
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.turns = 9
    with pytest.raises(TypeError):
        rules.delegations["SAM"] = 99
    assert Game(tutorial, 3).rules_of_play.turns == info.turns
    # copied with the game (the AI and the compliance screen copy games), equal and still frozen
    copied = copy.deepcopy(game).rules_of_play
    assert copied == rules and pickle.loads(pickle.dumps(rules)) == rules
    with pytest.raises(TypeError):
        copied.delegations["SAM"] = 99


def test_the_rules_read_their_figures_from_the_rules_of_play(tutorial):
    game = Game(tutorial, 3)
    game.rules_of_play = dataclasses.replace(game.rules_of_play, maximum_duration=12,
                                             delegations={"SAM": 0, "KAR": 1, "AWN": 1})
    to_diplomacy(game)
    trade = (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5),)
    assert game.legal(act.Propose("KAR", ("KAR", "AWN"), trade, 13)).key == "bad_duration"
    assert game.legal(act.Propose("KAR", ("KAR", "AWN"), trade, 12)) is None
    assert game.legal(act.Propose("SAM", ("SAM", "AWN"), trade, 5)).key == "no_delegations"


def test_a_clause_snapped_to_the_grid_is_legal(tutorial):
    game = Game(tutorial, 5)
    to_diplomacy(game)
    rules = game.rules_of_play
    gdp = game.state.gdp[0]
    big, small = (game.country_ids[int(np.argmax(gdp))], game.country_ids[int(np.argmin(gdp))])
    rng = np.random.default_rng(4)
    checked = 0
    for giver, receiver in ((big, small), (small, big)):
        for kind in (ClauseKind.INVESTMENT, ClauseKind.DEVELOPMENT_AID):
            for amount in (1e-6, *rng.uniform(0, 2 * float(gdp.max()), 20)):
                clause = game.snap(Clause(kind, amount=float(amount), giver=giver,
                                          receiver=receiver))
                assert clause.amount <= game.amount_limit(giver, receiver)
                steps = clause.amount / (float(gdp[game.index[giver]]) * rules.amount_step)
                assert round(steps) == pytest.approx(steps, abs=0.01) or \
                    clause.amount == pytest.approx(game.amount_limit(giver, receiver), abs=0.001)
                assert game.legal(act.Propose(giver, (giver, receiver), (clause,))) is None
                checked += 1
    for level in (-0.3, 0.0, 0.01, 0.37, 0.5, 0.999, 1.0, 7.0):
        clause = game.snap(Clause(ClauseKind.SECURITY_COOPERATION, level=level))
        assert clause.level in rules.levels
        assert game.legal(act.Propose(big, (big, small), (clause,))) is None
        checked += 1
    assert checked == 2 * 2 * 21 + 8
    # a clause already on the grid is the same object after snapping
    on_grid = Clause(ClauseKind.TRADE_LIBERALISATION, level=0.35)
    assert game.snap(on_grid) is on_grid


def test_the_grid_positions_and_amounts_agree():
    rules = RulesOfPlay(turns=5, diplomacy_rounds=2, negotiation_rounds=4, delegations={})
    assert rules.levels[0] == 0.05 and rules.levels[-1] == 1.0 and len(rules.levels) == 20
    assert all(rules.level_at(rules.level_position(level)) == level for level in rules.levels)
    for position in range(1, rules.amount_steps + 1):
        assert rules.amount_position(rules.amount_at(position, 1000.0), 1000.0) == position
    assert rules.amount_at(20, 1000.0, limit=0.12345) == 0.123


# --- the negotiation screen ------------------------------------------------------------------
@pytest.fixture
def app(folders):
    application = open_app(humans=["SAM"], save_settings=True)
    yield application
    pygame.display.quit()


def _negotiate(app, loaded):
    session = Session(Game(loaded, 7, 3), ["SAM"], "normal", ScriptedController(["SAM"]),
                      autosave_path=app.autosave)
    app.start_session(session)
    step(app, 2)
    click(app, "next")
    return session


def test_the_duration_slider_goes_to_the_rules_longest_duration(app, tutorial):
    session = _negotiate(app, tutorial)
    click(app, "negotiate")
    scene = app.scene
    assert scene.name == "negotiation"
    assert tuple(scene.duration_slider.value_range) == (1, session.game.rules_of_play.maximum_duration)
    assert scene.draft.duration == session.game.rules_of_play.default_duration


def test_an_offer_taken_over_keeps_its_exact_values_on_screen(app, tutorial):
    """A counter-offer of an offer off the grid (as the AI makes them) is shown and sent with the
    offer's own values, not re-quantised to the screen's steps."""
    from game.ui.scenes.inbox import InboxScene

    session = _negotiate(app, tutorial)
    game = session.game
    limit = game.amount_limit("KAR", "SAM")
    clauses = (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.37),
               Clause(ClauseKind.INVESTMENT, amount=round(limit * 0.4321, 3), giver="KAR",
                      receiver="SAM"))
    assert all(game.snap(c) != c for c in clauses)  # both off the grid
    game.apply(act.Propose("KAR", ("KAR", "SAM"), clauses, 23))
    identifier = len(game.negotiations) - 1
    app.replace(InboxScene(app, focus=identifier))
    step(app, 2)
    click(app, f"item:{identifier}")
    click(app, "counter")
    scene = app.scene
    assert scene.name == "negotiation" and scene.negotiation == identifier
    assert scene.draft.build(game) == clauses and scene.draft.duration == 23
    shown = scene.rows[ClauseKind.INVESTMENT]["value"].text
    assert shown == money(clauses[1].amount, currency(game))
    # moving the amount's slider puts it on the grid, within the rules' limit
    slider = scene.rows[ClauseKind.INVESTMENT]["slider"]
    slider.set_current_value(20)
    scene.handle(pygame.event.Event(pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, {"ui_element": slider}))
    moved = scene.draft.build(game)[1]
    assert moved.amount <= limit and game.snap(moved) == moved
