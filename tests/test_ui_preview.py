"""The scenario preview: it opens from the new-game screen for every built-in scenario, selecting
a country in the list selects it on the map and the other way round, the starting agreements are
drawn, and Back (or Esc) returns to the new-game screen."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.scenario import catalog
from game.ui.settings import Settings
from game.ui.testing import click, click_at, press, select_item, step, visible_texts
from game.ui.text import country_name

BUILT_IN = [entry.key for entry in catalog.catalog(None)]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("preview")
    os.environ["DIPLOMASI_CONFIG_DIR"] = str(folder)
    os.environ["DIPLOMASI_DATA_DIR"] = str(folder)
    from game.ui.app import App

    application = App(Settings(), save_settings_on_change=False)
    yield application
    pygame.display.quit()


def open_preview(app, scenario: str) -> None:
    from game.ui.scenes.menu import MenuScene
    from game.ui.scenes.setup import SetupScene

    app.goto(MenuScene(app))
    app.push(SetupScene(app, scenario_id=scenario))
    step(app, 1)
    click(app, "preview")
    step(app, 1)


def test_there_are_built_in_scenarios():
    assert {"world", "asean-plus-three", "archipelago"} <= set(BUILT_IN)


@pytest.mark.parametrize("scenario", BUILT_IN)
def test_the_preview_opens_for_every_scenario_and_selects_from_the_list(app, scenario):
    open_preview(app, scenario)
    scene = app.scene
    assert scene.name == "preview"
    game = scene.game
    assert game.scenario.scenario.id == scenario
    # the agreements the scenario starts with, each drawn
    drawn = [k for link in scene.map.drawn_links for k in link.keys]
    assert sorted(drawn) == sorted(a.id for a in game.scenario.agreements)
    assert not any(link.new for link in scene.map.links)  # nothing is "new this year" at the start
    # pick another country from the list: it is selected on the map, and the card is about it
    other = next(c for c in game.country_ids[:2] if c != scene.selected)  # near the list's top
    name = country_name(game, other)
    select_item(app, scene.country_list, name)
    step(app, 1)
    scene = app.scene
    assert scene.selected == other
    assert scene.map.selected == other and scene.map.viewer == other
    assert scene.country_list.get_single_selection() == name
    assert any(name in t for t in visible_texts(app))
    click(app, "back")
    assert app.scene.name == "setup"


def test_clicking_an_island_on_the_map_selects_it_in_the_list(app):
    open_preview(app, "archipelago")
    scene = app.scene
    target = next(c for c in scene.game.country_ids if c != scene.selected)
    centre, _ = scene.map.markers[target]
    click_at(app, (centre[0] + scene.map.rect.left, centre[1] + scene.map.rect.top))
    step(app, 1)
    scene = app.scene
    assert scene.selected == target
    assert scene.country_list.get_single_selection() == country_name(scene.game, target)
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "setup"


def test_the_trust_lens_is_the_trust_towards_the_selected_country(app):
    open_preview(app, "indonesia-partners")
    scene = app.scene
    scene.select("JPN")
    step(app, 1)
    scene = app.scene
    relations = scene.map.relations
    trust = scene.data.session.trust_towards("JPN")
    for country in scene.game.country_ids:
        assert relations[country]["trust_in_you"] == pytest.approx(float(trust[scene.game.index[country]]))
    texts = visible_texts(app)
    assert any("Japan" in t and "Trust" in t for t in texts)  # the legend names the country


def test_the_membership_lens_lists_organisations_and_regions(app):
    open_preview(app, "asean-plus-three")
    click(app, "lens:membership")
    scene = app.scene
    assert scene.dropdown is not None
    keys = list(scene.group_keys.values())
    assert any(k.startswith("organisation:") for k in keys)
    assert any(k.startswith("region:") for k in keys)
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "setup"


def test_a_large_scenario_has_a_search_box_over_its_list(app):
    from game.ui.testing import type_text

    open_preview(app, "world")
    scene = app.scene
    assert scene.search is not None
    type_text(app, scene.search, "Jap")
    assert [item["text"] for item in scene.country_list.item_list] == ["Japan"]
    select_item(app, scene.country_list, "Japan")
    step(app, 1)
    assert app.scene.selected == "JPN" and app.scene.map.selected == "JPN"
    assert app.scene.country_list.get_single_selection() == "Japan"
    click(app, "back")
    assert app.scene.name == "setup"


def test_hovering_a_country_tells_its_trust_in_the_selected_one(app):
    from game.ui.text import percent

    open_preview(app, "archipelago")
    scene = app.scene
    target = next(c for c in scene.game.country_ids if c != scene.selected)
    centre, _ = scene.map.markers[target]
    position = (centre[0] + scene.map.rect.left, centre[1] + scene.map.rect.top)
    step(app, 1, [pygame.event.Event(pygame.MOUSEMOTION, pos=position, rel=(0, 0), buttons=(0, 0, 0))])
    trust = scene.data.session.trust_towards(scene.selected)[scene.game.index[target]]
    expected = f"Trust in {country_name(scene.game, scene.selected)}: {percent(float(trust))}"
    assert expected in visible_texts(app)
    press(app, pygame.K_ESCAPE)
