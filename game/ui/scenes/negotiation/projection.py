"""The negotiation screen's projected effect: what the draft would change in each score term of
yours, recomputed a moment after the last change (``PROJECTION_DELAY``), with the rules'
refusal if the draft cannot be sent."""

from __future__ import annotations

import pygame

from game.model.state import SCORE_TERMS
from game.ui import draw
from game.ui.hover_tips import HoverTips, term_tip
from game.ui.offer_notes import weaker_lines, weaker_short, zero_effect_reason
from game.ui.text import signed, term_name, ui

PROJECTION_DELAY = 0.15


class ProjectedEffect(HoverTips):
    """Part of ``NegotiationScene``: the projection and the refusal, and their card; the notes
    on clauses already in force and on an effect of zero; each term's explanation on hover."""

    def changed(self) -> None:
        self.dirty = True
        self.since_change = 0.0

    def refresh_projection(self) -> None:
        game = self.session.game
        clauses = self.draft.build(game)
        parties = tuple(self.draft.parties)
        if self.negotiation is None:
            self.refusal = self.session.check_proposal(self.me, parties, clauses, self.draft.duration)
        else:
            self.refusal = self.session.check_counter(self.me, self.negotiation, clauses,
                                                      self.draft.duration)
        if len(parties) >= 2 and clauses and game.check_terms(parties, clauses, self.draft.duration) is None:
            self.projection = self.session.projected_effect(self.me, parties, clauses)
        else:
            self.projection = None
        weaker = len(parties) >= 2
        zero = zero_effect_reason(game, self.me, parties, clauses, self.projection)
        # a short line under the card, the whole explanation on hover
        self.notes = [n for n in [weaker_short(game, parties, clauses) if weaker else "", zero] if n]
        self.notes_tip = " ".join((weaker_lines(game, parties, clauses) if weaker else []) + [zero])
        send = self.buttons.get("send")
        if send is not None:
            send.enable() if self.refusal is None else send.disable()
        self.panel = None

    def _render_projection(self) -> pygame.Surface:
        colours = self.colours
        rect = self.projection_card
        surface = pygame.Surface(rect.size)
        surface.fill(colours.background)
        draw.card(surface, surface.get_rect(), colours.panel, colours.border, self.px(8))
        pad = self.px(12)
        width = rect.width - 2 * pad
        small = self.font("small")
        normal = self.font("normal")
        y = self.px(8)
        self.reset_tips("projection")
        if self.projection is None:
            draw.paragraph(surface, ui("negotiation.projection_none"),
                           pygame.Rect(pad, y, width, rect.height - 2 * y), normal, colours.muted)
            return surface
        bold = self.font("heading", True)
        total = self.projection["total"]
        value_w = round(width * 0.2)
        if self.suggestions:  # the short card: the total only
            y = (rect.height - bold.get_linesize()) // 2
            draw.text(surface, ui("negotiation.projection_total"), (pad, y), bold, colours.text,
                      max_width=width - value_w)
            draw.text(surface, signed(total, 1), (pad + width, y), bold,
                      draw.sign_colour(total, colours), "topright")
            return surface
        y += draw.paragraph(surface, ui("negotiation.projection_years"),
                            pygame.Rect(pad, y, width, 3 * small.get_linesize()), small,
                            colours.muted) + self.px(4)
        limit = max([abs(self.projection[t]) for t in SCORE_TERMS] + [0.5])
        row = max(normal.get_linesize(), self.px(24))
        labels = {t: term_name(t) if t != "independence" else ui("negotiation.independence")
                  for t in SCORE_TERMS}
        # The labels' own width (the bars take what is left), so no label is cut short.
        label_w = min(max(normal.size(label)[0] for label in labels.values()) + self.px(8),
                      width - value_w - self.px(24))
        for term in SCORE_TERMS:
            value = self.projection[term]
            label = labels[term]
            draw.text(surface, label, (pad, y), normal, colours.text, max_width=label_w)
            bar = pygame.Rect(pad + label_w, y + row // 3, width - label_w - value_w, row // 3)
            draw.bar(surface, bar, value, limit, colours.good, colours.bad, colours.border)
            draw.text(surface, signed(value, 1), (pad + width, y), normal, colours.text, "topright")
            self.add_tip("projection", pygame.Rect(pad, y, width, row).move(rect.topleft),
                         term_tip(term))
            y += row
        pygame.draw.line(surface, colours.border, (pad, y + self.px(2)), (pad + width, y + self.px(2)))
        y += self.px(6)
        draw.text(surface, ui("negotiation.projection_total"), (pad, y), bold, colours.text,
                  max_width=width - value_w)
        draw.text(surface, signed(total, 1), (pad + width, y), bold,
                  draw.sign_colour(total, colours), "topright")
        return surface
