"""Flags on the map's markers (issue 15): small states' markers and invented countries' islands
show their country's flag at every classroom size, clear of the countries' names, of each other
and of what lies over the map (the zoom buttons, the legend), and mostly over the sea (crowded
Europe keeps its shapes at the world view); the click areas are the pick buffer's
(tests/test_map_pick.py)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from game.scenario.loading import load_scenario, resolve
from game.session.session import Session
from game.ui.flags import flag
from game.ui.map_view.rendering import FLAG_LAND_SHARE
from game.ui.testing import sized_window, step

SIZES = (((1280, 720), 1.0), ((1024, 768), 1.5), ((1920, 1080), 2.0))


@pytest.fixture(scope="module", params=SIZES, ids=["1280x720", "1024x768-scale1.5", "1920x1080-scale2"])
def window(request, tmp_path_factory):
    yield sized_window(tmp_path_factory.mktemp("config"), *request.param)
    pygame.display.quit()


def open_map(app, name: str):
    loaded = load_scenario(resolve(name))
    ids = [c.id for c in loaded.scenario.countries]
    session = Session.new(loaded, ["IDN" if "IDN" in ids else ids[0]])
    app.session = session
    app.viewer = session.humans[0]
    app.goto("game")
    step(app, 2)
    widget = app.scene.map
    assert widget.surface is not None  # drawn by the frames stepped
    return widget


@pytest.mark.parametrize("name", ("indonesia-partners", "archipelago", "world"))
def test_markers_show_their_flag_clear_of_the_names(window, name):
    widget = open_map(window, name)
    flags = widget.flag_rects
    assert flags, f"{name}: no marker shows its flag"
    if name == "indonesia-partners":
        assert "SGP" in flags  # Singapore, the one small state of the region
    if name == "archipelago":
        assert set(flags) == set(widget.invented)  # every island
    names = list(widget.label_rects.values())
    assert widget.viewer in widget.label_rects  # your country keeps its name
    bounds = pygame.Rect((0, 0), widget.rect.size)
    pixels = pygame.surfarray.array3d(widget.pick).astype(np.int64)
    owner = ((pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]) - 1
    count = len(widget.game.country_ids)
    legend = widget.legend_rect()
    for country, rect in flags.items():
        assert country in widget.markers
        assert bounds.contains(rect), country
        assert rect.collidelist(names) == -1, f"{country}'s flag covers a name"
        others = [r for c, r in flags.items() if c != country]
        assert rect.collidelist(others) == -1, f"{country}'s flag covers another flag"
        if legend is not None:
            assert not rect.move(widget.rect.topleft).colliderect(legend), country
        if country not in widget.invented:  # mostly over the sea or its own land
            held = owner[rect.left:rect.right, rect.top:rect.bottom]
            others = ((held >= 0) & (held < count) & (held != widget.game.index[country])).sum()
            assert others <= FLAG_LAND_SHARE * rect.width * rect.height, country
        # the flag's own colours at its middle, on the map's picture
        tall = rect.height - 2
        image = flag(widget.game, country, tall)
        middle = (image.get_width() // 2, image.get_height() // 2)
        drawn = widget.surface.get_at((rect.left + 1 + middle[0], rect.top + 1 + middle[1]))
        assert tuple(drawn)[:3] == tuple(image.get_at(middle))[:3], country
