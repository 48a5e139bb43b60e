"""The negotiation screen's clause grid: a row per clause kind (included or not, its direction,
its slider on the game's grid and value, training or the form of aid) and the duration slider."""

from __future__ import annotations

import pygame

from game.rules.terms import AMOUNT_CLAUSES, DIRECTED_CLAUSES, AidForm, ClauseKind
from game.ui import draw
from game.ui.icons import clause_icon
from game.ui.scene import LABEL_FONTS
from game.ui.scenes.negotiation.draft import KINDS
from game.ui.text import cap, clause_name, country_name, currency, money, percent, ui


class ClauseGrid:
    """Part of ``NegotiationScene``: the clauses' rows, their texts and their events."""

    def _build_clauses(self) -> None:
        rect = self.middle
        rules = self.session.game.rules_of_play
        self.label(pygame.Rect(rect.left, rect.top, rect.width, self.px(28)),
                   ui("negotiation.clauses"), "#subheading")
        duration_h = self.px(44)
        box_rect = pygame.Rect(rect.left, rect.top + self.px(32), rect.width,
                               rect.height - self.px(32) - duration_h - self.px(8))
        row = self.px(76)
        toggle_w = self.px(104)
        icon = self.px(22)
        # narrow columns (a large interface size) give directions a line of their own, and so
        # does a clause whose name would be shortened beside its direction ("Technology tr…")
        narrow_box = box_rect.width / self.s < 500
        scrolled_w = box_rect.width - self.px(22)
        heading = self.font(*LABEL_FONTS["#subheading"])

        def own_line(kind: ClauseKind) -> bool:
            beside = (scrolled_w - toggle_w - self.px(16) - round(scrolled_w * 0.46) - icon
                      - self.px(2))
            return narrow_box or heading.size(cap(clause_name(kind)))[0] > beside

        extra_line = self.px(36)
        lines = {kind: kind in DIRECTED_CLAUSES and kind in self.draft.clauses and own_line(kind)
                 for kind in KINDS}
        heights = [row + (extra_line if lines[kind] else 0) for kind in KINDS]
        inner = sum(heights)
        self.clause_box = self.scrolling(box_rect, inner)
        width = box_rect.width - (self.px(22) if inner > box_rect.height else 0)
        self.rows: dict[ClauseKind, dict] = {}
        y = -heights[0]
        for k, kind in enumerate(KINDS):
            y += heights[k - 1] if k else heights[0]
            draft = self.draft.clauses.get(kind)
            widgets: dict = {}
            included = draft is not None
            narrow = narrow_box or lines[kind]
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
            self.picture(pygame.Rect(toggle_w + self.px(8), y + self.px(10), icon, icon),
                         clause_icon(kind.value, icon, self.colours.accent if included
                                     else self.colours.muted), container=self.clause_box)
            self.label(pygame.Rect(toggle_w + self.px(12) + icon, y + self.px(6),
                                   name_w - icon - self.px(2), self.px(30)),
                       name, "#subheading", container=self.clause_box)
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
                                         ui("negotiation.duration", count=self.draft.duration))
        self.duration_slider = self.slider(pygame.Rect(rect.left + split, y + self.px(8),
                                                       rect.width - split, self.px(28)),
                                           self.draft.duration, 1, rules.maximum_duration, 1)

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

    def on_slider_moved(self, event: pygame.event.Event) -> None:
        """The duration's slider or a clause's moved."""
        if event.ui_element is self.duration_slider:
            self.draft.duration = int(self.duration_slider.get_current_value())
            self.duration_label.set_text(ui("negotiation.duration", count=self.draft.duration))
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
