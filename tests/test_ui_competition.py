"""The classroom competition screen driven headless with posted events: teams, countries, the
timer, saving and loading the set-up file, starting a game that shows the team names, and the
diplomacy countdown (with a fake clock) that ends diplomacy when it runs out."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.classroom.competition import load_competition
from game.rules.game import Phase
from game.ui.testing import answer, click, give_pin, open_app, press, select_item, step, visible_texts


class FakeClock:
    def __init__(self, now: float = 100.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def app(folders, monkeypatch):
    monkeypatch.setenv("HOME", str(folders / "home"))
    application = open_app(humans=["IDN"])
    yield application
    pygame.display.quit()


TEACHER_PIN = "13579"


def replace_text(app, entry, text: str) -> None:
    """Click a text entry, select all it holds and type ``text`` over it."""
    click(app, entry)
    press(app, pygame.K_a, mod=pygame.KMOD_CTRL)
    if text:
        app.step([pygame.event.Event(pygame.TEXTINPUT, text=text)], 1 / 60)
    else:
        press(app, pygame.K_BACKSPACE)
    step(app, 1)


def open_competition(app):
    click(app, "competition")
    assert app.scene.name == "competition"
    return app.scene


def set_up_three_teams(app, tmp_path):
    scene = open_competition(app)
    click(app, "scenario:indonesia-partners")
    scene = app.scene
    assert len(scene.teams) == 2  # two teams to start with
    click(app, "add_team")
    scene = app.scene
    assert [t["name"] for t in scene.teams] == ["Team 1", "Team 2", "Team 3"]
    for index, name in enumerate(("Garuda", "Komodo", "Rajawali")):
        replace_text(app, scene.name_entries[index], name)
    click(app, "country:2")
    select_item(app, scene.chooser, "Singapore")
    step(app, 1)
    click(app, "timer:3.0")
    replace_text(app, app.scene.results_entry, str(tmp_path / "results"))
    return app.scene


def test_three_teams_with_a_timer_start_a_game_that_shows_the_team_names(app, tmp_path):
    scene = set_up_three_teams(app, tmp_path)
    assert [(t["name"], t["country"]) for t in scene.teams] == [
        ("Garuda", "IDN"), ("Komodo", "JPN"), ("Rajawali", "SGP")]
    assert scene.minutes == 3.0
    assert "3 teams and 4 computer countries" in visible_texts(app)
    click(app, "start")
    give_pin(app, TEACHER_PIN)  # chosen when the competition is created
    session = app.session
    assert session.humans == ["IDN", "JPN", "SGP"]  # hot-seat order = team order
    assert session.classroom.teams == {"IDN": "Garuda", "JPN": "Komodo", "SGP": "Rajawali"}
    assert session.classroom.timer is not None and session.classroom.timer.seconds == 180
    assert session.classroom.results_folder == tmp_path / "results"
    assert app.scene.name == "handover"
    texts = visible_texts(app)
    assert "Garuda" in texts and "We are Garuda: continue" in texts
    assert any("Playing Indonesia" in t for t in texts)
    click(app, "ready")
    assert app.scene.name == "game"
    assert "Garuda, playing Indonesia" in visible_texts(app)


def test_the_screen_refuses_to_start_with_two_teams_of_one_name(app):
    scene = open_competition(app)
    replace_text(app, scene.name_entries[1], "team 1")
    assert not app.scene.buttons["start"].is_enabled
    assert "Two teams are called “team 1”: give each its own name." in visible_texts(app)
    replace_text(app, scene.name_entries[1], "")
    assert "Team 2 needs a name." in visible_texts(app)
    replace_text(app, scene.name_entries[1], "Komodo")
    assert app.scene.buttons["start"].is_enabled


def test_a_team_can_be_removed_but_not_the_last(app):
    scene = open_competition(app)
    click(app, "remove:0")
    scene = app.scene
    assert [t["country"] for t in scene.teams] == ["JPN"]
    assert not scene.buttons["remove:0"].is_enabled
    press(app, pygame.K_ESCAPE)
    answer(app)  # the changed set-up would be lost: the screen asks first
    assert app.scene.name == "menu"


def test_a_smaller_scenario_keeps_as_many_teams_as_it_has_countries(app):
    # found by the random-input test: four teams, then the tutorial's three countries
    open_competition(app)
    click(app, "scenario:indonesia-partners")
    click(app, "add_team")
    click(app, "add_team")
    assert len(app.scene.teams) == 4
    click(app, "scenario:tutorial")
    teams = app.scene.teams
    assert [t["name"] for t in teams] == ["Team 1", "Team 2", "Team 3"]
    assert sorted(t["country"] for t in teams) == ["AWN", "KAR", "SAM"]
    assert not app.scene.buttons["add_team"].is_enabled


def test_the_set_up_is_saved_and_loaded_through_the_screen(app, tmp_path):
    scene = set_up_three_teams(app, tmp_path)
    path = tmp_path / "kelas 8B" / "competition.toml"
    replace_text(app, scene.setup_entry, str(path))
    click(app, "reflection:True")
    click(app, "save")
    saved = load_competition(path)
    assert [(t.name, t.country) for t in saved.teams] == [
        ("Garuda", "IDN"), ("Komodo", "JPN"), ("Rajawali", "SGP")]
    assert saved.diplomacy_minutes == 3.0 and saved.reflection is True
    assert saved.seed == 162 and saved.scenario == "indonesia-partners"
    assert any(str(path) in t for t in visible_texts(app))  # "Set-up saved: ..."
    # the next class: a fresh screen, the file loaded
    press(app, pygame.K_ESCAPE)
    scene = open_competition(app)
    assert [t["name"] for t in scene.teams] == ["Team 1", "Team 2"]
    replace_text(app, scene.setup_entry, str(path))
    click(app, "load")
    scene = app.scene
    assert [(t["name"], t["country"]) for t in scene.teams] == [
        ("Garuda", "IDN"), ("Komodo", "JPN"), ("Rajawali", "SGP")]
    assert scene.minutes == 3.0 and scene.reflection is True
    assert scene.results_entry.get_text() == str(tmp_path / "results")


def test_a_broken_set_up_file_shows_its_problem_and_esc_comes_back(app, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('scenario = "indonesia-partners"\nseed = 1\n\n[[teams]]\nname = "A"\n'
                    'country = "XYZ"\n', encoding="utf-8")
    scene = open_competition(app)
    replace_text(app, scene.setup_entry, str(path))
    click(app, "load")
    assert app.scene.name == "error"
    texts = " ".join(visible_texts(app))
    assert "teams[0].country" in texts and "'XYZ'" in texts
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "competition"
    assert [t["name"] for t in app.scene.teams] == ["Team 1", "Team 2"]  # nothing half-loaded


def start_two_teams(app, tmp_path, minutes: str = "2.0"):
    scene = open_competition(app)
    click(app, f"timer:{minutes}")
    replace_text(app, app.scene.results_entry, "")
    del scene
    click(app, "start")
    give_pin(app, TEACHER_PIN)  # chosen when the competition is created
    clock = FakeClock()
    app.session.classroom.timer.clock = clock
    click(app, "ready")
    click(app, "next")  # Team 1 reads the news and opens diplomacy
    assert app.session.stage is Phase.DIPLOMACY
    return clock


def test_the_countdown_shows_on_every_game_screen_and_ends_diplomacy_at_zero(app, tmp_path):
    clock = start_two_teams(app, tmp_path)
    session = app.session
    assert session.classroom.results_folder is None
    assert "Diplomacy 02:00" in visible_texts(app)
    clock.now += 45
    click(app, "negotiate")  # the countdown shows over the negotiation screen too
    assert app.scene.name == "negotiation"
    assert "Diplomacy 01:15" in visible_texts(app)
    press(app, pygame.K_ESCAPE)
    click(app, "next")  # Team 1 ends its diplomacy: the hand-over to Team 2, same countdown
    answer(app)  # with delegations unused, the game asks first
    assert app.scene.name == "handover"
    clock.now += 50
    assert "Diplomacy 00:25" in visible_texts(app)
    clock.now += 25
    step(app, 2)
    assert session.stage is Phase.COMPLIANCE
    assert not session.classroom.timer.active
    texts = visible_texts(app)
    assert "Time is up: diplomacy is over" in texts
    assert not any(t.startswith("Diplomacy 0") for t in texts)


def test_the_countdown_stops_on_the_menu_and_a_save_resumes_it(app, tmp_path):
    clock = start_two_teams(app, tmp_path, "5.0")
    clock.now += 60
    step(app, 1)
    click(app, "menu")
    give_pin(app, TEACHER_PIN)  # leaving the class's game is the teacher's
    assert app.scene.name == "menu"
    clock.now += 600  # the teacher talks to the class with the menu open
    step(app, 2)
    assert app.session.classroom.timer.remaining() == 240
    click(app, "resume")  # the autosave, as after closing the window
    session = app.session
    assert session.classroom.teams == {"IDN": "Team 1", "JPN": "Team 2"}
    session.classroom.timer.pause()  # it ran on the real clock from the moment the game was on screen
    assert session.classroom.timer.remaining() == pytest.approx(240, abs=0.5)
    resumed = FakeClock(0.0)
    session.classroom.timer.clock = resumed
    step(app, 1)
    if app.scene.name == "handover":
        click(app, "ready")
    resumed.now += 30
    assert "Diplomacy 03:30" in visible_texts(app)


def _shows_flag(app, loaded, country: str, place: pygame.Rect) -> bool:
    """Whether the window shows ``country``'s flag in ``place`` (inside its outline)."""
    from game.ui.flags import flag

    picture = flag(loaded, country, place.height)
    points = [(x, y) for x in range(2, place.width - 2, 3) for y in range(2, place.height - 2, 3)]
    same = sum(app.window.get_at((place.x + x, place.y + y))[:3] == picture.get_at((x, y))[:3]
               for x, y in points)
    return same >= 0.9 * len(points)


def test_each_team_shows_its_country_flag_and_the_country_list_its_flags(app, tmp_path):
    from game.ui.flags import flag_width

    scene = set_up_three_teams(app, tmp_path)
    step(app, 2)

    def place(index: int) -> pygame.Rect:
        button = scene.buttons[f"country:{index}"]
        height = button.rect.height * 5 // 8
        return pygame.Rect(button.rect.left - scene.px(6) - flag_width(height),
                           button.rect.centery - height // 2, flag_width(height), height)

    for index, country in enumerate(t["country"] for t in scene.teams):
        assert _shows_flag(app, scene.loaded, country, place(index)), country
    assert scene.teams[2]["country"] == "SGP"
    assert not _shows_flag(app, scene.loaded, "IDN", place(2))
    # the list of free countries opens under the first team's button, beside the flags of the
    # rows below (they stay whole), and each of its countries shows its own flag
    click(app, "country:0")
    step(app, 2)
    assert scene.chooser is not None
    for index in (1, 2):
        assert not scene.chooser.rect.colliderect(place(index))
        assert _shows_flag(app, scene.loaded, scene.teams[index]["country"], place(index))
    found = 0
    for item in scene.chooser.item_list:
        button = item.get("button_element")
        country = scene.chooser_names.get(item.get("text", ""))
        if button is None or not button.visible or country is None:
            continue
        height = max(6, button.rect.height * 5 // 8)
        spot = pygame.Rect(button.rect.right - flag_width(height) - max(4, height // 3),
                           button.rect.centery - height // 2, flag_width(height), height)
        assert _shows_flag(app, scene.loaded, country, spot), country
        found += 1
    assert found >= 3
