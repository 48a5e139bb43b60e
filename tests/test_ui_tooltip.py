"""Tooltips are readable: a hover shows the text on an opaque, bordered box, not loose letters
over whatever is beneath (found by playing in a real window; headless tests never hover)."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from pygame_gui.elements import UITooltip

from game.rules.game import Game
from game.session.session import Session
from game.ui.settings import Settings
from game.ui.testing import ScriptedController, open_app, step


@pytest.fixture
def app(folders):
    application = open_app(Settings(language="id"), menu=False)
    yield application
    pygame.display.quit()


def test_a_hovered_button_shows_its_tooltip_on_an_opaque_box(app, tutorial):
    session = Session(Game(tutorial, 7, 3), ["SAM"], "normal", ScriptedController(["SAM"]))
    app.start_session(session)
    step(app, 2)
    button = app.scene.buttons["next"]
    assert button.tool_tip_text, "the next-step button explains its shortcut"
    app.manager.virtual_mouse = button.rect.center
    for _ in range(20):  # past the theme's tooltip delay
        app.step([], 0.1)
    tips = [s for s in app.manager.get_sprite_group().sprites() if isinstance(s, UITooltip)]
    assert len(tips) == 1
    box = tips[0].text_block.image
    alpha = pygame.surfarray.pixels_alpha(box)
    assert alpha.shape[0] > 20 and alpha.shape[1] > 10
    inner = np.asarray(alpha)[3:-3, 3:-3]
    assert (inner == 255).mean() > 0.99, "the tooltip's box is see-through"
    # and its background differs from the text: the box is a box, not only glyphs
    colours = pygame.surfarray.pixels3d(box)[3:-3, 3:-3].reshape(-1, 3)
    _, counts = np.unique(colours, axis=0, return_counts=True)
    assert counts.max() / counts.sum() > 0.5
