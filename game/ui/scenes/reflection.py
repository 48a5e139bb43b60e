"""Reflection prompts: at the end of each turn, when the teacher turned them on, each human team
in turn answers a short question about the year's offers and one concept question (trust,
dependency, sovereignty in rotation), before the turn report. Answers go to the session (saved
with the game) and to the results folder's reflections.csv."""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UITextEntryBox

from game.classroom.classroom import classroom_of
from game.ui import draw
from game.ui.scene import Scene
from game.ui.text import country_name, ui
from game.ui.widgets import AnswerBox

#: The concept questions, one a turn in this order (from the article's ideas 4, 10 and 5).
CONCEPT_QUESTIONS = ("trust", "dependency", "sovereignty")
#: The longest answer kept, in characters (a few paragraphs).
MAXIMUM_ANSWER = 2000


def questions_for(turn: int) -> tuple[str, ...]:
    """The prompts after ``turn``: why offers were accepted or refused, and a concept question."""
    return ("offers", CONCEPT_QUESTIONS[(turn - 1) % len(CONCEPT_QUESTIONS)])


class ReflectionScene(Scene):
    """One team at a time; ``then`` is shown after the last team ("report" or None: go back)."""

    name = "reflection"

    def __init__(self, app, then: str | None = "report"):
        super().__init__(app)
        session = app.session
        self.turn = session.game.reports[-1].turn if session.game.reports else session.game.turn
        classroom_of(session).reflection_offered = self.turn
        self.teams = list(session.humans)
        self.position = 0
        self.then = then
        self.answers: dict[str, str] = {}
        self.boxes: dict[str, UITextEntryBox] = {}

    @property
    def session(self):
        return self.app.session

    @property
    def country(self) -> str:
        return self.teams[self.position]

    def build(self) -> None:
        session = self.session
        game = session.game
        team = classroom_of(session).team(self.country)
        name = country_name(game, self.country)
        subtitle = ui("reflection.progress", number=self.position + 1, count=len(self.teams))
        top = self.top_bar(ui("reflection.title", turn=self.turn), subtitle)
        self.buttons["back"].set_tooltip(ui("reflection.back_tip"))
        margin = self.px(24)
        width = min(self.width - 2 * margin, self.px(980))
        left = (self.width - width) // 2
        y = top + self.px(6)
        heading = (ui("reflection.team", team=team, country=name) if team
                   else ui("reflection.team_plain", country=name))
        self.label(pygame.Rect(left, y, width, self.px(34)), heading, "#accent")
        y += self.px(38)
        intro = self.font("normal")
        lines = len(draw.wrap(ui("reflection.intro"), intro, width))
        self.intro_rect = pygame.Rect(left, y, width, lines * intro.get_linesize())
        y = self.intro_rect.bottom + self.px(10)
        buttons_h = self.px(50)
        bottom = self.height - self.px(16) - buttons_h - self.px(12)
        questions = questions_for(self.turn)
        question_font = self.font("heading", True)
        heights = [len(draw.wrap(ui(f"reflection.question.{q}"), question_font, width))
                   * question_font.get_linesize() for q in questions]
        box_h = max(self.px(60), (bottom - y - sum(heights) - self.px(14) * len(questions))
                    // len(questions))
        self.question_rects = []
        self.boxes = {}
        for question, height in zip(questions, heights, strict=True):
            self.question_rects.append((question, pygame.Rect(left, y, width, height)))
            y += height + self.px(4)
            box = AnswerBox(pygame.Rect(left, y, width, box_h), self.answers.get(question, ""),
                            self.app.manager, object_id=ObjectID(object_id="#boxed"),
                            placeholder_text=ui("reflection.placeholder"),
                            placeholder_colour=self.colours.muted)
            self.boxes[question] = box
            y += box_h + self.px(10)
        skip_w = max(self.px(160), self.font().size(ui("reflection.skip"))[0] + self.px(40))
        save_w = max(self.px(240), self.font("heading", True).size(ui("reflection.save"))[0] + self.px(40))
        base = self.height - self.px(16) - buttons_h
        self.button(pygame.Rect(left + width - save_w, base, save_w, buttons_h), ui("reflection.save"),
                    self.on_save, "#primary", key="save", tooltip=ui("reflection.save_tip"))
        self.button(pygame.Rect(left + width - save_w - skip_w - self.px(12), base, skip_w, buttons_h),
                    ui("reflection.skip"), self.on_skip, key="skip", tooltip=ui("reflection.skip_tip"))

    def update(self, dt: float) -> None:
        for question, box in self.boxes.items():
            if box.alive():
                self.answers[question] = box.get_text()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element in self.boxes.values():
            self.update(0.0)

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        colours = self.colours
        draw.paragraph(surface, ui("reflection.intro"), self.intro_rect, self.font("normal"),
                       colours.muted)
        for question, rect in self.question_rects:
            draw.paragraph(surface, ui(f"reflection.question.{question}"), rect,
                           self.font("heading", True), colours.text)

    # --- actions -----------------------------------------------------------------------------
    def on_save(self) -> None:
        self.update(0.0)
        kept = 0
        for question in questions_for(self.turn):
            answer = self.answers.get(question, "").strip()[:MAXIMUM_ANSWER]
            if answer:
                classroom_of(self.session).add_reflection(
                    self.session, self.country, question, ui(f"reflection.question.{question}"), answer)
                kept += 1
        if kept:
            self.app.toast(ui("reflection.saved"), "good")
        self.next_team()

    def on_skip(self) -> None:
        self.next_team()

    def next_team(self) -> None:
        self.answers = {}
        if self.position + 1 < len(self.teams):
            self.position += 1
            self.app.rebuild()
            return
        self.finish()

    def back(self) -> None:
        """Esc and Back: to the game without answering (answers already saved are kept)."""
        self._write_results()
        self.app.pop()

    def _write_results(self) -> None:
        session = self.session
        room = classroom_of(session)
        if room.results_folder is not None and not room.write_results(session):
            self.app.toast(ui("classroom.results_failed", error=room.results_error or ""), "bad")
            room.results_error = None

    def finish(self) -> None:
        """After the last team: write the results folder (with the answers), then the report."""
        self._write_results()
        if self.then == "report":
            self.app.replace("report")
        else:
            self.app.pop()
