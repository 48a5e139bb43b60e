"""Part of the team's screen in a class game (``RemoteScene``): a proposal built on the device, its projected
effect asked of the host, and its sending."""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.netview import team_label
from game.ui.scene import escape
from game.ui.scenes.remote.choices import CLAUSES, DURATIONS, LEVELS
from game.ui.text import cap, country_name, percent, signed, term_name, tr, ui
from game.ui.widgets import segmented


class RemoteProposal:
    """Part of ``RemoteScene``: a proposal built on the device, its projected effect asked of the host, and
    its sending."""

    def _build_propose(self, area: pygame.Rect) -> None:
        game_names = self.names
        me = self.me
        observation = self.view.get("observation") or {}
        ids = [c for c in observation.get("country_ids", []) if c != me]
        x, y, width = area.x, area.y, area.width
        label_h, row_h, gap = self.px(24), self.px(36), self.px(6)
        left = observation.get("me", {}).get("delegations_left", 0)
        note = ui("negotiation.delegations", count=left)
        if self.view.get("answers_only"):
            note = ui("remote.answers_only")
        self.label(pygame.Rect(x, y, width, label_h), f"{ui('negotiation.partners')}  ·  {note}")
        y += label_h + self.px(2)
        columns = 3 if width >= self.px(420) else 2
        cell = (width - gap * (columns - 1)) // columns
        for k, country in enumerate(ids):
            rect = pygame.Rect(x + (k % columns) * (cell + gap), y + (k // columns) * (row_h + gap),
                               cell, row_h)
            chosen = country in self.partners
            self.button(rect, country_name(game_names, country),
                        lambda c=country: self.on_partner(c), "#on" if chosen else None,
                        tooltip=team_label(self.view, game_names, country), key=f"partner:{country}",
                        fit=True)
        y += ((len(ids) + columns - 1) // columns) * (row_h + gap) + self.px(6)
        self.label(pygame.Rect(x, y, width, label_h), ui("negotiation.clauses"))
        y += label_h + self.px(2)
        columns = 2
        cell = (width - gap) // columns
        for k, kind in enumerate(CLAUSES):
            rect = pygame.Rect(x + (k % columns) * (cell + gap), y + (k // columns) * (row_h + gap),
                               cell, row_h)
            chosen = kind.value in self.clauses
            self.button(rect, cap(tr(f"clause.{kind.value}")), lambda c=kind.value: self.on_clause(c),
                        "#on" if chosen else None, key=f"clause:{kind.value}", fit=True)
        y += 2 * (row_h + gap) + self.px(6)
        half = (width - self.px(16)) // 2
        self.label(pygame.Rect(x, y, half, label_h), ui("remote.level"))
        self.label(pygame.Rect(x + half + self.px(16), y, half, label_h),
                   ui("negotiation.duration", count=self.duration))
        y += label_h + self.px(2)
        segmented(self, pygame.Rect(x, y, half, row_h), [(v, percent(v)) for v in LEVELS], self.level,
                  self.on_level, gap=self.px(4), key="level")
        segmented(self, pygame.Rect(x + half + self.px(16), y, half, row_h),
                  [(d, ui("remote.years", years=d)) for d in DURATIONS], self.duration, self.on_duration,
                  gap=self.px(4), key="duration")
        y += row_h + self.px(14)
        self.effect_box = self.textbox(pygame.Rect(x, y, width, max(self.px(40), area.bottom - y)),
                                       self.effect_html(), "#boxed")

    # --- the draft's projected effect ----------------------------------------------------------
    def draft(self) -> tuple[list[str], list[dict[str, Any]]]:
        parties = [self.me, *self.partners]
        clauses = [{"kind": kind, "level": level} for kind, level in sorted(self.clauses.items())]
        return parties, clauses

    def draft_ready(self) -> bool:
        return bool(self.partners) and bool(self.clauses)

    def effect_text(self) -> str:
        if not self.draft_ready():
            return ui("remote.effect_none")
        if self.effect is None or self.effect_for != self._draft_key():
            return ui("remote.effect_asking")
        effect = self.effect
        terms = sorted(((t, v) for t, v in effect.items() if t != "total" and round(v, 2) != 0),
                       key=lambda item: -abs(item[1]))[:2]
        detail = ", ".join(f"{term_name(t).lower()} {signed(v, 2)}" for t, v in terms)
        text = ui("remote.effect", total=signed(effect.get("total", 0.0), 2))
        return f"{text} ({detail})" if detail else text

    def effect_html(self) -> str:
        return f"<b>{escape(self.effect_text())}</b>"

    def _draft_key(self) -> tuple:
        return (tuple(self.partners), tuple(sorted(self.clauses.items())), self.duration,
                self.link.sequence)

    def ask_effect(self) -> None:
        if not self.draft_ready() or self.link.state != "joined":
            return
        asked = self.effect is not None or self.effect_query is not None
        if self.effect_for == self._draft_key() and asked:
            return
        parties, clauses = self.draft()
        self.effect_for = self._draft_key()
        self.effect = None
        self.effect_query = self.link.query("projected_effect", parties, clauses, self.duration)

    def on_send(self) -> None:
        if not self.draft_ready() or not self.can_propose():
            return
        parties, clauses = self.draft()
        self.act({"kind": "propose", "parties": parties, "clauses": clauses, "duration": self.duration})

    def on_partner(self, country: str) -> None:
        if country in self.partners:
            self.partners.remove(country)
        else:
            self.partners.append(country)

    def on_clause(self, kind: str) -> None:
        if kind in self.clauses:
            del self.clauses[kind]
        else:
            self.clauses[kind] = self.level

    def on_level(self, level: float) -> None:
        self.level = level
        self.clauses = {kind: level for kind in self.clauses}

    def on_duration(self, years: int) -> None:
        self.duration = years
