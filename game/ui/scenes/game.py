"""The game screen: your country, the map, agreements in force, the year's news and the one
clear next step."""

from __future__ import annotations

from datetime import datetime

import pygame
import pygame_gui
from pygame_gui.elements import UIDropDownMenu

from game.model.state import SCORE_TERMS
from game.rules.game import Phase
from game.rules.storage import StorageError
from game.session.views import ranked_value
from game.ui import draw
from game.ui.classroom import par_note, par_state, reflection_due, team_and_country
from game.ui.map_view import LENSES, MapWidget
from game.ui.scene import Scene, colour_tag, escape
from game.ui.settings import saves_dir
from game.ui.text import (
    agreement_name,
    agreement_type_name,
    cap,
    clause_text,
    country_name,
    currency,
    event_text,
    event_title,
    money,
    names,
    number,
    percent,
    signed,
    term_name,
    tr,
    ui,
)
from game.ui.tutorial import tutorial_hint
from game.ui.widgets import lens_bar, lens_bar_height

#: Indicators shown with a trend line: (key in the indicators, how to show the value).
INDICATORS = ("welfare_index", "trust_held", "gdp", "technology", "human_capital", "security",
              "dependency")


def indicator_value(values: dict, key: str) -> float:
    if key == "dependency":
        return values["dependency"]["imports"]["concentration"]
    return values[key]


class GameScene(Scene):
    name = "game"

    def __init__(self, app):
        super().__init__(app)
        self.map: MapWidget | None = None
        self.lens = "trust"
        self.view = None
        self.selected: str | None = None
        self.group: str | None = None
        self.panel: pygame.Surface | None = None

    @property
    def session(self):
        return self.app.session

    @property
    def viewer(self) -> str:
        return self.app.viewer or self.session.current or self.session.humans[0]

    def invalidate(self) -> None:
        self._cache.clear()
        if self.map is not None:
            self.view = self.map.view
            self.map = None

    def enter(self) -> None:
        self.panel = None

    # --- layout ------------------------------------------------------------------------------
    def layout(self) -> None:
        s = self.s
        margin = self.px(12)
        self.top_h = self.px(58)
        self.bottom_h = self.px(66)
        side = max(self.px(250), min(self.px(310), round(self.width * 0.235)))
        right = max(self.px(270), min(self.px(350), round(self.width * 0.26)))
        body_top = self.top_h
        body_bottom = self.height - self.bottom_h
        self.left_rect = pygame.Rect(margin, body_top, side, body_bottom - body_top)
        self.right_rect = pygame.Rect(self.width - margin - right, body_top, right,
                                      body_bottom - body_top)
        map_left = self.left_rect.right + margin
        self.map_area = pygame.Rect(map_left, body_top, self.right_rect.left - margin - map_left,
                                    body_bottom - body_top)
        self.toolbar_h = lens_bar_height(self, self.map_area.width, LENSES) + self.px(4)
        self.map_rect = pygame.Rect(self.map_area.left, self.map_area.top + self.toolbar_h,
                                    self.map_area.width, self.map_area.height - self.toolbar_h)
        del s

    def build(self) -> None:
        session = self.session
        if session is None:
            return
        game = session.game
        viewer = self.viewer
        self.layout()
        s = self.s
        # top bar
        title_w = self.width // 2 - self.px(130)  # clear of the diplomacy countdown (top centre)
        self.label(pygame.Rect(self.px(16), self.px(6), title_w, self.px(30)),
                   team_and_country(session, viewer), "#accent")  # with the team's name
        status = ui("game.turn_status", turn=game.turn, turns=game.last_turn,
                    phase=cap(tr(f"phase.{game.phase.value}")))
        if len(session.humans) > 1:
            status += "  ·  " + ui("game.hot_seat", count=len(session.humans))
        self.label(pygame.Rect(self.px(16), self.px(32), title_w, self.px(22)), status,
                   "#muted")
        x = self.width - self.px(12)
        for key, text, action in (("menu", ui("game.menu"), self.on_menu),
                                  ("help", ui("game.help"), self.on_help),
                                  ("save", ui("game.save"), self.on_save)):
            width = max(self.px(84), self.font().size(text)[0] + self.px(28))
            x -= width
            self.button(pygame.Rect(x, self.px(10), width, self.px(38)), text, action, key=key,
                        tooltip=ui(f"game.{key}_tip"))
            x -= self.px(8)
        width = self.font().size(ui("projector.button"))[0] + self.px(28)
        if x - width >= self.width // 2 + self.px(8):  # the class's view (F9), where there is room
            self.button(pygame.Rect(x - width, self.px(10), width, self.px(38)), ui("projector.button"),
                        self.app.toggle_projector, key="projector", tooltip=ui("projector.button_tip"))
        # map toolbar
        self._build_map_tools()
        # right column: agreements and news
        right = self.right_rect
        news_h = round(right.height * 0.40)
        agreements_rect = pygame.Rect(right.left, right.top, right.width, right.height - news_h - self.px(8))
        self.label(pygame.Rect(agreements_rect.left + self.px(10), agreements_rect.top + self.px(4),
                               agreements_rect.width - self.px(20), self.px(26)),
                   ui("game.agreements_in_force"), "#subheading")
        self.textbox(pygame.Rect(agreements_rect.left + self.px(4), agreements_rect.top + self.px(32),
                                 agreements_rect.width - self.px(8),
                                 agreements_rect.height - self.px(36)),
                     self.agreements_html())
        news_rect = pygame.Rect(right.left, agreements_rect.bottom + self.px(8), right.width, news_h)
        self.label(pygame.Rect(news_rect.left + self.px(10), news_rect.top + self.px(4),
                               news_rect.width - self.px(20), self.px(26)),
                   ui("game.news", turn=game.turn), "#subheading")
        self.textbox(pygame.Rect(news_rect.left + self.px(4), news_rect.top + self.px(32),
                                 news_rect.width - self.px(8), news_rect.height - self.px(36)),
                     self.news_html())
        self.cards = (agreements_rect, news_rect)
        # bottom bar
        self._build_actions()
        # the selected country's card on the map
        if self.selected is not None and self.selected != viewer and session.stage is Phase.DIPLOMACY:
            width = min(self.px(260), self.map_rect.width - self.px(20))
            self.button(pygame.Rect(self.map_rect.left + self.px(10),
                                    self.map_rect.bottom - self.px(72 + 10 + 44), width, self.px(38)),
                        ui("game.propose_to", name=country_name(game, self.selected)),
                        self.on_propose_selected, "#primary", key="propose_to")
        del s
        if getattr(self.app, "pending_report", False):
            self.app.pending_report = False
            if reflection_due(session):  # the teams reflect first, then the report
                self.app.defer(lambda: self.app.push("reflection"))
            else:
                self.app.defer(lambda: self.app.push("report"))

    def _build_map_tools(self) -> None:
        area = self.map_area
        tips = {lens: ui(f"map.legend.{lens}") for lens in LENSES if lens != "membership"}
        lens_bar(self, area.move(0, self.px(2)), LENSES, self.lens, self.on_lens,
                 {**tips, "membership": ui("map.membership_tip")})
        # view tools: a column at the map's top right
        tools = (("zoom_in", "+", lambda: self._zoom(1.4)),
                 ("zoom_out", "\u2212", lambda: self._zoom(1 / 1.4)),
                 ("region", ui("map.region"), self._region),
                 ("world", ui("map.world"), self._world))
        w = max([self.px(40)] + [self.font("small").size(t)[0] + self.px(18) for _, t, _ in tools])
        y = self.map_rect.top + self.px(8)
        for key, text, action in tools:
            self.button(pygame.Rect(self.map_rect.right - w - self.px(8), y, w, self.px(30)), text,
                        action, "#small_button", tooltip=ui(f"map.{key}_tip"), key=key)
            y += self.px(34)
        self.tools_width = w + self.px(16)
        self.dropdown = None
        if self.lens == "membership":
            self._ensure_map()
            groups = self.map.groups
            if groups:
                labels = self._group_labels(groups)
                current = next((labels[k] for k, g in enumerate(groups) if g["key"] == self.map.group),
                               labels[0])
                self.dropdown = UIDropDownMenu(labels, current, pygame.Rect(
                    self.map_rect.left + self.px(8), self.map_rect.top + self.px(8),
                    min(self.px(300), self.map_rect.width - self.px(24) - self.tools_width),
                    self.px(32)),
                    self.app.manager)
                self.group_keys = dict(zip(labels, [g["key"] for g in groups], strict=True))

    def _group_labels(self, groups) -> list[str]:
        labels = []
        for group in groups:
            label = self.map.group_name(group)
            while label in labels:
                label += " "
            labels.append(label)
        return labels

    def _build_actions(self) -> None:
        session = self.session
        viewer = self.viewer
        stage = session.stage
        y = self.height - self.bottom_h + self.px(12)
        h = self.px(44)
        x = self.width - self.px(12)
        next_text, next_action = {
            Phase.NEWS: (ui("game.begin_diplomacy"), self.on_begin_diplomacy),
            Phase.DIPLOMACY: (ui("game.end_diplomacy"), self.on_end_diplomacy),
            Phase.COMPLIANCE: (ui("game.decide_compliance"), self.on_compliance),
        }.get(stage, (ui("game.results"), self.app.show_game))
        width = max(self.px(200), self.font("heading", True).size(next_text)[0] + self.px(36))
        x -= width
        self.button(pygame.Rect(x, y, width, h), next_text, next_action, "#primary", key="next",
                    tooltip=ui("game.next_tip"))
        inbox = len(session.inbox(viewer))
        actions = [
            ("charts", ui("game.charts"), self.on_charts, True),
            ("report", ui("game.report"), self.on_report, bool(session.game.reports)),
            ("inbox", ui("game.inbox", count=inbox), self.on_inbox, True),
            ("negotiate", ui("game.negotiate"), self.on_negotiate, stage is Phase.DIPLOMACY),
        ]
        for key, text, action, enabled in actions:
            width = max(self.px(96), self.font().size(text)[0] + self.px(28))
            x -= width + self.px(8)
            object_id = "#on" if key == "inbox" and inbox and stage is Phase.DIPLOMACY else None
            self.button(pygame.Rect(x, y, width, h), text, action, object_id, enabled=enabled,
                        key=key, tooltip=ui(f"game.{key}_tip"))
        self.status_rect = pygame.Rect(self.px(16), y, x - self.px(28), h)

    # --- content -----------------------------------------------------------------------------
    def agreements_html(self) -> str:
        session = self.session
        game = session.game
        viewer = self.viewer
        colours = self.colours
        mine = [a for a in game.in_force() if viewer in a.parties]
        if not mine:
            return escape(ui("game.no_agreements"))
        last = game.reports[-1] if game.reports else None
        broken_last = {(a, k): c for a, k, c in (last.breaches if last else [])}
        parts = []
        for agreement in mine:
            kind = cap(agreement_type_name(game, agreement.parties))
            others = [p for p in agreement.parties if p != viewer]
            left = agreement.start_turn + agreement.duration - game.turn
            line = ui("game.agreement_line", type=kind, partners=names(game, others), years=left)
            header = (f"<b>{escape(agreement_name(game, agreement))}</b><br>"
                      f"<font color={colour_tag(colours.muted)}>{escape(line)}</font>")
            lines = []
            for k, clause in enumerate(agreement.clauses):
                breaker = broken_last.get((agreement.id, k))
                if game.newly_made(agreement):
                    state, colour = ui("clause_state.new"), colours.accent
                elif not game.reports:  # the scenario's agreements before the first year ends
                    state, colour = ui("clause_state.in_force"), colours.muted
                elif breaker is not None:
                    state = ui("clause_state.broken_by", name=country_name(game, breaker))
                    colour = colours.bad
                else:
                    state, colour = ui("clause_state.kept"), colours.good
                lines.append(f"&#8226; {escape(clause_text(game, clause))} "
                             f"<font color={colour_tag(colour)}>{escape(state)}</font>")
            parts.append(header + "<br>" + "<br>".join(lines))
        return "<br><br>".join(parts)

    def news_html(self) -> str:
        session = self.session
        game = session.game
        colours = self.colours
        parts = []
        for event in game.events:
            struck = names(game, list(event.countries)) if event.countries else ui("game.everyone")
            teacher = (f" <font color={colour_tag(colours.accent)}>"
                       f"[{escape(ui('moderator.by_teacher'))}]</font>" if event.moderator else "")
            parts.append(f"<b>{escape(event_title(game, event))}</b> "
                         f"<font color={colour_tag(colours.muted)}>({escape(struck)})</font>{teacher}<br>"
                         f"{escape(event_text(game, event))}")
        if not parts:
            parts.append(escape(ui("game.quiet_year")))
        made = [a for a in game.agreements if game.newly_made(a)]
        for agreement in made:
            parts.append(escape(ui("game.signed", type=agreement_type_name(game, agreement.parties),
                                   parties=names(game, agreement.parties))))
        return "<br><br>".join(parts)

    def status_text(self) -> str:
        session = self.session
        viewer = self.viewer
        stage = session.stage
        if stage is Phase.NEWS:
            return ui("status.news")
        if stage is Phase.DIPLOMACY:
            return ui("status.diplomacy", delegations=session.game.delegations_left(viewer),
                      offers=len(session.inbox(viewer)))
        if stage is Phase.COMPLIANCE:
            return ui("status.compliance", count=len(session.game.obligations(viewer)))
        return ""

    def texts(self) -> list[str]:
        return [self.status_text()]

    # --- drawing -----------------------------------------------------------------------------
    def _ensure_map(self) -> None:
        if self.map is None:
            self.map = MapWidget(self.app, self.session, self.viewer, self.map_rect, self.lens,
                                 self.view, self.group)
            self.map.reserved_right = getattr(self, "tools_width", 0) / self.s
            self.map.select(self.selected)
        else:
            self.map.set_rect(self.map_rect)

    def draw(self, surface: pygame.Surface) -> None:
        colours = self.colours
        surface.fill(colours.background)
        pygame.draw.rect(surface, colours.panel, (0, 0, self.width, self.top_h))
        pygame.draw.line(surface, colours.border, (0, self.top_h - 1), (self.width, self.top_h - 1))
        pygame.draw.rect(surface, colours.panel, (0, self.height - self.bottom_h, self.width,
                                                  self.bottom_h))
        for rect in self.cards:
            draw.card(surface, rect, colours.panel, colours.border, self.px(8))
        session = self.session
        panel_key = (len(session.game.history), session.game.turn, self.viewer, par_state(session))
        surface.blit(self.cached("panel", panel_key, self.left_rect.size, self.render_panel),
                     self.left_rect)
        self._ensure_map()
        self.map.draw(surface)
        pygame.draw.rect(surface, colours.border, self.map_rect, 1)
        self.map.draw_legend(surface)
        hint = tutorial_hint(self.session, "game")
        if hint:
            self._hint(surface, hint)
        status = self.status_text()
        rect = self.status_rect.inflate(0, -self.px(4))
        # one line in the normal size where it fits, else the small size on up to two lines
        fnt = self.font("normal")
        if fnt.size(status)[0] > rect.width:
            fnt = self.font("small")
        image = self.cached("status", status, rect.size, lambda image: draw.paragraph(
            image, status, image.get_rect(), fnt, colours.muted))
        surface.blit(image, rect)

    def _hint(self, surface: pygame.Surface, hint: str) -> None:
        colours = self.colours
        fnt = self.font("normal", bold=True)
        width = self.map_rect.width - self.px(24) - self.tools_width
        lines = draw.wrap(hint, fnt, width - self.px(24))
        height = len(lines) * fnt.get_linesize() + self.px(14)
        top = self.map_rect.top + self.px(8) + (self.px(40) if self.dropdown is not None else 0)

        def paint(image: pygame.Surface) -> None:
            draw.card(image, image.get_rect(), colours.accent, None, self.px(6))
            y = self.px(7)
            for line in lines:
                draw.text(image, line, (self.px(12), y), fnt, colours.background)
                y += fnt.get_linesize()

        surface.blit(self.cached("hint", hint, (width, height), paint),
                     (self.map_rect.left + self.px(12), top))

    def draw_over(self, surface: pygame.Surface) -> None:
        if self.map is not None:
            self.map.draw_tooltip(surface)

    def render_panel(self, surface: pygame.Surface) -> None:
        """Your country's score, its terms and indicators with trend lines (cached)."""
        session = self.session
        viewer = self.viewer
        colours = self.colours
        rect = self.left_rect
        inner = pygame.Rect(0, 0, rect.width, rect.height)
        draw.card(surface, inner, colours.panel, colours.border, self.px(8))
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
        draw.text(surface, rank_text, (x, y), small, colours.muted, max_width=width)
        y += small.get_linesize() + self.px(4)
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
                label_w = min(small.size(label)[0], text_w // 2)
                value_w = text_w - label_w - self.px(8)
                draw.text(surface, label, (x, y), small, colours.muted, max_width=label_w)
                draw.text(surface, value_text, (x + text_w, y), small, colours.text, "topright",
                          max_width=value_w)
                spark = pygame.Rect(x + width - spark_w, y + self.px(2), spark_w,
                                    max(row - self.px(6), self.px(6)))
            else:
                draw.text(surface, ui(f"indicator.{key}"), (x, y), small, colours.muted,
                          max_width=text_w)
                draw.text(surface, value_text, (x, y + small.get_linesize() - self.px(2)), normal,
                          colours.text, max_width=text_w)
                spark = pygame.Rect(x + width - spark_w, y + self.px(6), spark_w, row - self.px(14))
            draw.sparkline(surface, spark, series, colours.good if good or abs(change) < 1e-9
                           else colours.bad, max(1, round(self.s * 1.5)), colours.border)
            y += row

    def indicator_text(self, key: str, value: float, now: dict, short: bool = False) -> str:
        game = self.session.game
        if key == "welfare_index":
            return percent(value, 1) + ("" if short else "  " + ui("indicator.of_start"))
        if key == "gdp":
            return money(value, currency(game))
        if key == "dependency":
            if short:  # the trend line's colour tells whether it is rising
                return number(value, 2)
            verdict = ui("indicator.high") if value > 0.25 else ui("indicator.moderate")
            return f"{number(value, 2)} ({verdict})"
        return percent(value, 0)

    # --- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.dropdown:
            self.group = self.group_keys.get(event.text)
            if self.map is not None:
                self.map.set_group(self.group)
            return
        if event.type == pygame.KEYDOWN:
            self.key(event)
            return
        if self.map is None:
            return
        if self.dropdown is not None and event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) \
                and self.dropdown.rect.collidepoint(event.pos):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and self._over_widget(event.pos):
            return
        if self.map.handle(event) == "select" and self.selected != self.map.selected:
            self.selected = self.map.selected
            self.app.defer(self._refresh)

    def _over_widget(self, position) -> bool:
        hovered = self.app.manager.get_hovering_any_element()
        return (bool(hovered) and not self.map_rect.collidepoint(position)) or any(
            b.rect.collidepoint(position) for b in self.buttons.values() if b.alive())

    def _refresh(self) -> None:
        self.view = self.map.view if self.map is not None else self.view
        self.app.rebuild()

    def key(self, event: pygame.event.Event) -> None:
        if self.app.manager.get_focus_set():
            focused = self.app.manager.get_focus_set()
            if any(isinstance(w, pygame_gui.elements.UITextEntryLine) for w in focused):
                return
        key = event.key
        if self.map is not None and self.map.key(key):
            return
        actions = {
            pygame.K_n: self.on_negotiate, pygame.K_i: self.on_inbox, pygame.K_r: self.on_report,
            pygame.K_c: self.on_charts, pygame.K_F1: self.on_help, pygame.K_F7: self.on_moderator,
            pygame.K_RETURN: self.on_next, pygame.K_KP_ENTER: self.on_next,
        }
        if key == pygame.K_s and event.mod & pygame.KMOD_CTRL:
            self.app.defer(self.on_save)
        elif key in (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4):
            self.app.defer(lambda: self.on_lens(LENSES[key - pygame.K_1]))
        elif key in actions:
            self.app.defer(actions[key])

    def on_next(self) -> None:
        button = self.buttons.get("next")
        if button is not None and button.is_enabled:
            {Phase.NEWS: self.on_begin_diplomacy, Phase.DIPLOMACY: self.on_end_diplomacy,
             Phase.COMPLIANCE: self.on_compliance}.get(self.session.stage, self.app.show_game)()

    def on_lens(self, lens: str) -> None:
        self.lens = lens
        if self.map is not None:
            self.map.set_lens(lens)
            self.view = self.map.view
        self.app.rebuild()

    def _zoom(self, factor: float) -> None:
        self._ensure_map()
        self.map.zoom(factor)

    def _world(self) -> None:
        self._ensure_map()
        self.map.show_world()

    def _region(self) -> None:
        self._ensure_map()
        self.map.show_region()

    def on_begin_diplomacy(self) -> None:
        viewer = self.viewer
        self.app.busy(ui("busy.computers_propose"), lambda: self.session.begin_diplomacy(viewer))
        self.invalidate()
        self.app.after_move(keep=self)

    def on_end_diplomacy(self) -> None:
        viewer = self.viewer
        self.app.busy(ui("busy.computers_answer"), lambda: self.session.end_diplomacy(viewer))
        self.invalidate()
        self.app.after_move(keep=self)

    def on_compliance(self) -> None:
        self.app.push("compliance")

    def on_negotiate(self) -> None:
        if self.session.stage is not Phase.DIPLOMACY:
            self.app.toast(ui("game.not_diplomacy"))
            return
        partners = [self.selected] if self.selected and self.selected != self.viewer else []
        self.app.push("negotiation", partners=partners)

    def on_propose_selected(self) -> None:
        self.on_negotiate()

    def on_inbox(self) -> None:
        self.app.push("inbox")

    def on_report(self) -> None:
        if not self.session.game.reports:
            self.app.toast(ui("report.none_yet"))
            return
        self.app.push("report")

    def on_charts(self) -> None:
        self.app.push("report", tab="charts")

    def on_moderator(self) -> None:
        self.app.push("moderator")

    def on_help(self) -> None:
        self.app.push("help")

    def on_menu(self) -> None:
        self.app.session.autosave()
        self.app.to_menu()
        self.app.toast(ui("game.autosaved"))

    def back(self) -> None:
        self.on_menu()

    def on_save(self) -> None:
        game = self.session.game
        stamp = datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
        path = saves_dir() / f"{game.scenario.scenario.id}_{stamp}.json"
        try:
            self.session.save(path)
        except (OSError, StorageError) as error:
            self.app.toast(ui("save.failed", error=str(error)), "bad")
            return
        self.app.toast(ui("save.saved", path=str(path)), "good")
