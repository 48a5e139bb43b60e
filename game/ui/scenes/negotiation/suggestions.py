"""The negotiation screen's "What would it take?": each partner's version of the draft that it
would accept, listed as changes, with a button to use it."""

from __future__ import annotations

import pygame

from game.session.session import clause_difference
from game.ui.scene import escape
from game.ui.text import change_text, country_name, ui


class WhatWouldItTake:
    """Part of ``NegotiationScene``: asking the partners, showing and using their versions."""

    def _build_suggestions(self, area: pygame.Rect) -> None:
        game = self.session.game
        html = []
        button_h = self.px(32)
        current = self.draft.build(game)
        # a version to use only where it differs from the draft ("accepts it as it is" needs none)
        usable = [(p, r) for p, r in self.suggestions if isinstance(r, tuple) and (
            r[1] != self.draft.duration
            or any(c.change != "same" for c in clause_difference(current, r[0])))]
        text_rect = pygame.Rect(area.left, area.top, area.width,
                                area.height - len(usable[:2]) * (button_h + self.px(4)))
        for partner, result in self.suggestions:
            name = country_name(game, partner)
            if result == "unavailable":
                line = ui("negotiation.wwit_unavailable", name=name) if partner not in self.session.humans \
                    else ui("negotiation.wwit_human", name=name)
                html.append(escape(line))
            elif result is None:
                html.append(escape(ui("negotiation.wwit_nothing", name=name)))
            else:
                clauses = result[0]
                changes = [c for c in clause_difference(current, clauses) if c.change != "same"]
                if not changes:
                    html.append(f"<b>{escape(ui('negotiation.wwit_as_is', name=name))}</b>")
                else:
                    lines = [escape(change_text(game, c)) for c in changes]
                    html.append(f"<b>{escape(ui('negotiation.wwit_version', name=name))}</b><br>"
                                + "<br>".join("&#8226; " + line for line in lines))
        self.textbox(text_rect, "<br><br>".join(html), "#boxed")
        y = text_rect.bottom + self.px(4)
        for partner, result in usable[:2]:
            self.button(pygame.Rect(area.left, y, area.width, button_h),
                        ui("negotiation.use_version", name=country_name(game, partner)),
                        (lambda r=result: self.on_use(r)), "#small_button", key=f"use:{partner}",
                        fit=True)
            y += button_h + self.px(4)

    def on_what_would_it_take(self) -> None:
        game = self.session.game
        clauses = self.draft.build(game)
        parties = tuple(self.draft.parties)
        if len(parties) < 2 or not clauses:
            self.app.toast(ui("negotiation.wwit_needs_draft"))
            return
        offers = 1
        if self.negotiation is not None:
            offers = len(game.negotiation(self.negotiation).offers) + 1

        def ask() -> list:
            return [(p, self.session.what_would_it_take(p, parties, clauses, self.draft.duration, offers))
                    for p in self.draft.partners()[:4]]

        self._keep_scroll()
        self.suggestions = self.app.busy(ui("busy.asking"), ask)
        self.app.rebuild()

    def on_use(self, result) -> None:
        clauses, duration = result
        self._keep_scroll()
        self.draft.load(self.session.game, clauses, duration)
        self.suggestions = []
        self.app.rebuild()
        self.changed()
