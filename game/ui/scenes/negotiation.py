"""Negotiation: choose partners (the agreement type shows as you pick), add clauses with sliders
and toggles, see the projected effect on you, ask "What would it take?", and send.

The same screen makes a counter-offer to an offer on the table (the parties are then fixed).
The sliders move on the game's grid (``game.rules.terms.RulesOfPlay``): what a person picks is
the grid's value, within the rules' limits; an offer taken over (a counter-offer, a "What would
it take?" version) keeps its exact values until the person moves a slider.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList

from game.model.state import SCORE_TERMS
from game.rules.agreements import Clause
from game.rules.terms import (
    AMOUNT_CLAUSES,
    DEFAULT_AMOUNT_STEPS,
    DEFAULT_DURATION,
    DIRECTED_CLAUSES,
    AidForm,
    ClauseKind,
)
from game.session.session import clause_difference
from game.ui import draw
from game.ui.scene import Scene, escape
from game.ui.text import (
    agreement_type_name,
    cap,
    change_text,
    clause_name,
    country_name,
    currency,
    money,
    percent,
    refusal_text,
    signed,
    term_name,
    ui,
)
from game.ui.tutorial import tutorial_hint

KINDS = list(ClauseKind)
PROJECTION_DELAY = 0.15


@dataclass
class DraftClause:
    """One clause being written. A level is kept as it is; an amount is a position on the
    grid (``amount_steps``) unless ``amount`` holds an exact amount taken from an offer."""

    level: float = 0.5
    amount_steps: int = DEFAULT_AMOUNT_STEPS
    amount: float | None = None
    giver: str | None = None
    receiver: str | None = None
    training: bool = True
    form: AidForm = AidForm.GRANT


@dataclass
class Draft:
    """The agreement being written: parties (yours first), clauses by kind, duration."""

    me: str
    parties: list[str]
    clauses: dict[ClauseKind, DraftClause] = field(default_factory=dict)
    duration: int = DEFAULT_DURATION

    def partners(self) -> list[str]:
        return [p for p in self.parties if p != self.me]

    def default_direction(self) -> tuple[str | None, str | None]:
        partners = self.partners()
        return (partners[0], self.me) if partners else (None, None)

    def set(self, kind: ClauseKind, level: float | None = None, amount_steps: int | None = None,
            giver: str | None = None, receiver: str | None = None) -> DraftClause:
        """Include a clause (or change it)."""
        clause = self.clauses.get(kind)
        if clause is None:
            clause = DraftClause()
            clause.giver, clause.receiver = self.default_direction()
            self.clauses[kind] = clause
        if level is not None:
            clause.level = level
        if amount_steps is not None:
            clause.amount_steps, clause.amount = amount_steps, None
        if giver is not None:
            clause.giver = giver
        if receiver is not None:
            clause.receiver = receiver
        return clause

    def fix_directions(self) -> None:
        """After a change of partners: directions only between parties."""
        for clause in self.clauses.values():
            if clause.giver not in self.parties or clause.receiver not in self.parties \
                    or clause.giver == clause.receiver:
                clause.giver, clause.receiver = self.default_direction()
                clause.amount = None  # an exact amount was for the old giver and receiver

    def amount(self, game, kind: ClauseKind) -> float:
        """The amount a year of a directed money clause of the draft: its exact amount, or its
        grid position's for its giver, within the rules' limit for its giver and receiver."""
        draft = self.clauses[kind]
        if draft.amount is not None:
            return draft.amount
        gdp = float(game.state.gdp[0, game.index[draft.giver]])
        return game.rules_of_play.amount_at(draft.amount_steps, gdp,
                                            game.amount_limit(draft.giver, draft.receiver))

    def build(self, game) -> tuple[Clause, ...]:
        result = []
        for kind in KINDS:
            draft = self.clauses.get(kind)
            if draft is None:
                continue
            if kind in DIRECTED_CLAUSES:
                if draft.giver is None or draft.receiver is None:
                    continue
                if kind in AMOUNT_CLAUSES:
                    result.append(Clause(kind, amount=self.amount(game, kind), giver=draft.giver,
                                         receiver=draft.receiver,
                                         form=draft.form if kind is ClauseKind.DEVELOPMENT_AID
                                         else AidForm.GRANT))
                else:
                    result.append(Clause(kind, level=draft.level, giver=draft.giver,
                                         receiver=draft.receiver,
                                         training=draft.training and kind is ClauseKind.TECHNOLOGY_TRANSFER))
            else:
                result.append(Clause(kind, level=draft.level))
        return tuple(result)

    def load(self, game, clauses: tuple[Clause, ...], duration: int) -> None:
        """Take over an offer's clauses (a counter-offer, or "what would it take"), exactly as
        they are: sliders show the nearest point of the grid until they are moved."""
        rules = game.rules_of_play
        self.clauses = {}
        self.duration = max(1, min(rules.maximum_duration, duration))
        for clause in clauses:
            draft = DraftClause(level=clause.level, giver=clause.giver, receiver=clause.receiver,
                                training=clause.training, form=clause.form)
            if clause.kind in AMOUNT_CLAUSES and clause.giver in game.index:
                gdp = float(game.state.gdp[0, game.index[clause.giver]])
                draft.amount_steps = rules.amount_position(clause.amount, gdp)
                draft.amount = clause.amount
            self.clauses[clause.kind] = draft


class NegotiationScene(Scene):
    name = "negotiation"

    def __init__(self, app, partners: list[str] | None = None, negotiation: int | None = None):
        super().__init__(app)
        session = app.session
        self.me = app.viewer or session.current
        self.negotiation = negotiation
        game = session.game
        if negotiation is not None:
            found = game.negotiation(negotiation)
            self.draft = Draft(self.me, list(found.parties))
            self.draft.load(game, found.current.clauses, found.current.duration)
        else:
            self.draft = Draft(self.me, [self.me] + [p for p in (partners or []) if p != self.me])
            self.draft.set(ClauseKind.TRADE_LIBERALISATION, level=0.5)
        self.filter = ""
        self.projection: dict[str, float] | None = None
        self.since_change = PROJECTION_DELAY
        self.dirty = True
        self.suggestions: list[tuple[str, object]] = []
        self.scroll = 0.0
        self.panel: pygame.Surface | None = None

    @property
    def session(self):
        return self.app.session

    def invalidate(self) -> None:
        self.panel = None

    # --- layout ------------------------------------------------------------------------------
    def build(self) -> None:
        game = self.session.game
        if self.negotiation is None:
            title = ui("negotiation.title_new")
        else:
            title = ui("negotiation.title_counter", parties=", ".join(
                country_name(game, p) for p in self.draft.partners()))
        top = self.top_bar(title)
        margin = self.px(14)
        gap = self.px(12)
        usable = self.width - 2 * margin - 2 * gap
        left_w = round(usable * 0.24)
        right_w = round(usable * 0.31)
        mid_w = usable - left_w - right_w
        bottom = self.height - self.px(14)
        self.left = pygame.Rect(margin, top, left_w, bottom - top)
        self.middle = pygame.Rect(self.left.right + gap, top, mid_w, bottom - top)
        self.right = pygame.Rect(self.middle.right + gap, top, right_w, bottom - top)
        self._build_partners()
        self._build_clauses()
        self._build_actions()
        self.panel = None
        self.dirty = True

    def _build_partners(self) -> None:
        rect = self.left
        game = self.session.game
        self.label(pygame.Rect(rect.left, rect.top, rect.width, self.px(28)),
                   ui("negotiation.partners"), "#subheading")
        self.type_card = pygame.Rect(rect.left, rect.bottom - self.px(150), rect.width, self.px(150))
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

    def _build_clauses(self) -> None:
        rect = self.middle
        rules = self.session.game.rules_of_play
        self.label(pygame.Rect(rect.left, rect.top, rect.width, self.px(28)),
                   ui("negotiation.clauses"), "#subheading")
        duration_h = self.px(44)
        box_rect = pygame.Rect(rect.left, rect.top + self.px(32), rect.width,
                               rect.height - self.px(32) - duration_h - self.px(8))
        row = self.px(76)
        # narrow columns (a large interface size) give directions a line of their own
        narrow = box_rect.width / self.s < 500
        extra_line = self.px(36)
        heights = [row + (extra_line if narrow and kind in DIRECTED_CLAUSES and kind in self.draft.clauses
                          else 0) for kind in KINDS]
        inner = sum(heights)
        self.clause_box = self.scrolling(box_rect, inner)
        width = box_rect.width - (self.px(22) if inner > box_rect.height else 0)
        self.rows: dict[ClauseKind, dict] = {}
        toggle_w = self.px(104)
        y = -heights[0]
        for k, kind in enumerate(KINDS):
            y += heights[k - 1] if k else heights[0]
            draft = self.draft.clauses.get(kind)
            widgets: dict = {}
            included = draft is not None
            widgets["toggle"] = self.button(
                pygame.Rect(0, y + self.px(6), toggle_w, self.px(30)),
                ui("negotiation.included") if included else ui("negotiation.add"),
                (lambda kd=kind: self.on_toggle(kd)), "#on" if included else "#small_button",
                container=self.clause_box, key=f"toggle:{kind.value}",
                tooltip=ui("negotiation.toggle_tip"))
            directed = included and kind in DIRECTED_CLAUSES
            direction_w = round(width * 0.46) if directed and not narrow else 0
            name_w = width - toggle_w - self.px(10) - direction_w - (self.px(6) if direction_w else 0)
            name = cap(clause_name(kind))
            self.label(pygame.Rect(toggle_w + self.px(10), y + self.px(6), name_w, self.px(30)),
                       draw.fit(name, self.font("heading", True), name_w - self.px(4)), "#subheading",
                       container=self.clause_box)
            if directed:
                direction_rect = (pygame.Rect(width - direction_w, y + self.px(6), direction_w, self.px(30))
                                  if not narrow else pygame.Rect(0, y + row - self.px(2), width, self.px(30)))
                widgets["direction"] = self.button(
                    direction_rect,
                    self.direction_text(kind), (lambda kd=kind: self.on_direction(kd)), "#small_button",
                    container=self.clause_box, key=f"direction:{kind.value}", fit=True,
                    tooltip=ui("negotiation.direction_tip"))
            if included:
                slider_w = round(width * 0.42)
                value_w = round(width * 0.30) if not narrow else width - slider_w - self.px(12)
                if kind in AMOUNT_CLAUSES:
                    widgets["slider"] = self.slider(pygame.Rect(0, y + self.px(42), slider_w, self.px(26)),
                                                    draft.amount_steps, 1, rules.amount_steps, 1,
                                                    container=self.clause_box)
                else:
                    widgets["slider"] = self.slider(pygame.Rect(0, y + self.px(42), slider_w, self.px(26)),
                                                    rules.level_position(draft.level), 1,
                                                    len(rules.levels), 1, container=self.clause_box)
                value_rect = pygame.Rect(slider_w + self.px(8), y + self.px(40), value_w, self.px(30))
                widgets["value"] = self.label(value_rect, self.size_text(kind),
                                              self.value_style(kind, value_rect), container=self.clause_box)
                extra_x = slider_w + self.px(12) + value_w
                extra_w = width - extra_x
                extra = None
                if kind is ClauseKind.TECHNOLOGY_TRANSFER:
                    extra = ("training", ui("negotiation.training_on") if draft.training
                             else ui("negotiation.training_off"), self.on_training)
                elif kind is ClauseKind.DEVELOPMENT_AID:
                    extra = ("form", ui(f"aid.{draft.form.value}"), self.on_form)
                if extra is not None:
                    name_, text, action = extra
                    extra_rect = pygame.Rect(extra_x, y + self.px(40), extra_w, self.px(30))
                    if narrow:  # beside the direction, on the row's third line
                        direction = widgets["direction"]
                        share = round(width * 0.58)
                        direction.set_dimensions((share, direction.relative_rect.height))
                        direction.set_text(draw.fit(self.direction_text(kind), self.font("small"),
                                                    share - self.px(22)))
                        extra_rect = pygame.Rect(share + self.px(6), direction.relative_rect.top,
                                                 width - share - self.px(6), self.px(30))
                    widgets[name_] = self.button(
                        extra_rect, text,
                        (lambda kd=kind, a=action: a(kd)), "#small_button", container=self.clause_box,
                        key=f"{name_}:{kind.value}", fit=True, tooltip=ui(f"negotiation.{name_}_tip"))
            self.rows[kind] = widgets
        if inner > box_rect.height and self.clause_box.vert_scroll_bar is not None:
            self.clause_box.vert_scroll_bar.set_scroll_from_start_percentage(self.scroll)
        y = rect.bottom - duration_h
        split = round(rect.width * 0.45)
        self.duration_label = self.label(pygame.Rect(rect.left, y, split, duration_h),
                                         ui("negotiation.duration", years=self.draft.duration))
        self.duration_slider = self.slider(pygame.Rect(rect.left + split, y + self.px(8),
                                                       rect.width - split, self.px(28)),
                                           self.draft.duration, 1, rules.maximum_duration, 1)

    def _build_actions(self) -> None:
        rect = self.right
        self.label(pygame.Rect(rect.left, rect.top, rect.width, self.px(28)),
                   ui("negotiation.projection"), "#subheading")
        self.projection_card = pygame.Rect(rect.left, rect.top + self.px(32), rect.width, self.px(232))
        y = self.projection_card.bottom + self.px(10)
        self.button(pygame.Rect(rect.left, y, rect.width, self.px(38)), ui("negotiation.what_would_it_take"),
                    self.on_what_would_it_take, key="what_would_it_take",
                    tooltip=ui("negotiation.what_would_it_take_tip"), fit=True)
        y += self.px(44)
        send_h = self.px(50)
        refusal_h = self.px(44)
        area = pygame.Rect(rect.left, y, rect.width, rect.bottom - y - send_h - refusal_h - self.px(10))
        self.suggestion_buttons = []
        if self.suggestions:
            self._build_suggestions(area)
        elif area.height >= 4 * self.font().get_linesize():
            hint = ui("negotiation.wwit_explain")
            self.textbox(area, f"<i>{escape(hint)}</i>")
        self.refusal_label_rect = pygame.Rect(rect.left, rect.bottom - send_h - refusal_h - self.px(4),
                                              rect.width, refusal_h)
        text = ui("negotiation.send") if self.negotiation is None else ui("negotiation.send_counter")
        self.button(pygame.Rect(rect.left, rect.bottom - send_h, rect.width, send_h), text, self.on_send,
                    "#primary", key="send")

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

    # --- texts -------------------------------------------------------------------------------
    def size_text(self, kind: ClauseKind) -> str:
        draft = self.draft.clauses[kind]
        if kind in AMOUNT_CLAUSES:
            game = self.session.game
            if draft.giver is None:
                return percent(game.rules_of_play.amount_step * draft.amount_steps, 2)
            return money(self.draft.amount(game, kind), currency(game))
        return percent(draft.level)

    def value_style(self, kind: ClauseKind, rect: pygame.Rect) -> str | None:
        """The value's label in the normal font, or the small one if it would not fit."""
        return None if self.font().size(self.size_text(kind))[0] <= rect.width - self.px(4) else "#muted"

    def direction_text(self, kind: ClauseKind) -> str:
        draft = self.draft.clauses[kind]
        if draft.giver is None:
            return ui("negotiation.pick_partner")
        game = self.session.game
        return ui("negotiation.direction", giver=country_name(game, draft.giver),
                  receiver=country_name(game, draft.receiver))

    def texts(self) -> list[str]:
        return []

    # --- drawing -----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        self.since_change += dt
        if self.dirty and self.since_change >= PROJECTION_DELAY:
            self.dirty = False
            self.refresh_projection()

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
        send = self.buttons.get("send")
        if send is not None:
            send.enable() if self.refusal is None else send.disable()
        self.panel = None

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        colours = self.colours
        self._draw_type_card(surface)
        if self.panel is None:
            self.panel = self._render_projection()
        surface.blit(self.panel, self.projection_card)
        refusal = getattr(self, "refusal", None)
        if refusal is not None:
            draw.paragraph(surface, refusal_text(refusal), self.refusal_label_rect, self.font("small"),
                           colours.bad)
        hint = None
        hint = tutorial_hint(self.session, "negotiation")
        if hint:
            fnt = self.font("small", True)
            rect = pygame.Rect(self.px(300), self.px(44), self.width - self.px(316), self.px(18))
            draw.text(surface, hint, rect.topleft, fnt, colours.accent, max_width=rect.width)

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
        if self.projection is None:
            draw.paragraph(surface, ui("negotiation.projection_none"),
                           pygame.Rect(pad, y, width, rect.height - 2 * y), normal, colours.muted)
            return surface
        y += draw.paragraph(surface, ui("negotiation.projection_years"),
                            pygame.Rect(pad, y, width, 3 * small.get_linesize()), small,
                            colours.muted) + self.px(4)
        limit = max([abs(self.projection[t]) for t in SCORE_TERMS] + [0.5])
        row = max(normal.get_linesize(), self.px(24))
        labels = {t: term_name(t) if t != "independence" else ui("negotiation.independence")
                  for t in SCORE_TERMS}
        value_w = round(width * 0.2)
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
            y += row
        pygame.draw.line(surface, colours.border, (pad, y + self.px(2)), (pad + width, y + self.px(2)))
        y += self.px(6)
        total = self.projection["total"]
        bold = self.font("heading", True)
        draw.text(surface, ui("negotiation.projection_total"), (pad, y), bold, colours.text,
                  max_width=width - value_w)
        draw.text(surface, signed(total, 1), (pad + width, y), bold,
                  draw.sign_colour(total, colours), "topright")
        return surface

    # --- events ------------------------------------------------------------------------------
    def changed(self) -> None:
        self.dirty = True
        self.since_change = 0.0

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            if event.ui_element is self.duration_slider:
                self.draft.duration = int(self.duration_slider.get_current_value())
                self.duration_label.set_text(ui("negotiation.duration", years=self.draft.duration))
                self.changed()
                return
            for kind, widgets in self.rows.items():
                if widgets.get("slider") is event.ui_element:
                    value = int(event.ui_element.get_current_value())
                    if kind in AMOUNT_CLAUSES:
                        self.draft.set(kind, amount_steps=value)
                    else:
                        self.draft.set(kind, level=self.session.game.rules_of_play.level_at(value))
                    widgets["value"].set_text(self.size_text(kind))
                    self.changed()
                    return
        elif self.partner_list is not None and event.type in (
                pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
                pygame_gui.UI_SELECTION_LIST_DROPPED_SELECTION) and event.ui_element is self.partner_list:
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
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.search:
            self.filter = self.search.get_text()
            self._make_partner_list()

    def _keep_scroll(self) -> None:
        bar = getattr(self.clause_box, "vert_scroll_bar", None)
        self.scroll = bar.start_percentage if bar is not None else 0.0

    def on_toggle(self, kind: ClauseKind) -> None:
        self._keep_scroll()
        if kind in self.draft.clauses:
            del self.draft.clauses[kind]
        else:
            self.draft.set(kind)
        self.app.rebuild()
        self.changed()

    def on_direction(self, kind: ClauseKind) -> None:
        parties = self.draft.parties
        pairs = [(a, b) for a in parties for b in parties if a != b]
        if not pairs:
            return
        draft = self.draft.clauses[kind]
        current = (draft.giver, draft.receiver)
        following = pairs[(pairs.index(current) + 1) % len(pairs)] if current in pairs else pairs[0]
        draft.giver, draft.receiver = following
        draft.amount = None  # an exact amount was for the old giver and receiver
        self.rows[kind]["direction"].set_text(draw.fit(self.direction_text(kind), self.font("small"),
                                                       self.rows[kind]["direction"].rect.width - self.px(22)))
        if "value" in self.rows[kind]:
            self.rows[kind]["value"].set_text(self.size_text(kind))
        self.changed()

    def on_training(self, kind: ClauseKind) -> None:
        self._keep_scroll()
        self.draft.clauses[kind].training = not self.draft.clauses[kind].training
        self.app.rebuild()
        self.changed()

    def on_form(self, kind: ClauseKind) -> None:
        self._keep_scroll()
        draft = self.draft.clauses[kind]
        draft.form = AidForm.LOAN if draft.form is AidForm.GRANT else AidForm.GRANT
        self.app.rebuild()
        self.changed()

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

    def on_send(self) -> None:
        game = self.session.game
        clauses = self.draft.build(game)
        parties = tuple(self.draft.parties)
        if self.negotiation is None:
            result = self.app.busy(ui("busy.computers_answer"), lambda: self.session.propose(
                self.me, parties, clauses, self.draft.duration))
            identifier, refusal = result
        else:
            identifier = self.negotiation
            refusal = self.app.busy(ui("busy.computers_answer"), lambda: self.session.counter(
                self.me, identifier, clauses, self.draft.duration))
        if refusal is not None:
            self.app.toast(refusal_text(refusal), "bad")
            return
        if self.app.session.current != self.app.viewer:
            self.app.show_game()
            return
        below = self.app.stack[-2] if len(self.app.stack) > 1 else None
        if below is not None and below.name == "inbox":  # a counter-offer written from the inbox: back to it
            below.focus = identifier
            self.app.pop()
        else:
            self.app.replace("inbox", focus=identifier)
