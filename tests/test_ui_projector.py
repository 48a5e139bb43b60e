"""The projector view (F9): it opens over any in-game screen and goes back to the same one,
shows the leaderboard in score order and the agreements in force as links, and nothing private."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from game.classroom.classroom import classroom_of
from game.rules.agreements import Clause
from game.rules.game import Game
from game.scenario.loading import load_scenario, resolve
from game.scenario.schema import ClauseKind
from game.session.session import Session
from game.ui.testing import ScriptedController, click, open_app, press, step, visible_texts
from game.ui.text import clause_text


@pytest.fixture
def app(folders):
    application = open_app(frames=1)
    yield application
    pygame.display.quit()


def play(app, scenario: str = "indonesia-partners", human: str = "IDN", turns: int = 4) -> Session:
    loaded = load_scenario(resolve(scenario))
    session = Session(Game(loaded, 5, turns), [human], "normal", ScriptedController([human]),
                      autosave_path=app.autosave)
    app.start_session(session)
    step(app, 2)
    return session


def in_diplomacy(app, session: Session) -> None:
    """Turn 1's diplomacy, with one agreement the human made and one offer waiting for it."""
    human = session.humans[0]
    session.begin_diplomacy(human)
    partner = next(c for c in session.game.country_ids if c != human)
    session.propose(human, (human, partner), (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5),), 4)
    app.show_game()
    step(app, 2)


def test_f9_opens_the_projector_from_game_negotiation_and_inbox_and_goes_back(app):
    from game.ui.scenes.inbox import InboxScene
    from game.ui.scenes.negotiation import NegotiationScene

    session = play(app)
    in_diplomacy(app, session)
    for make in (None, lambda: NegotiationScene(app, partners=["JPN"]), lambda: InboxScene(app)):
        if make is not None:
            app.push(make())
            step(app, 1)
        before = app.scene
        depth = len(app.stack)
        press(app, pygame.K_F9)
        assert app.scene.name == "projector"
        assert "back" in app.scene.buttons
        press(app, pygame.K_F9)
        assert app.scene is before and len(app.stack) == depth
        press(app, pygame.K_F9)
        assert app.scene.name == "projector"
        press(app, pygame.K_ESCAPE)
        assert app.scene is before
    click(app, "back")  # the inbox's own back button: the projector left the stack as it was
    click(app, "back")
    assert app.scene.name == "game"


def test_f9_does_nothing_outside_a_game(app):
    press(app, pygame.K_F9)
    assert app.scene.name == "menu"
    click(app, "new")
    press(app, pygame.K_F9)
    assert app.scene.name == "setup"


def test_the_game_screen_has_a_projector_button_at_both_sizes(app):
    play(app)
    assert "projector" in app.scene.buttons
    click(app, "projector")
    assert app.scene.name == "projector"
    click(app, "back")
    assert app.scene.name == "game"
    app.settings.scale = 2.0
    app.window = pygame.display.set_mode((1920, 1080))
    app.resize((1920, 1080))
    step(app, 1)
    assert "projector" in app.scene.buttons
    button = app.scene.buttons["projector"]
    others = [app.scene.buttons[k].rect for k in ("save", "help", "menu")]
    assert button.rect.collidelist(others) == -1 and button.rect.right <= 1920


def test_the_leaderboard_is_in_score_order_with_the_change_and_team_names(app):
    session = play(app, "asean-plus-three", "IDN")
    in_diplomacy(app, session)
    session.end_diplomacy("IDN")
    session.end_compliance("IDN", {})
    app.show_game()
    classroom_of(session).teams = {"IDN": "Garuda"}
    press(app, pygame.K_F9)
    texts = visible_texts(app)
    rows = app.scene.rows
    shown = [r["country"] for r in rows if r is not None]
    scores = session.game.scores()
    index = session.game.index
    assert len(shown) < len(session.game.country_ids)  # 13 countries do not all fit: a gap
    assert None in rows
    expected = sorted(session.game.country_ids, key=lambda c: (-float(scores[index[c]]), c))
    gap = rows.index(None)
    assert shown[:gap] == expected[:gap]  # the top of the board, best first
    assert all(r["human"] for r in rows[gap + 1:])  # then only the human countries further down
    assert "IDN" in shown  # the human's country is always on the board
    # the team beside its country, or on the line under it when the flag leaves no room
    assert "· Garuda" in texts or any(t.startswith("Garuda") for t in texts)
    previous = session.indicators_by_year()[-2]
    change = float(scores[index[shown[0]]]) - previous[shown[0]]["score"]
    from game.ui.text import signed

    assert signed(change, 1) in texts


def test_every_agreement_in_force_is_drawn_once_as_a_pair_or_a_hub(app):
    session = play(app)
    in_diplomacy(app, session)
    press(app, pygame.K_F9)
    step(app, 1)
    in_force = session.game.in_force()
    assert any(len(a.parties) > 2 for a in in_force) and any(len(a.parties) == 2 for a in in_force)
    drawn = app.scene.map.drawn_links
    party_sets = {frozenset(a.parties) for a in in_force}
    assert len(drawn) == len(party_sets)
    keys = [k for link in drawn for k in link.keys]
    assert sorted(keys) == sorted(a.id for a in in_force)
    by_id = {a.id: a for a in in_force}
    for link in drawn:
        parties = by_id[link.keys[0]].parties
        assert link.shape == ("pair" if len(parties) == 2 else "hub")
        assert len(link.pieces) >= (1 if len(parties) == 2 else len(parties))
        if link.shape == "hub":
            assert app.scene.map.rect.collidepoint(
                link.hub[0] + app.scene.map.rect.left, link.hub[1] + app.scene.map.rect.top)


def test_nothing_private_is_shown(app):
    session = play(app, "tutorial", "SAM")
    session.begin_diplomacy("SAM")
    app.show_game()
    step(app, 1)
    waiting = session.inbox("SAM")
    assert waiting, "the scripted computer sends the human an offer on the first turn"
    private = {clause_text(session.game, c) for n in waiting for c in n.current.clauses}
    from game.ui.scenes.inbox import InboxScene

    app.push(InboxScene(app, focus=waiting[0].id))
    assert any(p in t for t in visible_texts(app) for p in private)  # the inbox does show it
    press(app, pygame.K_F9)
    texts = visible_texts(app)
    assert app.scene.name == "projector"
    assert not any(p in t for t in texts for p in private)


def test_a_link_across_the_pacific_takes_the_short_way(app):
    from game.ui.map_view import Link, MapWidget

    session = Session.new(load_scenario(resolve("world")), ["IDN"])
    widget = MapWidget(app, session, None, pygame.Rect(0, 0, 900, 450))
    widget.show_world()
    widget.set_links([Link("pacific", ("JPN", "USA"), "bilateral")])
    widget.render()
    (link,) = widget.drawn_links
    assert len(link.pieces) == 2  # leaves at one edge, comes back at the other
    xs = [np.array([x for x, _ in piece]) for piece in link.pieces]
    assert all(np.ptp(x) < 450 for x in xs)  # neither piece crosses the whole map
    assert min(x.min() for x in xs) <= 1 and max(x.max() for x in xs) >= 898


def test_the_help_lists_f9_among_the_shortcuts(app):
    from game.ui.scenes.help import HelpScene

    app.push(HelpScene(app, tab="shortcuts"))
    text = " ".join(visible_texts(app))
    assert "<b>F9</b>: the projector view" in text
