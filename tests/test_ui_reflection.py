"""The classroom screens driven headless: the reflection prompts before the turn report, and the
moderator's panel (F7) that sets off an event from the deck."""

from __future__ import annotations

import csv
import io
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.classroom.classroom import Classroom
from game.classroom.pin import hash_pin
from game.classroom.results import REFLECTIONS_FILE, SUMMARY_FILE
from game.rules.game import Game
from game.session.session import Session
from game.ui.testing import ScriptedController, click, give_pin, open_app, press, step, visible_texts

TEAMS = {"SAM": "Garuda Muda", "KAR": "Tim Karang"}


@pytest.fixture
def app(folders):
    application = open_app()
    yield application
    pygame.display.quit()


TEACHER_PIN = "2468"


def start(app, tutorial, folder, seed: int = 7, turns: int = 3) -> Session:
    session = Session(Game(tutorial, seed, turns), ["SAM", "KAR"], "normal",
                      ScriptedController(["SAM", "KAR"]),
                      classroom=Classroom(teams=dict(TEAMS), reflection=True, results_folder=folder,
                                          teacher_pin=hash_pin(TEACHER_PIN)))
    app.start_session(session)
    step(app, 2)
    return session


def open_moderator(app) -> None:
    """F7, and the teacher's PIN."""
    press(app, pygame.K_F7, frames=2)
    give_pin(app, TEACHER_PIN)


def through_handover(app) -> None:
    if app.scene.name == "handover":
        click(app, "ready", frames=2)


def end_year_in_the_window(app, session) -> None:
    """Both teams play a quiet year: the second ends the turn on the compliance screen."""
    session.begin_diplomacy(session.current)
    while session.stage.value == "diplomacy":
        session.end_diplomacy(session.current)
    session.end_compliance(session.current, {})
    app.show_game()
    through_handover(app)
    step(app, 2)
    click(app, "next", frames=2)  # "Keep or break promises" opens the compliance screen
    assert app.scene.name == "compliance"
    click(app, "end_turn", frames=3)
    through_handover(app)
    step(app, 3)


def type_into(app, box, text: str) -> None:
    click(app, box)
    app.step([pygame.event.Event(pygame.TEXTINPUT, text=text)], 1 / 60)
    step(app, 1)


def test_each_team_reflects_before_the_report_and_the_answers_are_kept(app, tutorial, tmp_path):
    folder = tmp_path / "results"
    session = start(app, tutorial, folder)
    assert (folder / SUMMARY_FILE).read_bytes().startswith(b"\x89PNG")  # the window's painter
    end_year_in_the_window(app, session)
    assert app.scene.name == "reflection"
    shown = " ".join(visible_texts(app))
    assert "Garuda Muda" in shown and "Why did you accept or refuse this year's offers?" in shown
    assert "Trust" in shown  # year 1's concept question
    offers = app.scene.boxes["offers"]
    type_into(app, offers, "We took the trade offer: it lowers our costs.")
    click(app, "save", frames=2)
    assert app.scene.name == "reflection"  # the second team's turn
    assert "Tim Karang" in " ".join(visible_texts(app))
    assert app.scene.boxes["offers"].get_text() == ""
    click(app, "skip", frames=3)
    assert app.scene.name == "report"
    assert session.classroom.reflections == [{"turn": 1, "country": "SAM", "team": "Garuda Muda",
                                    "question": "offers",
                                    "text": "Why did you accept or refuse this year's offers?",
                                    "answer": "We took the trade offer: it lowers our costs."}]
    table = list(csv.DictReader(io.StringIO((folder / REFLECTIONS_FILE).read_text("utf-8"))))
    assert [(r["team"], r["answer"]) for r in table] == [
        ("Garuda Muda", "We took the trade offer: it lowers our costs.")]
    press(app, pygame.K_ESCAPE, frames=2)  # the report goes back to the game, not to the prompt
    assert app.scene.name == "game"


def test_back_and_esc_leave_the_prompt_for_the_game(app, tutorial, tmp_path):
    session = start(app, tutorial, tmp_path / "results")
    end_year_in_the_window(app, session)
    assert app.scene.name == "reflection" and "back" in app.scene.buttons
    press(app, pygame.K_ESCAPE, frames=2)
    assert app.scene.name == "game" and session.classroom.reflections == []
    step(app, 3)
    assert app.scene.name == "game"  # not asked again for the same year


def test_no_prompt_when_reflection_is_off(app, tutorial, tmp_path):
    session = start(app, tutorial, tmp_path / "results")
    session.classroom.reflection = False
    end_year_in_the_window(app, session)
    assert app.scene.name == "report"


def test_the_moderator_panel_sets_off_a_card_for_the_struck_country(app, tutorial, tmp_path):
    session = start(app, tutorial, tmp_path / "results", seed=2)  # seed 2: a quiet first year
    through_handover(app)
    assert app.scene.name == "game"
    open_moderator(app)
    assert app.scene.name == "moderator"
    shown = " ".join(visible_texts(app))
    assert "Tropical storm" in shown and "Chip breakthrough" in shown
    click(app, "card:storm", frames=2)
    assert not app.scene.buttons["confirm"].is_enabled  # no country chosen yet
    assert set(k for k in app.scene.buttons if k.startswith("country:")) == {"country:SAM"}
    click(app, "country:SAM", frames=2)
    assert app.scene.buttons["confirm"].is_enabled
    click(app, "confirm", frames=2)
    assert app.scene.name == "game"
    assert session.game.log[-1] == {"type": "moderate", "card": "storm", "countries": ["SAM"],
                                    "direction": 1.0}
    news = app.scene.news_html()
    assert "Tropical storm" in news and "set off by the teacher" in news
    open_moderator(app)
    assert not app.scene.buttons["card:storm"].is_enabled  # already in this year's news
    press(app, pygame.K_ESCAPE, frames=2)
    assert app.scene.name == "game"


def test_the_panel_says_when_events_cannot_be_set_off(app, tutorial, tmp_path):
    session = start(app, tutorial, tmp_path / "results")
    session.begin_diplomacy(session.current)
    while session.stage.value == "diplomacy":
        session.end_diplomacy(session.current)
    app.show_game()
    through_handover(app)
    open_moderator(app)
    assert app.scene.name == "moderator"
    assert "confirm" not in app.scene.buttons
    assert not app.scene.buttons["card:storm"].is_enabled
    assert any("only in the news or diplomacy phase" in t for t in visible_texts(app))


def test_help_lists_the_moderator_key_in_both_languages(app):
    from game.ui.scenes.help import HelpScene
    from game.ui.text import set_language

    for language, words in (("en", "set off an event"), ("id", "munculkan peristiwa")):
        set_language(language)
        app.push(HelpScene(app, tab="shortcuts"))
        step(app, 1)
        assert any("F7" in t and words in t for t in visible_texts(app))
        app.pop()
    set_language("en")


def test_the_last_year_is_reflected_on_before_the_debrief(app, tutorial, tmp_path):
    folder = tmp_path / "results"
    session = start(app, tutorial, folder, turns=1)
    end_year_in_the_window(app, session)
    assert session.game.finished
    assert app.scene.name == "reflection"
    type_into(app, app.scene.boxes["offers"], "We said no to protect our farmers.")
    click(app, "save", frames=2)
    click(app, "skip", frames=3)
    assert app.scene.name == "end"
    assert [r["answer"] for r in session.classroom.reflections] == ["We said no to protect our farmers."]
    assert "protect our farmers" in (folder / REFLECTIONS_FILE).read_text("utf-8")
    assert "Write results folder" in " ".join(visible_texts(app))
    click(app, "export_csv", frames=2)
    assert any(str(folder) in message for _, message, _ in app.toasts)
