"""The moderator's panel (F7 on the game screen): the teacher sets off an event card of the
scenario's deck this year, choosing the struck country where the card strikes one.

The rules decide what is allowed (``Game.legal`` of a ``Moderate`` action); this screen only
offers the choices and says why one is refused.
"""

from __future__ import annotations

import pygame

from game.rules import actions as act
from game.rules.events import GLOBAL_EVENTS
from game.rules.game import Phase
from game.scenario.schema import EventKind
from game.ui import draw
from game.ui.scene import Scene
from game.ui.text import cap, country_name, number, percent, refusal_text, scenario_text, tr, ui
from game.ui.widgets import segmented


def struck_count(card) -> int:
    """How many countries the teacher picks for ``card``: 0 (everyone), 1 or 2."""
    if card.kind in GLOBAL_EVENTS:
        return 0
    return 2 if card.kind is EventKind.BORDER_TENSION else 1


class ModeratorScene(Scene):
    name = "moderator"

    def __init__(self, app, card: str | None = None):
        super().__init__(app)
        deck = app.session.game.scenario.events
        self.card = card if card is not None else (deck[0].id if deck else None)
        self.countries: list[str] = []
        self.direction = 1.0

    @property
    def session(self):
        return self.app.session

    @property
    def game(self):
        return self.session.game

    def action(self) -> act.Moderate | None:
        if self.card is None:
            return None
        return act.Moderate(self.card, tuple(self.countries), self.direction)

    def build(self) -> None:
        game = self.game
        top = self.top_bar(ui("moderator.title"), ui("moderator.subtitle"))
        margin = self.px(16)
        bottom = self.height - self.px(16)
        list_w = max(self.px(260), round((self.width - 3 * margin) * 0.36))
        self.list_rect = pygame.Rect(margin, top + self.px(4), list_w, bottom - top - self.px(4))
        self.detail = pygame.Rect(self.list_rect.right + margin, self.list_rect.top,
                                  self.width - self.list_rect.right - 2 * margin, self.list_rect.height)
        self.label(pygame.Rect(self.list_rect.left, self.list_rect.top, list_w, self.px(30)),
                   ui("moderator.cards"), "#subheading")
        deck = game.scenario.events
        self.open_now = game.phase in (Phase.NEWS, Phase.DIPLOMACY)
        this_year = {e.card for e in game.events}
        row = self.px(42)
        cards_rect = pygame.Rect(self.list_rect.left, self.list_rect.top + self.px(34), list_w,
                                 self.list_rect.height - self.px(34))
        if deck:
            box = self.scrolling(cards_rect, row * len(deck))
            inner = cards_rect.width - (self.px(22) if row * len(deck) > cards_rect.height else 0)
            for k, card in enumerate(deck):
                used = card.id in this_year
                self.button(pygame.Rect(0, k * row, inner, row - self.px(6)),
                            scenario_text(card.title), (lambda c=card.id: self.on_card(c)),
                            "#on" if card.id == self.card else None, container=box,
                            enabled=self.open_now and not used, key=f"card:{card.id}", fit=True,
                            tooltip=ui("moderator.this_year") if used else None)
        self.detail_top = self.detail.top
        self.country_rect = None
        chosen = self.chosen_card()
        if chosen is None or not self.open_now or chosen.id in this_year:
            return
        # what the card does, then its choices
        y = self.detail.top + self._detail_height(chosen)
        count = struck_count(chosen)
        if chosen.kind is EventKind.COMMODITY_PRICE_SWING:
            self.label(pygame.Rect(self.detail.left, y, self.detail.width, self.px(28)),
                       ui("moderator.direction"), "#subheading")
            y += self.px(30)
            segmented(self, pygame.Rect(self.detail.left, y, min(self.detail.width, self.px(520)),
                                        self.px(36)),
                      [(1.0, ui("moderator.boom")), (-1.0, ui("moderator.slump"))], self.direction,
                      self.on_direction, key="direction")
            y += self.px(46)
        confirm_h = self.px(50)
        if count:
            text = (ui("moderator.pick_two", count=len(self.countries)) if count == 2
                    else ui("moderator.pick_country"))
            self.label(pygame.Rect(self.detail.left, y, self.detail.width, self.px(28)), text,
                       "#subheading")
            y += self.px(32)
            pool = chosen.targets or game.country_ids
            columns = 3 if self.detail.width > self.px(520) else 2
            gap = self.px(6)
            cell_h = self.px(38)
            rows = -(-len(pool) // columns)
            area = pygame.Rect(self.detail.left, y, self.detail.width,
                               max(cell_h, self.detail.bottom - confirm_h - self.px(12) - y))
            scroll = rows * (cell_h + gap) > area.height
            box = self.scrolling(area, rows * (cell_h + gap)) if scroll else None
            inner = area.width - (self.px(22) if scroll else 0)
            cell_w = (inner - gap * (columns - 1)) // columns
            for k, country in enumerate(pool):
                x = (k % columns) * (cell_w + gap)
                top = (k // columns) * (cell_h + gap)
                rect = pygame.Rect(x, top, cell_w, cell_h)
                if box is None:
                    rect.move_ip(area.left, area.top)
                self.button(rect, country_name(game, country), (lambda c=country: self.on_country(c)),
                            "#on" if country in self.countries else None, container=box,
                            key=f"country:{country}", fit=True)
        action = self.action()
        ready = action is not None and game.legal(action) is None
        width = min(self.detail.width, max(self.px(320), self.font("heading", True).size(
            ui("moderator.confirm"))[0] + self.px(40)))
        self.button(pygame.Rect(self.detail.right - width, self.detail.bottom - confirm_h, width,
                                confirm_h), ui("moderator.confirm"), self.on_confirm, "#primary",
                    enabled=ready, key="confirm", tooltip=ui("moderator.confirm_tip"), fit=True)

    def chosen_card(self):
        return self.game.deck.get(self.card) if self.card is not None else None

    def _detail_lines(self, card) -> list[tuple[str, pygame.font.Font, tuple]]:
        colours = self.colours
        title = scenario_text(card.title)
        kind = cap(tr(f"event.{card.kind.value}"))
        lines = [(title, self.font("large", True), colours.text),
                 (kind, self.font("normal"), colours.accent),
                 (scenario_text(card.text), self.font("normal"), colours.text),
                 (ui("moderator.chance", chance=percent(card.probability, 0),
                     magnitude=number(card.magnitude, 1)), self.font("small"), colours.muted)]
        if any(e.card == card.id for e in self.game.events):
            lines.append((ui("moderator.this_year"), self.font("normal", True), colours.bad))
        elif struck_count(card) == 0:
            lines.append((ui("moderator.everyone"), self.font("normal", True), colours.text))
        return lines

    def _detail_height(self, card) -> int:
        width = self.detail.width - self.px(24)
        height = self.px(12)
        for text, fnt, _ in self._detail_lines(card):
            height += len(draw.wrap(text, fnt, width)) * round(fnt.get_linesize() * 1.15) + self.px(6)
        return height + self.px(10)

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        colours = self.colours
        card = self.chosen_card()
        if not self.game.scenario.events:
            draw.paragraph(surface, ui("moderator.no_cards"), self.detail, self.font("heading"),
                           colours.muted)
            return
        if not self.open_now:
            draw.paragraph(surface, ui("moderator.not_now"), self.detail, self.font("heading"),
                           colours.muted)
            return
        if card is None:
            return
        rect = pygame.Rect(self.detail.left, self.detail.top, self.detail.width,
                           self._detail_height(card) - self.px(8))
        draw.card(surface, rect, colours.panel, colours.border, self.px(8))
        y = rect.top + self.px(8)
        for text, fnt, colour in self._detail_lines(card):
            y += draw.paragraph(surface, text, pygame.Rect(rect.left + self.px(12), y,
                                                           rect.width - self.px(24), rect.bottom - y),
                                fnt, colour) + self.px(6)

    # --- actions -----------------------------------------------------------------------------
    def on_card(self, card: str) -> None:
        self.card = card
        self.countries = []
        self.direction = 1.0
        self.app.rebuild()

    def on_direction(self, direction: float) -> None:
        self.direction = direction
        self.app.rebuild()

    def on_country(self, country: str) -> None:
        card = self.chosen_card()
        count = struck_count(card) if card is not None else 1
        if country in self.countries:
            self.countries.remove(country)
        elif count == 1:
            self.countries = [country]
        else:
            self.countries = [*self.countries, country][-count:]
        self.app.rebuild()

    def on_confirm(self) -> None:
        action = self.action()
        if action is None:
            return
        refusal = self.session.moderate(action.card, action.countries, action.direction)
        if refusal is not None:
            self.app.toast(refusal_text(refusal), "bad")
            return
        self.app.toast(ui("moderator.triggered", title=scenario_text(self.chosen_card().title)), "good")
        self.app.pop()
