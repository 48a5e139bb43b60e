"""The game screen's left column: your country's score, its terms, par and rank, and the
indicators with their trend lines (drawn once, cached until the game changes)."""

from __future__ import annotations

import pygame

from game.model.state import SCORE_TERMS
from game.session.views import ranked_value
from game.ui import draw
from game.ui.classroom import par_note
from game.ui.hover_tips import HoverTips, indicator_tip, term_tip
from game.ui.text import currency, money, number, percent, signed, term_name, tr, ui

#: Indicators shown with a trend line: (key in the indicators, how to show the value).
INDICATORS = ("welfare_index", "trust_held", "gdp", "technology", "human_capital", "security",
              "dependency")


def indicator_value(values: dict, key: str) -> float:
    if key == "dependency":
        return values["dependency"]["imports"]["concentration"]
    return values[key]


class CountryPanel(HoverTips):
    """Part of ``GameScene``: your country's panel (score, terms, indicators), each row with
    its explanation on hover."""

    def render_panel(self, surface: pygame.Surface) -> None:
        """Your country's score, its terms and indicators with trend lines (cached)."""
        session = self.session
        viewer = self.viewer
        colours = self.colours
        rect = self.left_rect
        inner = pygame.Rect(0, 0, rect.width, rect.height)
        draw.card(surface, inner, colours.panel, colours.border, self.px(8))
        self.reset_tips("panel")
        origin = rect.topleft
        pad = self.px(12)
        x, y = pad, self.px(8)
        width = rect.width - 2 * pad
        heading = self.font("heading", True)
        small = self.font("small")
        normal = self.font("normal")
        years = session.indicators_by_year()
        now = years[-1][viewer]
        board = session.leaderboard()
        mine = next(r for r in board if r["country"] == viewer)
        draw.text(surface, ui("game.score"), (x, y), heading, colours.text)
        draw.text(surface, number(now["score"], 1), (x + width, y - self.px(2)),
                  self.font("large", True), colours.accent, "topright")
        self.add_tip("panel", pygame.Rect(x, y, width, heading.get_linesize()).move(origin),
                     tr("explain.score"))
        y += heading.get_linesize()
        # par (the computer's score in this seat after as many turns): known, or its progress
        note = par_note(session) if mine["par"] is None else ui(
            "par.line", par=number(mine["par"], 1), difference=signed(mine["score_minus_par"], 1))
        if note:
            draw.text(surface, note, (x, y), small, colours.muted, max_width=width)
            y += small.get_linesize()
        ranked = [ranked_value(r) for r in board]
        if max(ranked) - min(ranked) < 1e-9:
            rank_text = ui("game.rank_start")
        elif mine["par"] is not None:
            rank_text = ui("par.rank", rank=mine["rank"], count=len(board))
        else:
            rank_text = ui("game.rank", rank=mine["rank"], count=len(board))
        y += draw.paragraph(surface, rank_text, pygame.Rect(x, y, width, 2 * small.get_linesize()),
                            small, colours.muted, spacing=1.0) + self.px(4)
        limit = max([abs(now["terms"][t]) for t in SCORE_TERMS] + [1.0])
        row = max(small.get_linesize(), self.px(18))
        label_w = round(width * 0.42)
        value_w = round(width * 0.2)
        for term in SCORE_TERMS:
            value = now["terms"][term]
            draw.text(surface, term_name(term), (x, y), small, colours.text, max_width=label_w)
            bar_rect = pygame.Rect(x + label_w, y + row // 4, width - label_w - value_w, row // 2)
            draw.bar(surface, bar_rect, value, limit, colours.good, colours.bad, colours.border)
            draw.text(surface, signed(value, 1), (x + width, y), small, colours.text, "topright")
            self.add_tip("panel", pygame.Rect(x, y, width, row).move(origin), term_tip(term))
            y += row
        y += self.px(6)
        pygame.draw.line(surface, colours.border, (x, y), (x + width, y))
        y += self.px(6)
        draw.text(surface, ui("game.indicators"), (x, y), heading, colours.text)
        y += heading.get_linesize()
        spark_w = round(width * 0.30)
        row = max(normal.get_linesize() + small.get_linesize() - self.px(4), self.px(36))
        room = rect.height - self.px(4) - y
        # two lines an indicator (name, then value) where there is room; else one line each, the
        # value beside the name, so that every indicator stays on screen (large interface sizes)
        compact = row * len(INDICATORS) > room
        if compact:
            row = max(small.get_linesize(), room // len(INDICATORS))
            spark_w = round(width * 0.18)
        for key in INDICATORS:
            if y + row > rect.height - self.px(4):
                break
            series = [indicator_value(year[viewer], key) for year in years]
            value = series[-1]
            change = value - series[0]
            good = change >= 0 if key != "dependency" else change <= 0
            text_w = width - spark_w - self.px(8)
            value_text = self.indicator_text(key, value, now, short=compact)
            if compact:
                label = ui(f"indicator_short.{key}")
                # the name takes what the value leaves (values are short: "0.39", "97.3 %")
                label_w = min(small.size(label)[0],
                              max(text_w // 2, text_w - small.size(value_text)[0] - self.px(8)))
                value_w = text_w - label_w - self.px(8)
                draw.text(surface, label, (x, y), small, colours.muted, max_width=label_w)
                draw.text(surface, value_text, (x + text_w, y), small, colours.text, "topright",
                          max_width=value_w)
                spark = pygame.Rect(x + width - spark_w, y + self.px(2), spark_w,
                                    max(row - self.px(6), self.px(6)))
            else:  # the long name and value where they fit, else the short ones (never cut)
                label = ui(f"indicator.{key}")
                if small.size(label)[0] > text_w:
                    label = ui(f"indicator_short.{key}")
                if normal.size(value_text)[0] > text_w:
                    value_text = self.indicator_text(key, value, now, short=True)
                draw.text(surface, label, (x, y), small, colours.muted, max_width=text_w)
                draw.text(surface, value_text, (x, y + small.get_linesize() - self.px(2)), normal,
                          colours.text, max_width=text_w)
                spark = pygame.Rect(x + width - spark_w, y + self.px(6), spark_w, row - self.px(14))
            draw.sparkline(surface, spark, series, colours.good if good or abs(change) < 1e-9
                           else colours.bad, max(1, round(self.s * 1.5)), colours.border)
            self.add_tip("panel", pygame.Rect(x, y, width, row).move(origin), indicator_tip(key))
            y += row

    def indicator_text(self, key: str, value: float, now: dict, short: bool = False) -> str:
        game = self.session.game
        if key == "welfare_index":
            return percent(value, 1) if short else ui("indicator.of_start", value=percent(value, 1))
        if key == "gdp":
            return money(value, currency(game))
        if key == "dependency":
            if short:  # the trend line's colour tells whether it is rising
                return number(value, 2)
            verdict = ui("indicator.high") if value > 0.25 else ui("indicator.moderate")
            return f"{number(value, 2)} ({verdict})"
        return percent(value, 0)
