"""The game window's screens, driven headless by clicks and keys posted on widgets' rectangles."""

from __future__ import annotations

import json
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import warnings

import pygame
import pytest

from game.rules.game import Game, Phase
from game.session.session import Session
from game.ui.settings import Settings, load_settings
from game.ui.testing import (
    ScriptedController,
    answer,
    click,
    click_at,
    drag,
    open_app,
    press,
    step,
    visible_texts,
)


@pytest.fixture
def app(folders):
    application = open_app(humans=["SAM"], save_settings=True)
    yield application
    pygame.display.quit()


def play(app, loaded, humans, turns=3):
    session = Session(Game(loaded, 7, turns), humans, "normal", ScriptedController(humans),
                      autosave_path=app.autosave)
    app.start_session(session)
    step(app, 2)
    return session


def test_menu_buttons_open_their_screens_and_esc_always_comes_back(app):
    for key, name in (("settings", "settings"), ("help", "help"), ("new", "setup"), ("load", "load")):
        click(app, key)
        assert app.scene.name == name
        assert "back" in app.scene.buttons, f"{name} has no visible way back"
        press(app, pygame.K_ESCAPE)
        assert app.scene.name == "menu"
    click(app, "help")
    click(app, "back")
    assert app.scene.name == "menu"


def test_the_language_switches_at_run_time_and_is_remembered(app):
    assert any("New game" in t for t in visible_texts(app))
    click(app, "language:id")
    texts = visible_texts(app)
    assert any("Permainan baru" in t for t in texts)
    assert not any("New game" in t for t in texts)
    assert load_settings().language == "id"
    click(app, "settings")
    click(app, "language:en")
    assert any("Settings" in t for t in visible_texts(app))
    assert load_settings().language == "en"


def test_scale_palette_and_full_screen_settings_apply_and_are_saved(app):
    click(app, "settings")
    click(app, "scale:2.0")
    assert app.settings.scale == 2.0
    assert app.scale == pytest.approx(1280 / 960)  # the window holds at most this much
    assert any("window is small" in t for t in visible_texts(app))
    click(app, "scale:1.0")
    assert app.scale == 1.0
    click(app, "palette:True")
    assert app.palette.name == "colour_blind"
    click(app, "fullscreen:True")
    assert app.settings.fullscreen
    press(app, pygame.K_F11)
    assert not app.settings.fullscreen
    saved = load_settings()
    assert (saved.scale, saved.colour_blind) == (1.0, True)


def test_a_broken_save_shows_its_error_in_the_game(app, folders):
    saves = folders / "data" / "saves"
    saves.mkdir(parents=True)
    (saves / "broken.json").write_text('{"format": "diplomasi-save", "version": 1}')
    click(app, "load")
    click(app, "save:broken.json")
    assert app.scene.name == "error"
    assert any("no scenario" in t for t in visible_texts(app))
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "load"


def test_a_broken_scenario_file_shows_its_error_in_the_setup(app, folders):
    bad = folders / "bad.toml"
    bad.write_text("[scenario]\nid = 'x'\nturns = 'ten'\n")
    click(app, "new")
    scene = app.scene
    scene.path_entry.set_text(str(bad))
    click(app, "open_file")
    texts = visible_texts(app)
    assert any("cannot be used" in t for t in texts)
    assert any("turns" in t for t in texts)
    assert "start" not in app.scene.buttons


def test_the_menu_offers_to_resume_after_a_crash(app, tutorial):
    session = play(app, tutorial, ["SAM"])
    session.begin_diplomacy("SAM")
    session.autosave()
    from game.ui.app import App

    restarted = App(Settings())
    restarted.to_menu()
    step(restarted, 1)
    assert "resume" in restarted.scene.buttons
    click(restarted, "resume")
    assert restarted.scene.name == "game"
    assert restarted.session.stage is Phase.DIPLOMACY
    assert restarted.session.game.state_hash() == session.game.state_hash()


def test_the_map_selects_zooms_and_pans(app, tutorial):
    play(app, tutorial, ["SAM"])
    click(app, "next")  # start diplomacy
    scene = app.scene
    assert scene.name == "game" and app.session.stage is Phase.DIPLOMACY
    step(app, 1)
    island = scene.map.markers["KAR"][0]
    position = (scene.map_rect.left + island[0], scene.map_rect.top + island[1])
    click_at(app, position, frames=2)
    assert app.scene.selected == "KAR"
    assert "propose_to" in app.scene.buttons
    scene = app.scene
    span = scene.map.view.longitude_span
    app.step([pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False)], 1 / 60)
    assert scene.map.view.longitude_span < span
    before = scene.map.view.centre
    drag(app, scene.map_rect.center, (scene.map_rect.centerx + 120, scene.map_rect.centery + 40))
    assert scene.map.view.centre != before
    for lens in ("trade", "dependency", "membership", "trust"):
        click(app, f"lens:{lens}")
        assert app.scene.map.lens == lens
    click(app, "world")
    click(app, "propose_to")
    assert app.scene.name == "negotiation"
    assert app.scene.draft.parties == ["SAM", "KAR"]


def test_tiny_states_get_a_marker_and_the_world_map_renders(app):
    from game.scenario.loading import load_scenario, resolve

    loaded = load_scenario(resolve("asean-plus-three"))
    play(app, loaded, ["IDN"], turns=1)
    step(app, 1)
    assert "SGP" in app.scene.map.markers
    hit = app.scene.map.country_at((app.scene.map_rect.left + app.scene.map.markers["SGP"][0][0] + 6,
                                    app.scene.map_rect.top + app.scene.map.markers["SGP"][0][1]))
    assert hit == "SGP"


def test_hot_seat_hides_the_screen_between_teams(app, tutorial):
    session = play(app, tutorial, ["SAM", "KAR"])
    assert app.scene.name == "handover"
    texts = " ".join(visible_texts(app))
    assert "Samudra" in texts and "Karang" not in texts
    click(app, "ready")
    assert app.scene.name == "game" and app.viewer == "SAM"
    click(app, "next")  # start diplomacy
    click(app, "next")  # end diplomacy: Karang's turn
    answer(app)  # with delegations unused, the game asks first
    assert app.scene.name == "handover" and app.scene.country == "KAR"
    assert session.current == "KAR"
    click(app, "ready")
    assert app.viewer == "KAR"


def test_every_scene_has_a_way_back(app, tutorial):
    play(app, tutorial, ["SAM"])
    click(app, "next")
    for key in ("negotiate", "inbox", "charts"):
        click(app, key)
        assert "back" in app.scene.buttons
        click(app, "back")
        assert app.scene.name == "game"
    press(app, pygame.K_ESCAPE)
    answer(app)  # leaving the game asks first
    assert app.scene.name == "menu"


def test_no_label_overflows_on_the_main_screens(app, tutorial):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        play(app, tutorial, ["SAM"])
        click(app, "next")
        for key in ("negotiate", "inbox", "charts"):
            click(app, key)
            press(app, pygame.K_ESCAPE)
    overflows = [str(w.message) for w in caught if "too small" in str(w.message)]
    assert overflows == []


def test_autosave_is_written_atomically_every_stage(app, tutorial):
    play(app, tutorial, ["SAM"])
    click(app, "next")
    document = json.loads(app.autosave.read_text())
    assert document["format"] == "diplomasi-save"
    assert not list(app.autosave.parent.glob(".autosave.json.*.tmp"))


def test_picking_several_countries_starts_a_hot_seat_game(app):
    from game.ui.testing import select_item

    click(app, "new")
    click(app, "scenario:tutorial")
    scene = app.scene
    select_item(app, scene.country_list, "Karang")
    assert scene.humans == ["SAM", "KAR"]
    assert any("2 teams" in t for t in visible_texts(app))
    click(app, "start")
    assert app.scene.name == "handover"
    assert app.session.humans == ["SAM", "KAR"]


def test_a_large_scenario_has_a_country_search(app):
    click(app, "new")
    click(app, "scenario:asean-plus-three")
    scene = app.scene
    assert scene.humans == ["IDN"]
    from game.ui.testing import type_text

    type_text(app, scene.search, "Viet")
    assert app.scene.visible_names == ["Vietnam"]


def test_what_would_it_take_and_using_the_answer(app, tutorial):
    from game.ui.testing import select_item

    play(app, tutorial, ["SAM"])
    click(app, "next")
    click(app, "negotiate")
    select_item(app, app.scene.partner_list, "Karang")
    click(app, "what_would_it_take")
    assert app.scene.suggestions and app.scene.suggestions[0][0] == "KAR"
    texts = " ".join(visible_texts(app))
    assert "Karang would accept this version" in texts
    click(app, "use:KAR")
    from game.scenario.schema import ClauseKind

    assert app.scene.draft.clauses[ClauseKind.TRADE_LIBERALISATION].level == 0.3
    # asked again about the version it proposed: accepted as it is, and nothing to "use"
    click(app, "what_would_it_take")
    assert "use:KAR" not in app.scene.buttons
    assert "Karang would accept it as it is" in " ".join(visible_texts(app))


def test_a_counter_offer_from_the_inbox(app, tutorial):
    play(app, tutorial, ["SAM"])
    click(app, "next")  # the scripted Karang sends Samudra a trade offer
    session = app.session
    waiting = session.inbox("SAM")
    assert waiting
    click(app, "inbox")
    click(app, f"item:{waiting[0].id}")
    assert "accept" in app.scene.buttons and "reject" in app.scene.buttons
    click(app, "counter")
    scene = app.scene
    assert scene.name == "negotiation" and scene.negotiation == waiting[0].id
    click(app, "toggle:visa_facilitation")
    step(app, 12)
    click(app, "send")
    negotiation = session.game.negotiation(waiting[0].id)
    assert len(negotiation.offers) == 2 and negotiation.status.value == "agreed"
    assert app.scene.name == "inbox"
    assert app.scene.focus == waiting[0].id
    # the inbox the counter-offer was written from, not a second one: Esc goes to the game
    assert [s.name for s in app.stack].count("inbox") == 1
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "game"


def test_a_held_key_acts_once(app, tutorial):
    """A slow screen change lets the key repeat start before the key is let go: one Esc from the
    inbox must go back one screen, not on to the menu (found in a real window)."""
    play(app, tutorial, ["SAM"])
    click(app, "inbox")
    assert app.scene.name == "inbox"
    down = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0)
    up = pygame.event.Event(pygame.KEYUP, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0)
    app.step([down, down, down], 1 / 60)  # the press and two repeats
    step(app, 2)
    assert app.scene.name == "game"
    app.step([up], 1 / 60)
    press(app, pygame.K_ESCAPE)  # a new press after the release acts again
    answer(app)  # leaving the game asks first
    assert app.scene.name == "menu"


def test_opening_agreements_show_in_force_not_new(app, tutorial):
    play(app, tutorial, ["SAM"])
    html = app.scene.agreements_html()
    assert "in force" in html and ">new<" not in html


def test_an_untouched_window_draws_fewer_frames(app, monkeypatch):
    from game.ui import app as app_module

    now = [1000.0]
    monkeypatch.setattr(app_module.time, "monotonic", lambda: now[0])
    press(app, pygame.K_F1)  # any input
    assert app.frame_rate() == app_module.FPS
    now[0] += app_module.IDLE_AFTER + 0.5
    assert app.frame_rate() == app_module.IDLE_FPS < app_module.FPS
    app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=(10, 10), rel=(1, 1), buttons=(0, 0, 0))], 1 / 60)
    assert app.frame_rate() == app_module.FPS


def test_every_indicator_stays_on_screen_at_projector_scale(folders, tutorial):
    """At interface size 2.0 the indicators take one line each, so none falls off the panel."""
    from game.ui.app import App
    from game.ui.text import ui

    application = App(Settings(scale=2.0), size=(1920, 1080), save_settings_on_change=False)
    try:
        play(application, tutorial, ["SAM"])
        texts = visible_texts(application)
        for key in ("welfare_index", "trust_held", "gdp", "technology", "human_capital", "security",
                    "dependency"):
            assert ui(f"indicator_short.{key}") in texts, key
    finally:
        pygame.display.quit()
