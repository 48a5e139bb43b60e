"""The negotiation screen, composed of its parts: choose partners, write clauses, see the projected
effect on you, ask "What would it take?", and send (a proposal, or a counter-offer to an offer on
the table, whose parties are then fixed). This class holds the state, lays out the three columns
and dispatches events to the parts."""

from __future__ import annotations

import copy

import pygame
import pygame_gui

from game.rules.terms import ClauseKind
from game.ui import draw
from game.ui.feedback import negotiation_outcome
from game.ui.flags import draw_list_flags
from game.ui.questions import ask
from game.ui.scene import Scene, escape
from game.ui.scenes.negotiation.clauses import ClauseGrid
from game.ui.scenes.negotiation.draft import Draft
from game.ui.scenes.negotiation.partners import PartnersColumn
from game.ui.scenes.negotiation.projection import PROJECTION_DELAY, ProjectedEffect
from game.ui.scenes.negotiation.suggestions import WhatWouldItTake
from game.ui.text import country_name, refusal_text, ui
from game.ui.tutorial import tutorial_hint


class NegotiationScene(PartnersColumn, ClauseGrid, ProjectedEffect, WhatWouldItTake, Scene):
    name = "negotiation"

    def __init__(self, app, partners: list[str] | None = None, negotiation: int | None = None,
                 revise: int | None = None):
        """A new proposal to ``partners``, a counter-offer in ``negotiation``, or a new proposal
        that starts from the last offer of ``revise``, a negotiation that ended without an
        agreement (refused, withdrawn or out of rounds): its draft is not lost."""
        super().__init__(app)
        session = app.session
        self.me = app.viewer or session.current
        self.negotiation = negotiation
        game = session.game
        if negotiation is not None:
            found = game.negotiation(negotiation)
            self.draft = Draft(self.me, list(found.parties))
            self.draft.load(game, found.current.clauses, found.current.duration)
        elif revise is not None and game.negotiation(revise) is not None:
            found = game.negotiation(revise)
            self.draft = Draft(self.me, [self.me] + [p for p in found.parties if p != self.me])
            self.draft.load(game, found.current.clauses, found.current.duration)
        else:
            self.draft = Draft(self.me, [self.me] + [p for p in (partners or []) if p != self.me])
            self.draft.set(ClauseKind.TRADE_LIBERALISATION, level=0.5)
        self.written = copy.deepcopy(self.draft)  # as opened: Esc asks once it changed
        self.filter = ""
        self.projection: dict[str, float] | None = None
        self.since_change = PROJECTION_DELAY
        self.dirty = True
        self.suggestions: list[tuple[str, object]] = []
        self.scroll = 0.0
        self.panel: pygame.Surface | None = None

    @property
    def session(self):
        return self.app.session

    def invalidate(self) -> None:
        self.panel = None

    # --- layout ------------------------------------------------------------------------------
    def build(self) -> None:
        game = self.session.game
        if self.negotiation is None:
            title = ui("negotiation.title_new")
        else:
            title = ui("negotiation.title_counter", parties=", ".join(
                country_name(game, p) for p in self.draft.partners()))
        top = self.top_bar(title)
        margin = self.px(14)
        gap = self.px(12)
        usable = self.width - 2 * margin - 2 * gap
        left_w = round(usable * 0.24)
        right_w = round(usable * 0.31)
        mid_w = usable - left_w - right_w
        bottom = self.height - self.px(14)
        self.left = pygame.Rect(margin, top, left_w, bottom - top)
        self.middle = pygame.Rect(self.left.right + gap, top, mid_w, bottom - top)
        self.right = pygame.Rect(self.middle.right + gap, top, right_w, bottom - top)
        self._build_partners()
        self._build_clauses()
        self._build_actions()
        self.panel = None
        self.dirty = True

    def _build_actions(self) -> None:
        rect = self.right
        self.label(pygame.Rect(rect.left, rect.top, rect.width, self.px(28)),
                   ui("negotiation.projection"), "#subheading")
        # With the partners' answers shown, the card keeps only its total: the answers need the room.
        card_h = self.px(52) if self.suggestions else self.px(232)
        self.projection_card = pygame.Rect(rect.left, rect.top + self.px(32), rect.width, card_h)
        y = self.projection_card.bottom + self.px(10)
        self.button(pygame.Rect(rect.left, y, rect.width, self.px(38)), ui("negotiation.what_would_it_take"),
                    self.on_what_would_it_take, key="what_would_it_take",
                    tooltip=ui("negotiation.what_would_it_take_tip"), fit=True)
        y += self.px(44)
        send_h = self.px(50)
        refusal_h = self.px(44)
        area = pygame.Rect(rect.left, y, rect.width, rect.bottom - y - send_h - refusal_h - self.px(10))
        self.suggestion_buttons = []
        explained = False
        if self.suggestions:
            self._build_suggestions(area)
        elif area.height >= 4 * self.font().get_linesize():
            hint = ui("negotiation.wwit_explain")
            self.textbox(area, f"<i>{escape(hint)}</i>")
            explained = True
        self.refusal_label_rect = pygame.Rect(rect.left, rect.bottom - send_h - refusal_h - self.px(4),
                                              rect.width, refusal_h)
        # the notes on the draft (clauses already in force, no effect) may rise above the
        # refusal's place into the room the explanation of "What would it take?" leaves (all
        # of it where the explanation has no room to show)
        if self.suggestions:
            self.notes_top = self.refusal_label_rect.top
        elif explained:
            self.notes_top = min(area.top + 4 * self.font().get_linesize(), self.refusal_label_rect.top)
        else:
            self.notes_top = min(area.top, self.refusal_label_rect.top)
        text = ui("negotiation.send") if self.negotiation is None else ui("negotiation.send_counter")
        self.button(pygame.Rect(rect.left, rect.bottom - send_h, rect.width, send_h), text, self.on_send,
                    "#primary", key="send")

    def texts(self) -> list[str]:
        return []

    # --- drawing -----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        self.since_change += dt
        if self.dirty and self.since_change >= PROJECTION_DELAY:
            self.dirty = False
            self.refresh_projection()

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        colours = self.colours
        self._draw_type_card(surface)
        if self.panel is None:
            self.panel = self._render_projection()
        surface.blit(self.panel, self.projection_card)
        refusal = getattr(self, "refusal", None)
        if refusal is not None:
            draw.paragraph(surface, refusal_text(refusal), self.refusal_label_rect, self.font("small"),
                           colours.bad)
        self.reset_tips("notes")
        if refusal is None and getattr(self, "notes", None):  # already in force; no effect
            fnt = self.font("small")
            box = self.refusal_label_rect
            room = box.bottom - self.notes_top
            # all the notes wrapped where they fit, else the first (the clauses already in
            # force) wrapped, else one shortened line; all of them under the mouse
            text = next((t for t in (" ".join(self.notes), self.notes[0])
                         if self.notes_height(t, fnt, box.width) <= room), " ".join(self.notes))
            needed = self.notes_height(text, fnt, box.width)
            if needed <= room:
                height = max(needed, box.height)
                notes = pygame.Rect(box.left, box.bottom - height, box.width, height)
                draw.paragraph(surface, text, notes, fnt, colours.accent)
            else:  # no room for it whole: one shortened line, whole under the mouse
                notes = pygame.Rect(box.left, box.bottom - fnt.get_linesize(), box.width,
                                    fnt.get_linesize())
                draw.text(surface, text, notes.topleft, fnt, colours.accent, max_width=box.width)
            self.add_tip("notes", notes, self.notes_tip.strip())
        hint = None
        hint = tutorial_hint(self.session, "negotiation")
        if hint:
            fnt = self.font("small", True)
            rect = pygame.Rect(self.px(300), self.px(44), self.width - self.px(316), self.px(18))
            draw.text(surface, hint, rect.topleft, fnt, colours.accent, max_width=rect.width)

    @staticmethod
    def notes_height(text: str, fnt: pygame.font.Font, width: int) -> int:
        """The height ``text`` takes wrapped to ``width`` in ``fnt`` (as ``draw.paragraph``)."""
        lines = len(draw.wrap(text, fnt, width))
        return (lines - 1) * round(fnt.get_linesize() * 1.15) + fnt.get_linesize()

    def draw_over(self, surface: pygame.Surface) -> None:
        if self.partner_list is not None and self.partner_list.alive():
            draw_list_flags(surface, self.session.game, self.partner_list, self.names)
        self.draw_hover_tip(surface)

    # --- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        self.follow_mouse(event)
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            self.on_slider_moved(event)
        elif self.partner_list is not None and event.type in (
                pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
                pygame_gui.UI_SELECTION_LIST_DROPPED_SELECTION) and event.ui_element is self.partner_list:
            self.on_partners_picked()
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.search:
            self.on_search_changed()

    def back(self) -> None:
        """Esc and Back: leave at once, or ask first when the draft was changed (it would be
        lost)."""
        if self.draft == self.written:
            self.app.pop()
            return
        ask(self.app, ui("guard.draft.title"), ui("guard.draft.text"),
            [("confirm", ui("guard.draft.confirm"), self.app.pop, "#primary")],
            cancel=ui("guard.draft.cancel"))

    def on_send(self) -> None:
        game = self.session.game
        clauses = self.draft.build(game)
        parties = tuple(self.draft.parties)
        if self.negotiation is None:
            result = self.app.busy(ui("busy.computers_answer"), lambda: self.session.propose(
                self.me, parties, clauses, self.draft.duration))
            identifier, refusal = result
        else:
            identifier = self.negotiation
            refusal = self.app.busy(ui("busy.computers_answer"), lambda: self.session.counter(
                self.me, identifier, clauses, self.draft.duration))
        if refusal is not None:
            self.app.toast(refusal_text(refusal), "bad")
            return
        negotiation_outcome(self.app, identifier, self.me)  # agreed, or refused: say so
        if self.app.session.current != self.app.viewer:
            self.app.show_game()
            return
        below = self.app.stack[-2] if len(self.app.stack) > 1 else None
        if below is not None and below.name == "inbox":  # a counter-offer written from the inbox: back to it
            below.focus = identifier
            self.app.pop()
        else:
            self.app.replace("inbox", focus=identifier)
