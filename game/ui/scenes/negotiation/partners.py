"""The negotiation screen's left column: the partners (a searchable list with several picked, or
the fixed parties of a counter-offer) and the card saying which type of agreement they make."""

from __future__ import annotations

import pygame
from pygame_gui.elements import UISelectionList

from game.rules.agreements import AgreementType
from game.ui import draw
from game.ui.scene import escape
from game.ui.text import agreement_type_name, cap, country_name, ui


class PartnersColumn:
    """Part of ``NegotiationScene``: choosing partners, and the agreement type card."""

    def _build_partners(self) -> None:
        rect = self.left
        game = self.session.game
        self.label(pygame.Rect(rect.left, rect.top, rect.width, self.px(28)),
                   ui("negotiation.partners"), "#subheading")
        card_h = max(self.px(150), self._type_card_height(rect.width))
        self.type_card = pygame.Rect(rect.left, rect.bottom - card_h, rect.width, card_h)
        self.partner_list = None
        self.search = None
        if self.negotiation is not None:
            html = "<br>".join(escape(country_name(game, p)) for p in self.draft.parties)
            self.textbox(pygame.Rect(rect.left, rect.top + self.px(32), rect.width,
                                     self.type_card.top - rect.top - self.px(40)), html, "#boxed")
            return
        y = rect.top + self.px(32)
        others = [c for c in game.country_ids if c != self.me]
        if len(others) > 10:
            self.search = self.entry(pygame.Rect(rect.left, y, rect.width, self.px(34)), self.filter,
                                     ui("negotiation.search"))
            y += self.px(40)
        self.list_rect = pygame.Rect(rect.left, y, rect.width, self.type_card.top - y - self.px(10))
        self._make_partner_list()

    def _type_card_height(self, width: int) -> int:
        """The height the type card needs for its longest explanation, measured in its fonts."""
        small = self.font("small")
        lines = max(len(draw.wrap(ui(f"negotiation.type_explain.{kind.value}"), small,
                                  width - self.px(24))) for kind in AgreementType)
        return (self.px(16) + 2 * small.get_linesize() + self.font("large", True).get_linesize()
                + round(small.get_linesize() * 1.15) * lines + self.px(8))

    def _make_partner_list(self) -> None:
        game = self.session.game
        if self.partner_list is not None:
            self.partner_list.kill()
        self.names = {country_name(game, c): c for c in game.country_ids if c != self.me}
        wanted = self.filter.casefold()
        items = sorted((n for n in self.names if wanted in n.casefold()), key=str.casefold)
        chosen = [n for n in items if self.names[n] in self.draft.parties]
        self.visible_names = items
        self.partner_list = UISelectionList(self.list_rect, items, self.app.manager,
                                            allow_multi_select=True,
                                            default_selection=chosen or None)

    def on_partners_picked(self) -> None:
        """Partners picked or dropped in the list (those hidden by the search are kept)."""
        visible = {self.names[n] for n in self.visible_names}
        picked = {self.names[n] for n in self.partner_list.get_multi_selection() if n in self.names}
        hidden = [p for p in self.draft.partners() if p not in visible]
        kept = [p for p in self.draft.partners() if p in picked]
        added = [self.names[n] for n in self.visible_names
                 if self.names[n] in picked and self.names[n] not in kept]
        self.draft.parties = [self.me, *hidden, *kept, *added]
        self.draft.fix_directions()
        for kind, widgets in self.rows.items():
            if "direction" in widgets:
                widgets["direction"].set_text(self.direction_text(kind))
            if "value" in widgets:
                widgets["value"].set_text(self.size_text(kind))
        self.suggestions = []
        self.changed()

    def on_search_changed(self) -> None:
        self.filter = self.search.get_text()
        self._make_partner_list()

    def _draw_type_card(self, surface: pygame.Surface) -> None:
        colours = self.colours
        rect = self.type_card
        draw.card(surface, rect, colours.panel, colours.border, self.px(8))
        game = self.session.game
        parties = self.draft.parties
        x = rect.left + self.px(12)
        width = rect.width - self.px(24)
        y = rect.top + self.px(8)
        small = self.font("small")
        draw.text(surface, ui("negotiation.type"), (x, y), small, colours.muted)
        y += small.get_linesize()
        if len(parties) < 2:
            draw.text(surface, ui("negotiation.no_partner"), (x, y), self.font("normal", True),
                      colours.text, max_width=width)
            return
        kind = game.agreement_type(parties).value
        draw.text(surface, cap(agreement_type_name(game, parties)), (x, y), self.font("large", True),
                  colours.accent, max_width=width)
        y += self.font("large", True).get_linesize()
        y += draw.paragraph(surface, ui(f"negotiation.type_explain.{kind}"),
                            pygame.Rect(x, y, width, rect.bottom - y - small.get_linesize() - self.px(8)),
                            small, colours.text)
        if self.negotiation is None:
            draw.text(surface, ui("negotiation.delegations", count=game.delegations_left(self.me)),
                      (x, rect.bottom - self.px(8)), small, colours.muted, "bottomleft", max_width=width)
