"""Part of the team's screen in a class game (``RemoteScene``): what is drawn rather than built: the score,
the leaderboard and the timer on the left, and what lies over the widgets."""

from __future__ import annotations

import pygame

from game.classroom.timer import clock_text
from game.ui import draw
from game.ui.flags import draw_flag, flag_width
from game.ui.icons import draw_icon
from game.ui.text import country_name, number, signed, term_name, ui


class RemotePainting:
    """Part of ``RemoteScene``: what is drawn rather than built: the score, the leaderboard and the timer on
    the left, and what lies over the widgets."""

    # --- drawing ---------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        colours = self.colours
        pygame.draw.rect(surface, colours.panel, pygame.Rect(0, 0, self.width, self.px(62)))
        if getattr(self, "flag_rect", None) is not None:
            draw_flag(surface, self.names, self.me, self.flag_rect.topleft, self.flag_rect.height)
        rect = getattr(self, "left_rect", None)
        if rect is None:
            return
        draw.card(surface, rect, colours.panel, colours.border, self.px(8))
        key = (self.link.sequence, self.app.settings.language)
        surface.blit(self.cached("left", key, rect.size, self.paint_left), rect)

    def draw_over(self, surface: pygame.Surface) -> None:
        self.draw_button_pictures(surface)
        left = self.link.remaining()
        if left is None:
            return
        text = ui("competition.countdown", time=clock_text(left))
        fnt = self.font("heading", True)
        width = max(self.px(150), fnt.size(text)[0] + self.px(24))
        rect = pygame.Rect(self.width - width - self.px(16), self.px(11), width, self.px(40))
        warning = left <= 30
        draw.card(surface, rect, self.colours.bad if warning else self.colours.panel_alt,
                  self.colours.bad if warning else self.colours.accent, self.px(8))
        draw.text(surface, text, rect.center, fnt,
                  self.colours.background if warning else self.colours.text, "center",
                  max_width=rect.width - self.px(12))

    def draw_button_pictures(self, surface: pygame.Surface) -> None:
        """On the proposal's tab, each partner's flag and each clause kind's icon at the left
        end of its button, where the button's words leave room for it."""
        if self.current_tab() != "propose":
            return
        fnt = self.font()
        for key, button in self.buttons.items():
            kind, _, name = key.partition(":")
            if kind not in ("partner", "clause") or not button.visible:
                continue
            rect = button.rect
            tall = min(rect.height - self.px(14), fnt.get_linesize() - self.px(4))
            wide = flag_width(tall) if kind == "partner" else tall
            if fnt.size(button.text)[0] + 2 * (wide + self.px(14)) > rect.width:
                continue
            position = (rect.left + self.px(10), rect.centery - tall // 2)
            if kind == "partner":
                draw_flag(surface, self.names, name, position, tall)
            else:
                chosen = name in self.clauses
                draw_icon(surface, name, position, tall,
                          self.colours.background if chosen else self.colours.accent)

    def paint_left(self, image: pygame.Surface) -> None:
        """The team's score with its terms, and the leaderboard."""
        view = self.view
        colours = self.colours
        game_names = self.names
        pad = self.px(14)
        width = image.get_width() - 2 * pad
        me = (view.get("observation") or {}).get("me", {})
        heading, big, small = self.font("heading", True), self.font("title", True), self.font("small")
        y = self.px(10)
        draw.text(image, ui("game.score"), (pad, y), heading, colours.muted)
        y += heading.get_linesize()
        draw.text(image, number(me.get("score", 0.0), 1), (pad, y), big, colours.accent)
        y += big.get_linesize() + self.px(2)
        for term, value in (me.get("terms") or {}).items():
            draw.text(image, term_name(term), (pad, y), small, colours.text, max_width=width - self.px(60))
            draw.text(image, signed(value, 2), (pad + width, y), small, draw.sign_colour(value, colours, 2),
                      "topright")
            y += small.get_linesize()
        y += self.px(10)
        draw.text(image, ui("projector.leaderboard"), (pad, y), heading, colours.text)
        y += heading.get_linesize() + self.px(2)
        teams = view.get("teams") or {}
        normal = self.font("normal")
        bold = self.font("normal", True)
        line = normal.get_linesize() + self.px(2)
        for row in view.get("leaderboard", []):
            if y + line > image.get_height() - self.px(6):
                break
            country = row["country"]
            mine = country == self.me
            fnt = bold if mine else normal
            colour = colours.accent if mine else (colours.text if country in teams else colours.muted)
            score = number(row["score"], 1)
            score_w = fnt.size(score)[0]
            draw.text(image, f"{row['rank']}.", (pad, y), fnt, colours.muted)
            room = pad + width - score_w - self.px(10)
            flag_h = min(fnt.get_linesize() - self.px(6), self.px(18))
            name_x = pad + self.px(28) + draw_flag(image, game_names, country, (
                pad + self.px(28), y + (fnt.get_linesize() - flag_h) // 2), flag_h) + self.px(8)
            drawn = draw.text(image, country_name(game_names, country), (name_x, y), fnt, colour,
                              max_width=room - name_x)
            team = teams.get(country)
            if team and team != country and drawn.right + fnt.size(f" · {team}")[0] <= room:
                draw.text(image, f" · {team}", (drawn.right, y), fnt, colours.muted)
            draw.text(image, score, (pad + width, y), fnt, colour, "topright")
            y += line
