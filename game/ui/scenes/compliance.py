"""Compliance: for each clause you are bound by, keep it or break it, seeing what breaking gains
now and what it costs in trust, with whom."""

from __future__ import annotations

import pygame

from game.rules.game import Phase
from game.ui import draw
from game.ui.icons import draw_icon
from game.ui.questions import ask
from game.ui.scene import Scene
from game.ui.text import (
    agreement_name,
    agreement_type_name,
    cap,
    clause_text,
    country_name,
    names,
    refusal_text,
    signed,
    ui,
)
from game.ui.tutorial import tutorial_hint
from game.ui.widgets import segmented


class ComplianceScene(Scene):
    name = "compliance"

    def __init__(self, app):
        super().__init__(app)
        self.me = app.viewer or app.session.current
        self.keep: dict[tuple[str, int], bool] = {}
        self.values: dict | None = None
        self.scroll = 0.0

    @property
    def session(self):
        return self.app.session

    def build(self) -> None:
        session = self.session
        game = session.game
        top = self.top_bar(ui("compliance.title"), ui("compliance.subtitle"))
        if self.values is None:
            self.values = session.compliance_values(self.me)
        obligations = game.obligations(self.me)
        margin = self.px(16)
        side_w = max(self.px(260), round(self.width * 0.27))
        bottom = self.height - self.px(16)
        list_rect = pygame.Rect(margin, top + self.px(4), self.width - 3 * margin - side_w,
                                bottom - top - self.px(4))
        self.side = pygame.Rect(list_rect.right + margin, top + self.px(4), side_w, list_rect.height)
        row = self.px(128)
        self.rows = []
        if obligations:
            # a long agreement name takes two lines (its row a line higher) rather than "…"
            bold = self.font("normal", True)
            name_w = self._name_width(list_rect.width - self.px(22))
            heights = [row + (bold.get_linesize() if bold.size(agreement_name(game, agreement))[0]
                              > name_w else 0) for agreement, _ in obligations]
            total = sum(heights)
            box = self.scrolling(list_rect, total)
            self.box = box
            inner_w = list_rect.width - (self.px(22) if total > list_rect.height else 0)
            y = 0
            for (agreement, clause_index), height in zip(obligations, heights, strict=True):
                key = (agreement.id, clause_index)
                keep = self.keep.get(key, True)
                self.rows.append((key, agreement, clause_index, y, height))
                choice_w = max(self.px(200), round(inner_w * 0.32))
                segmented(self, pygame.Rect(inner_w - choice_w - self.px(10), y + self.px(12), choice_w,
                                            self.px(38)),
                          [(True, ui("compliance.keep")), (False, ui("compliance.break"))], keep,
                          (lambda value, kk=key: self.on_choice(kk, value)), container=box,
                          key=f"choice:{agreement.id}:{clause_index}")
                y += height
            if total > list_rect.height and box.vert_scroll_bar is not None:
                box.vert_scroll_bar.set_scroll_from_start_percentage(self.scroll)
            self.list_rect = list_rect
            self.inner_w = inner_w
            self.row_h = row
        else:
            self.box = None
            self.list_rect = list_rect
        hot_seat = len(session.humans) > 1
        text = ui("compliance.end_turn_hot_seat") if hot_seat and self._others_left() else ui(
            "compliance.end_turn")
        self.button(pygame.Rect(self.side.left, self.side.bottom - self.px(54), self.side.width,
                                self.px(54)), text, self.on_end_turn, "#primary", key="end_turn",
                    enabled=session.stage is Phase.COMPLIANCE and session.current == self.me)

    def _name_width(self, inner_w: int) -> int:
        """The width an agreement's name has beside the keep/break choice."""
        return inner_w - max(self.px(200), round(inner_w * 0.32)) - self.px(36)

    def _others_left(self) -> bool:
        return any(h not in self.session.done and h != self.me for h in self.session.humans)

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        colours = self.colours
        game = self.session.game
        small, normal = self.font("small"), self.font("normal")
        bold = self.font("normal", True)
        if not self.rows:
            draw.paragraph(surface, ui("compliance.nothing"), self.list_rect.inflate(-self.px(8), 0),
                           self.font("heading"), colours.muted)
        else:
            offset = self.box.get_container().get_rect().top if self.box is not None else 0
            clip = surface.get_clip()
            surface.set_clip(self.list_rect)
            for key, agreement, clause_index, y, height in self.rows:
                top = offset + y
                rect = pygame.Rect(self.list_rect.left, top, self.inner_w, height - self.px(8))
                if rect.bottom < self.list_rect.top or rect.top > self.list_rect.bottom:
                    continue
                keep = self.keep.get(key, True)
                draw.card(surface, rect, colours.panel, colours.border if keep else colours.bad, self.px(8))
                x = rect.left + self.px(12)
                width = self._name_width(self.inner_w)
                line = rect.top + self.px(8)
                name = agreement_name(game, agreement)
                lines = draw.wrap(name, bold, width) if bold.size(name)[0] > width else [name]
                if len(lines) > 2:  # the rest shortened, the whole name one hover away
                    lines = [lines[0], " ".join(lines[1:])]
                for k, text in enumerate(lines):
                    drawn = draw.text(surface, text, (x, line), bold, colours.text, max_width=width)
                    if k == len(lines) - 1 and len(lines) > 1 and draw.shortened \
                            and draw.shortened[-1][0] == drawn:
                        draw.shortened[-1] = (drawn, name)
                    line += bold.get_linesize()
                others = [p for p in agreement.parties if p != self.me]
                kind = cap(agreement_type_name(game, agreement.parties))
                draw.text(surface, ui("compliance.with", type=kind, partners=names(game, others)),
                          (x, line), small, colours.muted, max_width=width)
                line += small.get_linesize() + self.px(2)
                clause = agreement.clauses[clause_index]
                icon = normal.get_linesize() - self.px(4)
                icon_w = draw_icon(surface, clause.kind, (x, line + self.px(2)), icon, colours.accent)
                draw.text(surface, cap(clause_text(game, clause)), (x + icon_w + self.px(6), line), normal,
                          colours.accent, max_width=rect.width - self.px(30) - icon_w)
                line += normal.get_linesize() + self.px(2)
                gain, trust = self.cost_text(key)
                draw.text(surface, gain, (x, line), small, colours.text, max_width=rect.width - self.px(24))
                line += small.get_linesize()
                draw.text(surface, trust, (x, line), small, colours.text, max_width=rect.width - self.px(24))
            surface.set_clip(clip)
        self._draw_summary(surface)

    def cost_text(self, key: tuple[str, int]) -> tuple[str, str]:
        """What breaking gains (now and after a year), and the trust it costs, with whom."""
        values = (self.values or {}).get(key)
        game = self.session.game
        if values is None:
            return ui("compliance.values_unavailable"), ""
        costs = sorted(values["trust_cost"].items(), key=lambda item: item[1])
        # trust is a share (0-100 %): its change is in points out of 100, not a percentage of it
        trust = ", ".join(f"{country_name(game, p)} {signed(100 * c, 0)}" for p, c in costs)
        return (ui("compliance.if_broken", gain=signed(values["gain_now"], 2),
                   total=signed(values["score_change"], 1)),
                ui("compliance.trust_cost", trust=trust or "-"))

    def _draw_summary(self, surface: pygame.Surface) -> None:
        colours = self.colours
        rect = pygame.Rect(self.side.left, self.side.top, self.side.width,
                           self.side.height - self.px(66))
        pad = self.px(12)
        x, y = rect.left + pad, rect.top + self.px(10)
        width = rect.width - 2 * pad
        obligations = self.session.game.obligations(self.me)
        broken = sum(1 for a, k in obligations if not self.keep.get((a.id, k), True))
        heading = self.font("heading", True)
        y += heading.get_linesize() + self.px(4)
        normal = self.font("normal")
        lines = [ui("compliance.kept_count", kept=len(obligations) - broken, count=len(obligations))]
        if broken:
            gain = sum((self.values or {}).get((a.id, k), {}).get("gain_now", 0.0)
                       for a, k in obligations if not self.keep.get((a.id, k), True))
            lines.append(ui("compliance.gain_total", gain=signed(gain, 2)))
            lines.append(ui("compliance.warning"))
        else:
            lines.append(ui("compliance.all_kept"))
        hint = tutorial_hint(self.session, "compliance")
        # the card as high as what it says (no large empty panel), at most the column
        small_bold = self.font("small", True)
        needed = (y - rect.top + sum(len(draw.wrap(line, normal, width)) * round(normal.get_linesize() * 1.15)
                                     + self.px(8) for line in lines)
                  + (len(draw.wrap(hint, small_bold, width)) * round(small_bold.get_linesize() * 1.15)
                     if hint else 0) + self.px(8))
        rect.height = min(rect.height, needed)
        draw.card(surface, rect, colours.panel, colours.border, self.px(8))
        draw.text(surface, ui("compliance.summary"), (x, rect.top + self.px(10)), heading, colours.text,
                  max_width=width)
        for line in lines:
            y += draw.paragraph(surface, line, pygame.Rect(x, y, width, rect.bottom - y), normal,
                                colours.text) + self.px(8)
        if hint:
            draw.paragraph(surface, hint, pygame.Rect(x, y, width, rect.bottom - y), small_bold,
                           colours.accent)

    # --- actions -----------------------------------------------------------------------------
    def on_choice(self, key: tuple[str, int], keep: bool) -> None:
        bar = getattr(self.box, "vert_scroll_bar", None) if self.box is not None else None
        self.scroll = bar.start_percentage if bar is not None else 0.0
        self.keep[key] = keep
        self.app.rebuild()

    def back(self) -> None:
        """Esc and Back: leave at once, or ask first when choices were made (they are kept
        only by ending the turn)."""
        if not self.keep:
            self.app.pop()
            return
        ask(self.app, ui("guard.compliance.title"), ui("guard.compliance.text"),
            [("confirm", ui("guard.compliance.confirm"), self.app.pop, "#primary")],
            cancel=ui("guard.compliance.cancel"))

    def on_end_turn(self) -> None:
        session = self.session
        turn = session.game.turn
        refusal = self.app.busy(ui("busy.resolving"), lambda: session.end_compliance(self.me, self.keep))
        if refusal is not None:
            self.app.toast(refusal_text(refusal), "bad")
            return
        if session.game.turn != turn or session.game.finished:
            self.app.pending_report = not session.game.finished
        self.app.show_game()
