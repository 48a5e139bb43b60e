"""The end screen's drawn panels: the leaderboard (by score − par once par is known), the four
awards and the class's shared result (Nash social welfare)."""

from __future__ import annotations

from itertools import pairwise

import pygame

from game.ui import draw
from game.ui.classroom import par_note
from game.ui.flags import draw_flag
from game.ui.icons import medal
from game.ui.text import country_name, number, percent, signed, signed_percent, ui

AWARDS = ("most_trusted", "best_cooperator", "most_independent", "greatest_welfare_gain")


class ResultPanels:
    """Part of ``EndScene``: the leaderboard, the awards and the shared result."""

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self._draw_board(surface)
        self._draw_awards(surface)
        self._draw_shared(surface)

    def _shared_explain(self) -> str:
        return ui("end.shared_explain", worst=signed_percent(self.shared["worst"], 1))

    def shared_height(self, width: int) -> int:
        """How high the shared result's card must be to show its explanation whole."""
        lines = draw.wrap(self._shared_explain(), self.font("small"), width - 2 * self.px(12))
        return (self.px(8) + self.font("heading", True).get_linesize()
                + self.font("title", True).get_linesize()
                + len(lines) * round(self.font("small").get_linesize() * 1.15) + self.px(10))

    def _draw_shared(self, surface: pygame.Surface) -> None:
        colours = self.colours
        rect = self.shared_rect
        draw.card(surface, rect, colours.panel, colours.accent, self.px(8))
        pad = self.px(12)
        x, y = rect.left + pad, rect.top + self.px(8)
        width = rect.width - 2 * pad
        heading = self.font("heading", True)
        draw.text(surface, ui("end.shared_title"), (x, y), heading, colours.text, max_width=width)
        y += heading.get_linesize()
        big = self.font("title", True)
        nash = self.shared["nash"]
        draw.text(surface, signed_percent(nash, 1), (x, y), big, colours.good if nash >= 0 else colours.bad)
        y += big.get_linesize()
        draw.paragraph(surface, self._shared_explain(),
                       pygame.Rect(x, y, width, rect.bottom - y - self.px(4)), self.font("small"),
                       colours.muted)

    def _draw_board(self, surface: pygame.Surface) -> None:
        colours = self.colours
        game = self.session.game
        rect = pygame.Rect(self.board_rect)
        pad = self.px(12)
        x, y = rect.left + pad, rect.top + self.px(8)
        width = rect.width - 2 * pad
        heading = self.font("heading", True)
        normal, bold = self.font("normal"), self.font("normal", True)
        small = self.font("small")
        with_par = bool(self.board) and self.board[0]["par"] is not None
        note = ui("par.ranked_by") if with_par else par_note(self.session)
        head = heading.get_linesize() + (small.get_linesize() if note else 0) + self.px(6)
        row = normal.get_linesize() + self.px(6) + (small.get_linesize() if with_par else 0)
        room = (rect.bottom - y - head - self.px(8)) // row
        rows = self.board
        if len(rows) > room:
            mine = [r for r in rows if r["human"]]
            rows = rows[: max(room - len(mine) - 1, 1)]
            rows += [r for r in mine if r not in rows]
        gaps = sum(1 for a, b in pairwise(rows) if b["rank"] > a["rank"] + 1)
        # the card as high as its rows (no large empty panel), the shared result right under it
        rect.height = min(rect.height, self.px(8) + head + (len(rows) + gaps) * row + self.px(8))
        self.shared_rect.top = rect.bottom + self.px(10)
        draw.card(surface, rect, colours.panel, colours.border, self.px(8))
        draw.text(surface, ui("end.leaderboard"), (x, y), heading, colours.text, max_width=width)
        y += heading.get_linesize()
        if note:
            draw.text(surface, note, (x, y), small, colours.muted, max_width=width)
            y += small.get_linesize()
        y += self.px(6)
        previous = 0
        for entry in rows:
            if entry["rank"] > previous + 1 and previous:
                draw.text(surface, "…", (x, y), normal, colours.muted)
                y += row
            previous = entry["rank"]
            you = entry["country"] in self.session.humans
            fnt = bold if you else normal
            colour = colours.accent if entry["country"] == self.viewer else colours.text
            if you:
                pygame.draw.rect(surface, colours.panel_alt, (rect.left + self.px(4), y - self.px(2),
                                                              rect.width - self.px(8), row), border_radius=4)
            draw.text(surface, f"{entry['rank']}.", (x, y), fnt, colours.muted)
            name = country_name(game, entry["country"])
            if you:
                name = ui("end.player", name=name)
            flag_h = min(fnt.get_linesize() - self.px(6), self.px(18))
            flag_w = draw_flag(surface, game, entry["country"],
                               (x + self.px(36), y + (fnt.get_linesize() - flag_h) // 2), flag_h)
            score = signed(entry["score_minus_par"], 1) if with_par else number(entry["score"], 1)
            # the name's room: up to the score, measured (the flag takes some of it)
            room = width - self.px(42) - flag_w - fnt.size(score)[0] - self.px(12)
            draw.text(surface, name, (x + self.px(42) + flag_w, y), fnt, colour, max_width=room)
            if with_par:  # score − par, and the score and par under the name
                draw.text(surface, score, (x + width, y), fnt, colour, "topright")
                draw.text(surface, ui("par.row", score=number(entry["score"], 1),
                                      par=number(entry["par"], 1)),
                          (x + self.px(36), y + normal.get_linesize()), small, colours.muted,
                          max_width=width - self.px(36))
            else:
                draw.text(surface, score, (x + width, y), fnt, colour, "topright")
            y += row
            if y > rect.bottom - row:
                break

    def award_figure(self, award: str, country: str) -> tuple[str, str]:
        """The figure that won an award, and a short line saying what it is."""
        found = self.facts[country]
        if award == "most_trusted":
            return percent(found["trust_end"]), ui("end.award_why.most_trusted")
        if award == "best_cooperator":
            return (str(found["agreements"]),
                    ui("end.award_why.best_cooperator", count=found["agreements"], broken=found["broken_by"]))
        if award == "most_independent":
            return number(found["concentration_end"], 2), ui("end.award_why.most_independent")
        change = signed_percent(found["welfare_change"], 1)
        if found["par_welfare_change"] is None:
            return change, ui("end.award_why.greatest_welfare_gain")
        return change, ui("end.award_why.greatest_welfare_gain_par",
                          par=signed_percent(found["par_welfare_change"], 1))

    def awards_height(self, width: int) -> int:
        """How high the award cards must be, ``width`` wide in all, for their lines whole."""
        each = (width - self.px(10) * 3) // 4 - self.px(20)
        small = self.font("small")
        line, large = small.get_linesize(), self.font("large", True).get_linesize()
        needed = 0
        for award in AWARDS:
            title = len(draw.wrap(ui(f"end.award.{award}"), small, each - line - self.px(6))[:2])
            why = len(draw.wrap(self.award_figure(award, self.awards[award])[1], small, each)[:3])
            needed = max(needed, (title + why) * line + 2 * large + self.px(20))
        return max(self.px(150), needed)

    def _draw_awards(self, surface: pygame.Surface) -> None:
        """Four cards: the award's medal and name, the winner's flag and name, the figure that
        won it large, and a short line saying what the figure is."""
        colours = self.colours
        game = self.session.game
        rect = self.awards_rect
        gap = self.px(10)
        each = (rect.width - gap * 3) // 4
        small, name_font = self.font("small"), self.font("large", True)
        self.award_parts = {}
        for k, award in enumerate(AWARDS):
            card = pygame.Rect(rect.left + k * (each + gap), rect.top, each, rect.height)
            winner = self.awards[award]
            mine = winner in self.session.humans
            draw.card(surface, card, colours.panel, colours.accent if mine else colours.border, self.px(8))
            x, y = card.left + self.px(10), card.top + self.px(8)
            width = card.width - self.px(20)
            medal_size = small.get_linesize()
            surface.blit(medal(medal_size, colours.accent), (x, y))
            lines = draw.wrap(ui(f"end.award.{award}"), small, width - medal_size - self.px(6))[:2]
            for line in lines:
                draw.text(surface, line, (x + medal_size + self.px(6), y), small, colours.muted)
                y += small.get_linesize()
            y += self.px(4)
            flag_h = name_font.get_linesize() - self.px(8)
            flag_w = draw_flag(surface, game, winner, (x, y + self.px(4)), flag_h)
            room = width - flag_w - self.px(8)
            winner_name = country_name(game, winner)
            fitting = next((f for f in (name_font, self.font("heading", True))
                            if f.size(winner_name)[0] <= room), self.font("normal", True))
            middle = y + (name_font.get_linesize() - fitting.get_linesize()) // 2
            name = draw.text(surface, winner_name, (x + flag_w + self.px(8), middle), fitting,
                             colours.accent if mine else colours.text, max_width=room)
            y += name_font.get_linesize()
            figure, why = self.award_figure(award, winner)
            why_lines = draw.wrap(why, small, width)[:3]
            bottom = card.bottom - self.px(8) - small.get_linesize() * len(why_lines)
            for line_y, line in enumerate(why_lines):
                draw.text(surface, line, (x, bottom + line_y * small.get_linesize()), small, colours.muted)
            # the figure as large as the room between the name and the line under it allows
            big = next((f for f in (self.font("title", True), name_font, self.font("heading", True))
                        if f.get_linesize() <= bottom - y and f.size(figure)[0] <= width),
                       self.font("normal", True))
            drawn = draw.text(surface, figure, (x, y + (bottom - y - big.get_linesize()) // 2), big,
                              colours.accent if mine else colours.text, max_width=width)
            self.award_parts[award] = {"card": card, "name": name, "figure": drawn}
