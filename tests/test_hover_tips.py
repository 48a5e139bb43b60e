"""Every score term and indicator on the game screen explains itself when the mouse rests on it
(issue 15: "score terms have no tooltips"), and the explanation is drawn on an opaque card."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.model.state import SCORE_TERMS
from game.rules.game import Game
from game.session.session import Session
from game.ui.hover_tips import indicator_tip, term_tip
from game.ui.scenes.game.panel import INDICATORS
from game.ui.settings import Settings
from game.ui.testing import ScriptedController, open_app, step


@pytest.fixture(params=["en", "id"])
def app(folders, request):
    application = open_app(Settings(language=request.param), menu=False)
    yield application
    pygame.display.quit()


def test_each_row_of_the_panel_has_its_explanation(app, tutorial):
    session = Session(Game(tutorial, 7, 3), ["SAM"], "normal", ScriptedController(["SAM"]))
    app.start_session(session)
    step(app, 2)
    tips = app.scene.__dict__["hover_tips"]["panel"]
    texts = [text for _, text in tips]
    expected = [term_tip(t) for t in SCORE_TERMS] + [indicator_tip(k) for k in INDICATORS]
    assert all(expected) and set(expected) <= set(texts)
    # the mouse on the first term: its explanation is drawn over the screen
    rect, text = tips[1]
    assert text == term_tip(SCORE_TERMS[0])
    before = app.window.copy()
    app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=rect.center, rel=(0, 0),
                                 buttons=(0, 0, 0))], 0.05)
    step(app, 2)
    assert app.scene.tip_at(rect.center) == text
    difference = sum(1 for x in range(rect.left, min(rect.left + 300, app.window.get_width()), 7)
                     for y in range(rect.bottom, min(rect.bottom + 80, app.window.get_height()), 7)
                     if before.get_at((x, y)) != app.window.get_at((x, y)))
    assert difference > 20, "no card drawn under the mouse"
