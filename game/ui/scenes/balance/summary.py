"""The balance screen's summary of a finished report: how the games were played, a row a country
(win rate against the fair share, mean score) with the report's score chart under it, the
findings (warnings, agreement types and clauses proposed and agreed) and where the report is."""

from __future__ import annotations

import math
from typing import Any

import pygame

from game.analysis.balance import warning_text, win_warning_threshold
from game.ui import draw
from game.ui.balance_report import score_chart
from game.ui.report_charts import ChartStyle, strip_chart_surface, strip_chart_whole_height
from game.ui.scene import colour_tag, escape
from game.ui.scenes.balance.texts import duration_text
from game.ui.text import clause_name, language, number, percent, tr, ui
from game.ui.theme import mix

#: The summary lists at most this many countries (the most winning); the report has them all.
MAXIMUM_ROWS = 40


class ReportSummary:
    """Part of ``BalanceScene``: the summary's widgets and the score chart."""

    def _build_summary(self, area: pygame.Rect) -> None:
        run, analysis = self.run, self.analysis
        gap = self.px(16)
        bottom_h = self.px(84)
        self.label(pygame.Rect(area.x, area.y, area.width, self.px(26)), ui(
            "balance.played", games=run.total, time=duration_text(run.elapsed()), first=run.seed,
            last=run.seed + run.total - 1, level=ui(f"difficulty.{run.level}")), "#muted")
        top = area.y + self.px(34)
        body = pygame.Rect(area.x, top, area.width, area.bottom - bottom_h - gap - top)
        left_w = round((body.width - gap) * 0.42)
        left = pygame.Rect(body.x, body.y, left_w, body.height)
        right = pygame.Rect(left.right + gap, body.y, body.width - left_w - gap, body.height)
        self.chart_card = None
        if analysis is not None:
            self._build_countries(left, analysis)
            inner = right.inflate(-self.px(16), -self.px(16))
            if self._chart_whole(self.chart_rect) or not self._chart_whole(inner):
                self.textbox(right, self.findings_html(analysis), "#boxed")
            else:  # too short under the table (a large scale): the chart on the right, whole
                below = pygame.Rect(left.x, self.table_bottom + self.px(16), left.width, 0)
                below.height = left.bottom - below.y
                if below.height >= self.px(60):
                    self.textbox(below, self.findings_html(analysis), "#boxed")
                else:
                    self.textbox(right, self.findings_html(analysis), "#boxed")
                    below = None
                if below is not None:
                    self.chart_card = right
                    height = self._chart_height(inner.width)
                    self.chart_rect = pygame.Rect(inner.x, inner.centery - height // 2, inner.width, height)
        # where the report is
        footer = pygame.Rect(area.x, area.bottom - bottom_h, area.width, bottom_h)
        buttons_w = self.px(230)
        text_w = footer.width - buttons_w - gap
        if self.folder is not None:
            html = (f"{escape(ui('balance.folder'))}<br><b>{escape(str(self.folder))}</b>")
        else:
            html = f"<font color={colour_tag(self.colours.bad)}>" \
                   f"{escape(ui('balance.not_written', error=self.write_error or ''))}</font>"
        self.textbox(pygame.Rect(footer.x, footer.y, text_w, footer.height), html, "#boxed")
        half = (footer.height - self.px(10)) // 2
        self.button(pygame.Rect(footer.right - buttons_w, footer.y, buttons_w, half),
                    ui("balance.open_folder"), self.on_open_folder, key="open_folder",
                    enabled=self.folder is not None, fit=True)
        self.button(pygame.Rect(footer.right - buttons_w, footer.bottom - half, buttons_w, half),
                    ui("balance.again"), self.on_again, key="again", fit=True)

    def _build_countries(self, rect: pygame.Rect, analysis: dict[str, Any]) -> None:
        """One row a country, the most winning first: win rate (in the warning colour when far
        above the fair share) and mean score."""
        countries = analysis["countries"]
        share = 1.0 / max(len(countries), 1)
        threshold = win_warning_threshold(len(countries))
        enough = analysis["games"] >= 5
        self.label(pygame.Rect(rect.x, rect.y, rect.width, self.px(30)), ui("balance.countries"),
                   "#subheading")
        header = rect.y + self.px(32)
        order = sorted(countries, key=lambda c: (-countries[c]["win_rate"], -countries[c]["mean_score"], c))
        hidden = len(order) - MAXIMUM_ROWS
        order = order[:MAXIMUM_ROWS]
        row = self.px(30)
        box_rect = pygame.Rect(rect.x, header + self.px(26), rect.width, rect.bottom - header - self.px(26))
        height = row * (len(order) + (1 if hidden > 0 else 0))
        box = self.scrolling(box_rect, height) if height > box_rect.height else None
        spare = box_rect.height - height - self.px(16)
        self.table_bottom = min(box_rect.bottom, box_rect.y + height)
        self.chart_rect = pygame.Rect(rect.x, box_rect.y + height + self.px(16), rect.width, spare) \
            if box is None and spare >= self.px(140) else None
        x, y = (0, 0) if box is not None else (box_rect.x, box_rect.y)
        width = box_rect.width - (self.px(22) if box is not None else 0)
        name_w = round(width * 0.48)
        rate_w = round(width * 0.26)
        self.label(pygame.Rect(rect.x, header, name_w, self.px(22)),
                   ui("balance.fair_share", share=percent(share, 1 if share < 0.1 else 0)), "#muted")
        self.label(pygame.Rect(rect.x + name_w, header, rate_w, self.px(22)), ui("balance.win_rate"),
                   "#muted")
        self.label(pygame.Rect(rect.x + name_w + rate_w, header, width - name_w - rate_w,
                               self.px(22)), tr("balance.report.column.mean_score"), "#muted")
        names = {c.id: c.name.get(language()) for c in self.loaded.scenario.countries}
        for country in order:
            values = countries[country]
            high = enough and values["win_rate"] >= threshold
            self.label(pygame.Rect(x, y, name_w, row), names.get(country, country), container=box)
            self.label(pygame.Rect(x + name_w, y, rate_w, row), percent(values["win_rate"]),
                       "#bad_text" if high else None, container=box)
            self.label(pygame.Rect(x + name_w + rate_w, y, width - name_w - rate_w, row),
                       number(values["mean_score"], 1), container=box)
            y += row
        if hidden > 0:
            self.label(pygame.Rect(x, y, width, row), ui("balance.more_countries", count=hidden),
                       "#muted", container=box)

    def findings_html(self, analysis: dict[str, Any]) -> str:
        """Warnings, then what was proposed and agreed: agreement types and clauses."""
        accent = colour_tag(self.colours.accent)
        bad = colour_tag(self.colours.bad)
        names = {c.id: c.name.get(language()) for c in self.loaded.scenario.countries}
        parts = [f"<font color={accent}><b>{escape(ui('balance.warnings'))}</b></font>"]
        if analysis["warnings"]:
            parts += [f"<font color={bad}>•</font> {escape(warning_text(w, language(), names))}"
                      for w in analysis["warnings"]]
        else:
            parts.append(escape(tr("balance.report.no_warnings")))
        offers = analysis["offers"]
        parts += ["", f"<font color={accent}><b>{escape(ui('balance.agreements'))}</b></font>",
                  escape(tr("balance.offers_line", negotiations=offers["negotiations"],
                            agreed=offers["agreed"], rate=_rate(offers["acceptance_rate"]),
                            countered=offers["countered"]))]
        for kind, row in analysis["agreement_types"].items():
            if row["proposed"]:
                parts.append("• " + escape(ui("balance.type_line", type=tr(f"agreement_type.{kind}"),
                                                proposed=row["proposed"], agreed=row["agreed"],
                                                rate=_rate(row["acceptance_rate"]))))
        parts.append("")
        for kind, row in analysis["clauses"].items():
            if row["proposed"]:
                line = ui("balance.clause_line", clause=clause_name(kind), proposed=row["proposed"],
                          agreed=row["agreed"], rate=_rate(row["acceptance_rate"]))
            else:
                line = f"{clause_name(kind)}: {ui('balance.never')}"
            parts.append("• " + escape(line))
        return "<br>".join(parts)

    def _chart_height(self, width: int) -> int:
        """How high the score chart is whole (its title, rows as on paper), ``width`` wide."""
        title, rows, _, _, note = score_chart(self.analysis, self.names(), language())
        return strip_chart_whole_height(width, screen_style(self.colours, self.s), title, len(rows), note)

    def _chart_whole(self, rect: pygame.Rect | None) -> bool:
        return rect is not None and self._chart_height(rect.width) <= rect.height

    def _draw_chart(self, surface: pygame.Surface) -> None:
        """The report's score chart, drawn at the size of the space under the countries' table
        in the screen's colours and fonts (sharp at every scale)."""
        if self.analysis is None or self.chart_rect is None:
            return
        area = self.chart_rect
        if self.chart_card is not None:
            draw.card(surface, self.chart_card, self.colours.panel, self.colours.border, self.px(8))
        image = self.cached("chart", id(self.analysis), area.size, lambda canvas: self._paint_chart(
            canvas, area.size))
        surface.blit(image, area)

    def _paint_chart(self, canvas: pygame.Surface, size: tuple[int, int]) -> None:
        chart = strip_chart_surface(size, screen_style(self.colours, self.s),
                                    *score_chart(self.analysis, self.names(), language()))
        if chart is not None:
            canvas.blit(chart, (0, 0))

    def names(self) -> dict[str, str]:
        return {c.id: c.name.get(language()) for c in self.loaded.scenario.countries}


def screen_style(colours: Any, scale: float) -> ChartStyle:
    """A chart on the screen: the panel's colour, its text and series, the window's font."""
    factor = 0.62 * scale  # a paper pixel of the 1000-pixel chart, on a screen at ``scale``
    return ChartStyle(background=colours.panel, ink=colours.text,
                      grid=mix(colours.panel, colours.text, 0.14), faint=colours.muted,
                      series=tuple(colours.series), tint=colours.panel,
                      font=lambda size: draw.font(max(8, round(size * 0.62)), scale),
                      unit=factor)


def _rate(rate: float) -> str:
    return "–" if rate is None or math.isnan(rate) else percent(rate)
