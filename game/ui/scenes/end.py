"""The end of the game: leaderboard (by score − par once par is known, with both), awards, the
class's shared result (Nash social welfare), a debrief that ties what happened to the concepts,
and exports (CSV results, PNG charts)."""

from __future__ import annotations

from datetime import datetime

import pygame

from game.classroom.classroom import classroom_of
from game.rules.storage import atomic_write_text
from game.session.debrief import idea_lines
from game.ui import draw
from game.ui.charts import export_charts
from game.ui.classroom import par_note, par_state, reflection_due
from game.ui.scene import Scene, colour_tag, escape
from game.ui.settings import exports_dir
from game.ui.text import (
    country_name,
    language,
    number,
    percent,
    scenario_text,
    signed,
    signed_percent,
    ui,
)
from game.ui.widgets import segmented

AWARDS = ("most_trusted", "best_cooperator", "most_independent", "greatest_welfare_gain")
#: Ideas of CONCEPTS.md that the debrief's own sections already tell (cooperation and its types,
#: trust, sovereignty, welfare, dependency): the ideas section shows the others.
SECTIONED_IDEAS = frozenset({2, 4, 5, 6, 7, 10})


class EndScene(Scene):
    name = "end"

    def __init__(self, app, viewer: str | None = None):
        super().__init__(app)
        session = app.session
        self.viewer = viewer or app.viewer or session.humans[0]
        self.shared = session.nash_social_welfare()
        self.read_results()

    def read_results(self) -> None:
        """The leaderboard, awards and facts as they stand (par may arrive later)."""
        session = self.session
        self.par_seen = par_state(session)
        self.board = session.leaderboard()
        self.awards = session.awards()
        self.facts = {c: session.facts(c) for c in session.game.country_ids}

    def update(self, dt: float) -> None:
        """Par computed while the end screen is up: rank by it, and rewrite the results folder."""
        super().update(dt)
        if par_state(self.session) == self.par_seen:
            return
        self.read_results()
        session = self.session
        room = classroom_of(session)
        if session.par_known() is not None and room.results_folder is not None \
                and not room.write_results(session):
            self.app.toast(ui("classroom.results_failed", error=room.results_error or ""), "bad")
            room.results_error = None
        self.app.rebuild()

    @property
    def session(self):
        return self.app.session

    def build(self) -> None:
        game = self.session.game
        top = self.top_bar(ui("end.title", scenario=scenario_text(game.scenario.scenario.title)))
        margin = self.px(16)
        gap = self.px(14)
        bottom = self.height - self.px(16)
        left_w = max(self.px(280), round((self.width - 2 * margin) * 0.30))
        shared_h = self.px(150)
        self.board_rect = pygame.Rect(margin, top, left_w, bottom - top - shared_h - self.px(10))
        self.shared_rect = pygame.Rect(margin, bottom - shared_h, left_w, shared_h)
        left = self.board_rect.right + gap
        right = pygame.Rect(left, top, self.width - margin - left, bottom - top)
        self.awards_rect = pygame.Rect(right.left, right.top, right.width, self.px(150))
        buttons_h = self.px(46)
        debrief_top = self.awards_rect.bottom + self.px(10)
        humans = self.session.humans
        if len(humans) > 1:
            segmented(self, pygame.Rect(right.left, debrief_top, right.width, self.px(34)),
                      [(h, country_name(game, h)) for h in humans[:5]], self.viewer, self.on_viewer,
                      key="viewer")
            debrief_top += self.px(42)
        self.textbox(pygame.Rect(right.left, debrief_top, right.width,
                                 bottom - debrief_top - buttons_h - self.px(10)),
                     self.debrief_html(), "#boxed")
        export = (ui("classroom.export_folder") if classroom_of(self.session).results_folder is not None
                  else ui("end.export_csv"))
        actions = [("export_csv", export, self.on_export_csv, None),
                   ("export_png", ui("end.export_png"), self.on_export_png, None),
                   ("charts", ui("end.charts"), self.on_charts, None),
                   ("menu", ui("end.menu"), self.app.to_menu, "#primary")]
        # widths shared in proportion to the labels, so that a long one is not cut short
        room = right.width - self.px(8) * (len(actions) - 1)
        needed = [(self.font("heading", True) if object_id == "#primary" else self.font()).size(text)[0]
                  + self.px(28) for _, text, _, object_id in actions]
        widths = [room * n // sum(needed) for n in needed]
        widths[-1] = room - sum(widths[:-1])
        x = right.left
        for (key, text, action, object_id), each in zip(actions, widths, strict=True):
            self.button(pygame.Rect(x, bottom - buttons_h, each, buttons_h), text, action, object_id,
                        key=key, fit=True)
            x += each + self.px(8)

    def back(self) -> None:
        self.app.to_menu()

    def enter(self) -> None:
        if reflection_due(self.session):  # the last year's reflection, before the debrief
            self.app.defer(lambda: self.app.push("reflection", then=None))

    # --- the debrief -------------------------------------------------------------------------
    def debrief_html(self) -> str:
        game = self.session.game
        facts = self.facts[self.viewer]
        colours = self.colours
        accent = colour_tag(colours.accent)
        rank = next(r["rank"] for r in self.board if r["country"] == self.viewer)
        name = country_name(game, self.viewer)

        def section(title: str, *lines: str) -> str:
            body = " ".join(escape(x) for x in lines)
            return f"<font color={accent}><b>{escape(title)}</b></font><br>{body}"

        result = [ui("end.debrief.result", name=name, rank=rank, count=len(self.board),
                     score=number(facts["score"], 1))]
        if facts["par"] is not None:  # how the computer did in the same seat
            difference = signed(facts["score_minus_par"], 1)
            verdict = ("par_same" if difference == number(0.0, 1)
                       else "par_above" if facts["score_minus_par"] > 0 else "par_below")
            result.append(ui(f"end.debrief.{verdict}", name=name, par=number(facts["par"], 1),
                             difference=difference))
        parts = [section(ui("end.debrief.result_title"), *result)]
        kinds = facts["by_type"]
        if facts["agreements"]:
            cooperation = ui("end.debrief.agreements", count=facts["agreements"],
                             bilateral=kinds["bilateral"], regional=kinds["regional"],
                             multilateral=kinds["multilateral"])
        else:
            cooperation = ui("end.debrief.no_agreements")
        parts.append(section(ui("end.debrief.cooperation_title"), cooperation,
                             ui("end.debrief.cooperation_concept")))
        trust_line = ui("end.debrief.trust", start=percent(facts["trust_start"]),
                        end=percent(facts["trust_end"]))
        promises = (ui("end.debrief.broke", count=facts["broken_by"]) if facts["broken_by"]
                    else ui("end.debrief.kept_all"))
        parts.append(section(ui("end.debrief.trust_title"), trust_line, promises,
                             ui("end.debrief.trust_concept")))
        if facts["top_partner"] is not None:
            partner = country_name(game, facts["top_partner"])
            if facts["high_dependency"]:
                dependency = ui("end.debrief.dependency_high", hhi=number(facts["concentration_end"], 2),
                                share=percent(facts["top_share"]), partner=partner)
            else:
                dependency = ui("end.debrief.dependency_low", hhi=number(facts["concentration_end"], 2),
                                share=percent(facts["top_share"]), partner=partner)
        else:
            dependency = ""
        parts.append(section(ui("end.debrief.dependency_title"), dependency,
                             ui("end.debrief.dependency_concept")))
        parts.append(section(ui("end.debrief.welfare_title"),
                             ui("end.debrief.welfare", change=signed_percent(facts["welfare_change"], 1)),
                             ui("end.debrief.welfare_concept")))
        parts.append(section(ui("end.debrief.sovereignty_title"),
                             ui("end.debrief.sovereignty", points=number(facts["independence"], 1)),
                             ui("end.debrief.sovereignty_concept")))
        ideas = [f"<b>{escape(line.term)}</b>: {escape(line.text)}"
                 for line in idea_lines(game, self.viewer, language())
                 if line.idea not in SECTIONED_IDEAS]
        if ideas:
            parts.append(f"<font color={accent}><b>{escape(ui('end.debrief.ideas_title'))}</b>"
                         f"</font><br>" + "<br>".join(ideas))
        parts.append(section(ui("end.debrief.class_title"),
                             ui("end.debrief.class", nash=signed_percent(self.shared["nash"], 1),
                                worst=signed_percent(self.shared["worst"], 1)),
                             ui("end.debrief.class_concept")))
        return "<br><br>".join(parts)

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self._draw_board(surface)
        self._draw_awards(surface)
        self._draw_shared(surface)

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
        draw.paragraph(surface, ui("end.shared_explain", worst=signed_percent(self.shared["worst"], 1)),
                       pygame.Rect(x, y, width, rect.bottom - y - self.px(4)), self.font("small"),
                       colours.muted)

    def _draw_board(self, surface: pygame.Surface) -> None:
        colours = self.colours
        game = self.session.game
        rect = self.board_rect
        draw.card(surface, rect, colours.panel, colours.border, self.px(8))
        pad = self.px(12)
        x, y = rect.left + pad, rect.top + self.px(8)
        width = rect.width - 2 * pad
        heading = self.font("heading", True)
        normal, bold = self.font("normal"), self.font("normal", True)
        small = self.font("small")
        draw.text(surface, ui("end.leaderboard"), (x, y), heading, colours.text, max_width=width)
        y += heading.get_linesize()
        with_par = bool(self.board) and self.board[0]["par"] is not None
        note = ui("par.ranked_by") if with_par else par_note(self.session)
        if note:
            draw.text(surface, note, (x, y), small, colours.muted, max_width=width)
            y += small.get_linesize()
        y += self.px(6)
        row = normal.get_linesize() + self.px(6) + (small.get_linesize() if with_par else 0)
        room = (rect.bottom - y - self.px(8)) // row
        rows = self.board
        if len(rows) > room:
            mine = [r for r in rows if r["human"]]
            rows = rows[: max(room - len(mine) - 1, 1)]
            rows += [r for r in mine if r not in rows]
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
            draw.text(surface, name, (x + self.px(36), y), fnt, colour, max_width=width - self.px(110))
            if with_par:  # score − par, and the score and par under the name
                draw.text(surface, signed(entry["score_minus_par"], 1), (x + width, y), fnt, colour,
                          "topright")
                draw.text(surface, ui("par.row", score=number(entry["score"], 1),
                                      par=number(entry["par"], 1)),
                          (x + self.px(36), y + normal.get_linesize()), small, colours.muted,
                          max_width=width - self.px(36))
            else:
                draw.text(surface, number(entry["score"], 1), (x + width, y), fnt, colour, "topright")
            y += row
            if y > rect.bottom - row:
                break

    def _draw_awards(self, surface: pygame.Surface) -> None:
        colours = self.colours
        game = self.session.game
        rect = self.awards_rect
        gap = self.px(10)
        each = (rect.width - gap * 3) // 4
        small = self.font("small")
        values = {
            "most_trusted": lambda c: percent(self.facts[c]["trust_end"]),
            "best_cooperator": lambda c: ui("end.award_value.agreements", count=self.facts[c]["agreements"],
                                            broken=self.facts[c]["broken_by"]),
            "most_independent": lambda c: ui("end.award_value.hhi",
                                             hhi=number(self.facts[c]["concentration_end"], 2)),
            "greatest_welfare_gain": self.welfare_value,
        }
        for k, award in enumerate(AWARDS):
            card = pygame.Rect(rect.left + k * (each + gap), rect.top, each, rect.height)
            winner = self.awards[award]
            mine = winner in self.session.humans
            draw.card(surface, card, colours.panel, colours.accent if mine else colours.border, self.px(8))
            x, y = card.left + self.px(10), card.top + self.px(8)
            width = card.width - self.px(20)
            lines = draw.wrap(ui(f"end.award.{award}"), small, width)[:3]
            for line in lines:
                draw.text(surface, line, (x, y), small, colours.muted)
                y += small.get_linesize()
            y += self.px(4)
            name_lines = draw.wrap(country_name(game, winner), self.font("large", True), width)[
                : 1 if len(lines) > 2 else 2]
            for line in name_lines:
                draw.text(surface, line, (x, y), self.font("large", True),
                          colours.accent if mine else colours.text)
                y += self.font("large", True).get_linesize()
            value_lines = draw.wrap(values[award](winner), small, width)[:2]
            y = card.bottom - self.px(8) - small.get_linesize() * len(value_lines)
            for line in value_lines:
                draw.text(surface, line, (x, y), small, colours.text)
                y += small.get_linesize()

    def welfare_value(self, country: str) -> str:
        """The welfare award's figure: the change, and the par seat's where par is known (the
        award goes to the greatest gain above par)."""
        found = self.facts[country]
        change = signed_percent(found["welfare_change"], 1)
        if found["par_welfare_change"] is None:
            return change
        return ui("end.award_value.welfare_par", change=change,
                  par=signed_percent(found["par_welfare_change"], 1))

    # --- actions -----------------------------------------------------------------------------
    def on_viewer(self, country: str) -> None:
        self.viewer = country
        self.app.rebuild()

    def _stamp(self) -> str:
        return datetime.now().strftime("%Y-%m-%d_%H-%M-%S")

    def on_export_csv(self) -> None:
        session = self.session
        room = classroom_of(session)
        if room.results_folder is not None:  # the class's results folder: all of it, there
            if room.write_results(session):
                self.exported = room.results_folder
                self.app.toast(ui("classroom.results_written", folder=str(room.results_folder)),
                               "good")
            else:
                self.app.toast(ui("classroom.results_failed", error=room.results_error or ""), "bad")
                room.results_error = None
            return
        game = self.session.game
        path = exports_dir() / f"{game.scenario.scenario.id}_results_{self._stamp()}.csv"
        names = {c: country_name(game, c) for c in game.country_ids}
        try:
            atomic_write_text(path, self.session.results_csv(names))
        except OSError as error:
            self.app.toast(ui("save.failed", error=str(error)), "bad")
            return
        self.exported = path
        self.app.toast(ui("end.exported", path=str(path)), "good")

    def on_export_png(self) -> None:
        path = export_charts(self.app, self.session, self.viewer)
        if path is not None:
            self.exported = path
            self.app.toast(ui("end.exported", path=str(path)), "good")

    def on_charts(self) -> None:
        self.app.push("report", tab="charts", viewer=self.viewer)
