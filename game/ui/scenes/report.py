"""The turn report (events, agreements made and ended, broken promises, score change by term)
and the charts over time, with a PNG export."""

from __future__ import annotations

import pygame

from game.model.state import SCORE_TERMS
from game.ui import draw
from game.ui.charts import draw_charts, export_charts
from game.ui.feedback import broken_promises
from game.ui.hover_tips import HoverTips, term_tip
from game.ui.icons import icon_tag
from game.ui.scene import Scene, colour_tag, escape
from game.ui.text import (
    agreement_name,
    agreement_type_name,
    cap,
    clause_text,
    country_name,
    event_text,
    event_title,
    names,
    number,
    signed,
    term_name,
    tr,
    ui,
)
from game.ui.widgets import segmented

TABS = ("report", "charts")


class ReportScene(HoverTips, Scene):
    name = "report"

    def __init__(self, app, tab: str = "report", turn: int | None = None, viewer: str | None = None):
        super().__init__(app)
        self.tab = tab if tab in TABS else "report"
        reports = app.session.game.reports
        self.index = (turn - 1) if turn else len(reports) - 1
        self.viewer = viewer or app.viewer or app.session.humans[0]
        self.charts: pygame.Surface | None = None

    @property
    def session(self):
        return self.app.session

    def enter(self) -> None:
        reports = self.session.game.reports
        if reports and self.index == len(reports) - 1:  # this year's: promises broken to you
            broken_promises(self.app, reports[-1], self.viewer)

    def invalidate(self) -> None:
        self.charts = None

    def build(self) -> None:
        session = self.session
        reports = session.game.reports
        top = self.top_bar(ui("report.title"))
        margin = self.px(16)
        tabs_w = min(self.px(420), self.width - self.px(360))
        segmented(self, pygame.Rect(self.width - margin - tabs_w, self.px(12), tabs_w, self.px(38)),
                  [(t, ui(f"report.tab.{t}")) for t in TABS], self.tab, self.on_tab, key="tab")
        self.body = pygame.Rect(margin, top + self.px(4), self.width - 2 * margin,
                                self.height - top - self.px(20))
        if self.tab == "charts":
            self.button(pygame.Rect(self.body.right - self.px(240), self.body.bottom - self.px(40),
                                    self.px(240), self.px(40)), ui("report.export_charts"),
                        self.on_export, key="export")
            self.chart_rect = pygame.Rect(self.body.left, self.body.top, self.body.width,
                                          self.body.height - self.px(50))
            return
        if not reports:
            self.label(pygame.Rect(self.body.left, self.body.top, self.body.width, self.px(30)),
                       ui("report.none_yet"), "#muted")
            self.report = None
            return
        self.index = max(0, min(self.index, len(reports) - 1))
        self.report = reports[self.index]
        nav_y = self.body.top
        self.button(pygame.Rect(self.body.left, nav_y, self.px(150), self.px(36)), ui("report.previous"),
                    self.on_previous, enabled=self.index > 0, key="previous")
        self.label(pygame.Rect(self.body.left + self.px(160), nav_y, self.px(240), self.px(36)),
                   ui("report.turn", turn=self.report.turn), "#subheading")
        self.button(pygame.Rect(self.body.left + self.px(400), nav_y, self.px(150), self.px(36)),
                    ui("report.next"), self.on_next, enabled=self.index < len(reports) - 1, key="next")
        content_top = nav_y + self.px(46)
        text_w = round(self.body.width * 0.56)
        self.textbox(pygame.Rect(self.body.left, content_top, text_w, self.body.bottom - content_top),
                     self.report_html(), "#boxed")
        self.score_rect = pygame.Rect(self.body.left + text_w + self.px(14), content_top,
                                      self.body.width - text_w - self.px(14), self.body.bottom - content_top)
        if len(session.humans) > 1:
            segmented(self, pygame.Rect(self.score_rect.left, self.score_rect.bottom - self.px(36),
                                        self.score_rect.width, self.px(34)),
                      [(h, country_name(session.game, h)) for h in session.humans[:4]], self.viewer,
                      self.on_viewer, key="viewer")

    def clause_icon(self, kind: str) -> str:
        """The clause kind's icon at the start of its line (a bullet where it cannot be shown)."""
        size = self.font("normal").get_linesize() - self.px(6)
        return icon_tag(kind, size, self.colours.accent) or "&#8226; "

    def report_html(self) -> str:
        game = self.session.game
        report = self.report
        colours = self.colours
        muted = colour_tag(colours.muted)
        bad = colour_tag(colours.bad)
        good = colour_tag(colours.good)
        parts = []
        events = [f"<b>{escape(event_title(game, e))}</b> <font color={muted}>("
                  f"{escape(names(game, list(e.countries)) if e.countries else ui('game.everyone'))})</font>"
                  + (f" [{escape(ui('moderator.by_teacher'))}]" if e.moderator else "")
                  + f"<br>{escape(event_text(game, e))}" for e in report.events]
        parts.append(f"<b>{escape(ui('report.events'))}</b><br>" +
                     ("<br>".join(events) if events else escape(ui("game.quiet_year"))))
        by_id = {a.id: a for a in game.agreements}
        made = [by_id[a] for a in report.agreements_made if a in by_id]
        # the viewer's own agreements first, under their own heading, then the others'
        mine = [a for a in made if self.viewer in a.parties]
        others = [a for a in made if self.viewer not in a.parties]

        def agreement_lines(agreements) -> list[str]:
            # each clause on its own line behind its kind's icon
            return [f"&#8226; <font color={good}>{escape(cap(agreement_type_name(game, a.parties)))}</font>: "
                    f"{escape(names(game, list(a.parties)))}<br>"
                    + "<br>".join(f"{self.clause_icon(c.kind)}<font color={muted}>"
                                  f"{escape(clause_text(game, c))}</font>" for c in a.clauses)
                    for a in agreements]

        if mine and others:
            lines = [f"<i>{escape(tr('explain.offer.mine_first'))}</i>", *agreement_lines(mine),
                     f"<i>{escape(tr('explain.offer.others'))}</i>", *agreement_lines(others)]
        else:
            lines = agreement_lines(mine + others)
        parts.append(f"<b>{escape(ui('report.made', count=len(made)))}</b><br>" +
                     ("<br>".join(lines) if lines else escape(ui("report.none"))))
        ended = [by_id[a] for a in report.agreements_ended if a in by_id]
        if ended:
            parts.append(f"<b>{escape(ui('report.ended', count=len(ended)))}</b><br>" +
                         "<br>".join(f"&#8226; {escape(agreement_name(game, a))}" for a in ended))
        breaches = []
        # breaches by the viewer or in the viewer's agreements first
        ordered = sorted(report.breaches, key=lambda b: not (
            b[2] == self.viewer or (b[0] in by_id and self.viewer in by_id[b[0]].parties)))
        for agreement_id, clause_index, country in ordered:
            agreement = by_id.get(agreement_id)
            if agreement is None:
                continue
            clause = clause_text(game, agreement.clauses[clause_index], short=True)
            broke = ui("report.broke", clause=clause, agreement=agreement_name(game, agreement))
            breaches.append(f"{self.clause_icon(agreement.clauses[clause_index].kind)}"
                            f"<font color={bad}>{escape(country_name(game, country))}</font> "
                            f"{escape(broke)}")
        parts.append(f"<b>{escape(ui('report.breaches', count=len(breaches)))}</b><br>" +
                     ("<br>".join(breaches) if breaches else escape(ui("report.no_breaches"))))
        return "<br><br>".join(parts)

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        if self.tab == "charts":
            if self.charts is None or self.charts.get_size() != self.chart_rect.size:
                self.charts = pygame.Surface(self.chart_rect.size)
                self.charts.fill(self.colours.background)
                draw_charts(self.charts, self.charts.get_rect(), self.session, self.viewer, self.colours,
                            self.s)
            surface.blit(self.charts, self.chart_rect)
            return
        if getattr(self, "report", None) is None:
            return
        self._draw_scores(surface)

    def _draw_scores(self, surface: pygame.Surface) -> None:
        colours = self.colours
        game = self.session.game
        report = self.report
        rect = self.score_rect
        if len(self.session.humans) > 1:
            rect = pygame.Rect(rect.left, rect.top, rect.width, rect.height - self.px(44))
        k = game.index[self.viewer]
        before, after = report.terms_before[k], report.terms_after[k]
        pad = self.px(14)
        x, y = rect.left + pad, rect.top + self.px(10)
        width = rect.width - 2 * pad
        heading = self.font("heading", True)
        normal, small = self.font("normal"), self.font("small")
        row = max(self.px(34), normal.get_linesize() + self.px(10))
        needed = (self.px(56) + 2 * heading.get_linesize() + normal.get_linesize()
                  + row * len(SCORE_TERMS) + len(draw.wrap(ui("report.explain"), small, width))
                  * round(small.get_linesize() * 1.15))
        rect = pygame.Rect(rect.left, rect.top, rect.width, min(rect.height, needed))  # no empty card
        draw.card(surface, rect, colours.panel, colours.border, self.px(8))
        draw.text(surface, ui("report.score_change", name=country_name(game, self.viewer)), (x, y), heading,
                  colours.text, max_width=width)
        y += heading.get_linesize() + self.px(4)
        total_before, total_after = float(before.sum()), float(after.sum())
        draw.text(surface, ui("report.score_from_to", before=number(total_before, 1),
                              after=number(total_after, 1)), (x, y), normal, colours.muted, max_width=width)
        y += normal.get_linesize() + self.px(10)
        changes = [float(after[t] - before[t]) for t in range(len(SCORE_TERMS))]
        limit = max([abs(c) for c in changes] + [0.5])
        label_w = round(width * 0.38)
        self.reset_tips("scores")
        for term, change in zip(SCORE_TERMS, changes, strict=True):
            self.add_tip("scores", pygame.Rect(x, y, width, row), term_tip(term))
            draw.text(surface, term_name(term), (x, y + self.px(4)), normal, colours.text, max_width=label_w)
            bar = pygame.Rect(x + label_w, y + self.px(6), width - label_w - self.px(70), row - self.px(16))
            draw.bar(surface, bar, change, limit, colours.good, colours.bad, colours.border)
            draw.text(surface, signed(change, 2), (x + width, y + self.px(4)), normal, colours.text,
                      "topright")
            y += row
        pygame.draw.line(surface, colours.border, (x, y), (x + width, y))
        y += self.px(8)
        total = total_after - total_before
        draw.text(surface, ui("report.total_change"), (x, y), heading, colours.text,
                  max_width=width - self.px(80))
        draw.text(surface, signed(total, 2), (x + width, y), heading,
                  draw.sign_colour(total, colours, 2), "topright")
        y += heading.get_linesize() + self.px(10)
        draw.paragraph(surface, ui("report.explain"), pygame.Rect(x, y, width, rect.bottom - y - self.px(8)),
                       small, colours.muted)

    def draw_over(self, surface: pygame.Surface) -> None:
        if self.tab != "charts":
            self.draw_hover_tip(surface)

    def handle(self, event: pygame.event.Event) -> None:
        self.follow_mouse(event)
        super().handle(event)

    # --- actions -----------------------------------------------------------------------------
    def on_tab(self, tab: str) -> None:
        self.tab = tab
        self.app.rebuild()

    def on_previous(self) -> None:
        self.index -= 1
        self.app.rebuild()

    def on_next(self) -> None:
        self.index += 1
        self.app.rebuild()

    def on_viewer(self, country: str) -> None:
        self.viewer = country
        self.charts = None
        self.app.rebuild()

    def on_export(self) -> None:
        path = export_charts(self.app, self.session, self.viewer)
        if path is not None:
            self.app.toast(ui("report.exported", path=str(path)), "good")
