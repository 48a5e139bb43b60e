"""Offers: incoming offers to accept, refuse or counter; your offers; this turn's outcomes, each
with the partners' answers and their reasons."""

from __future__ import annotations

from typing import Any

import pygame

from game.model.state import SCORE_TERMS
from game.rules.game import Phase, Status
from game.ui import draw
from game.ui.feedback import negotiation_outcome
from game.ui.flags import draw_flag, flag_width
from game.ui.hover_tips import HoverTips, term_tip
from game.ui.icons import icon_tag
from game.ui.offer_notes import weaker_lines, zero_effect_reason
from game.ui.scene import Scene, colour_tag, escape
from game.ui.text import (
    agreement_type_name,
    cap,
    change_text,
    clause_text,
    country_name,
    names,
    reason_text,
    refusal_text,
    signed,
    term_name,
    tr,
    ui,
)
from game.ui.tutorial import tutorial_hint

#: Flags shown on an item of the list (a multilateral talk shows its first partners).
FLAGS_PER_ITEM = 3


class InboxScene(HoverTips, Scene):
    name = "inbox"

    def __init__(self, app, focus: int | None = None):
        super().__init__(app)
        self.me = app.viewer or app.session.current
        self.focus = focus
        self.projections: dict[tuple[int, int], dict[str, float] | None] = {}

    @property
    def session(self):
        return self.app.session

    def sections(self) -> list[tuple[str, list]]:
        session = self.session
        waiting = session.inbox(self.me)
        mine = session.outgoing(self.me)
        shown = {n.id for n in waiting + mine}
        closed = [n for n in session.this_turn(self.me) if n.id not in shown]
        return [("waiting", waiting), ("yours", mine), ("closed", closed)]

    # --- layout ------------------------------------------------------------------------------
    def build(self) -> None:
        top = self.top_bar(ui("inbox.title"))
        margin = self.px(14)
        gap = self.px(12)
        left_w = max(self.px(250), round((self.width - 2 * margin) * 0.30))
        bottom = self.height - self.px(14)
        left = pygame.Rect(margin, top, left_w, bottom - top)
        detail = pygame.Rect(left.right + gap, top, self.width - margin - left.right - gap, bottom - top)
        self.detail = detail
        sections = self.sections()
        everything = [n for _, items in sections for n in items]
        if self.focus is None or all(n.id != self.focus for n in everything):
            self.focus = everything[0].id if everything else None
        y = left.top
        row = self.px(40)
        self.item_flags: list[tuple[Any, list[str]]] = []  # each item's button and its partners
        for key, items in sections:
            if y + row > left.bottom:
                break
            self.label(pygame.Rect(left.left, y, left.width, self.px(26)),
                       ui(f"inbox.section.{key}", count=len(items)), "#subheading")
            y += self.px(30)
            if not items:
                self.label(pygame.Rect(left.left + self.px(8), y, left.width, self.px(22)),
                           ui("inbox.empty"), "#muted")
                y += self.px(28)
            for negotiation in items:
                if y + row > left.bottom:
                    break
                style = "#item_on" if negotiation.id == self.focus else "#item"
                partners = [p for p in negotiation.parties if p != self.me][:FLAGS_PER_ITEM]
                flags_w = len(partners) * (flag_width(self.flag_height(row)) + self.px(4))
                whole = self.item_text(negotiation)
                text = draw.fit(whole, self.font("normal", style == "#item_on"),
                                left.width - self.px(22) - flags_w)
                button = self.button(pygame.Rect(left.left, y, left.width, row - self.px(6)), text,
                                     (lambda n=negotiation.id: self.on_focus(n)), style,
                                     key=f"item:{negotiation.id}",
                                     tooltip=escape(whole) if text != whole else None)
                self.item_flags.append((button, partners))
                y += row
            y += self.px(8)
        self.card = None
        if self.focus is None:
            self.label(pygame.Rect(detail.left, detail.top, detail.width, self.px(30)),
                       ui("inbox.nothing"), "#muted")
            return
        self._build_detail(self.session.game.negotiation(self.focus))

    def item_text(self, negotiation) -> str:
        game = self.session.game
        others = [p for p in negotiation.parties if p != self.me]
        if negotiation.status is Status.OPEN:
            if negotiation.current.by == self.me:
                return ui("inbox.item.yours", parties=names(game, others))
            return ui("inbox.item.from", name=country_name(game, negotiation.current.by),
                      count=len(negotiation.current.clauses))
        return ui("inbox.item.closed", parties=names(game, others),
                  status=ui(f"inbox.status.{negotiation.status.value}"))

    def _build_detail(self, negotiation) -> None:
        rect = self.detail
        session = self.session
        game = session.game
        side_w = max(self.px(240), round(rect.width * 0.38))
        text_rect = pygame.Rect(rect.left, rect.top, rect.width - side_w - self.px(12), rect.height)
        side = pygame.Rect(text_rect.right + self.px(12), rect.top, side_w, rect.height)
        self.textbox(text_rect, self.detail_html(negotiation), "#boxed")
        self.card = pygame.Rect(side.left, side.top, side.width, self.px(218))
        bold = self.font("normal", True)
        title_lines = len(draw.wrap(ui("inbox.effect_on_you"), bold, side.width - 2 * self.px(12)))
        self.card.height += (title_lines - 1) * bold.get_linesize()  # a title in two lines
        if negotiation.status is not Status.OPEN:  # no effect to show: the card as high as it says
            small, bold = self.font("small"), self.font("normal", True)
            width = side.width - 2 * self.px(12)
            lines = len(draw.wrap(ui("inbox.effect_on_you"), bold, width)) * bold.get_linesize() \
                + len(draw.wrap(ui("inbox.effect_closed"), small, width)) \
                * round(small.get_linesize() * 1.15)
            self.card.height = lines + self.px(24)
        y = self.card.bottom + self.px(12)
        waiting_for_me = (negotiation.status is Status.OPEN and self.me in negotiation.waiting_for
                          and negotiation.current.by != self.me)
        diplomacy = session.stage is Phase.DIPLOMACY and session.current == self.me
        h = self.px(44)
        if waiting_for_me:
            counter_refusal = session.check_counter(self.me, negotiation.id, negotiation.current.clauses,
                                                    negotiation.current.duration)
            counter_ok = counter_refusal is None or counter_refusal.key in ("clause_twice",)
            self.button(pygame.Rect(side.left, y, side.width, h), ui("inbox.accept"),
                        lambda: self.on_answer("accept"), "#good", enabled=diplomacy, key="accept")
            y += h + self.px(8)
            self.button(pygame.Rect(side.left, y, side.width, h), ui("inbox.counter"),
                        self.on_counter, enabled=diplomacy and counter_ok, key="counter",
                        tooltip=None if counter_ok else refusal_text(counter_refusal))
            y += h + self.px(8)
            self.button(pygame.Rect(side.left, y, side.width, h), ui("inbox.reject"),
                        lambda: self.on_answer("reject"), "#danger", enabled=diplomacy, key="reject")
            y += h + self.px(8)
            if not counter_ok:
                self.note = refusal_text(counter_refusal)
        elif negotiation.status is Status.OPEN and negotiation.current.by == self.me:
            self.button(pygame.Rect(side.left, y, side.width, h), ui("inbox.withdraw"),
                        lambda: self.on_answer("withdraw"), "#danger", enabled=diplomacy,
                        key="withdraw")
            y += h + self.px(8)
        elif negotiation.status in (Status.REJECTED, Status.WITHDRAWN, Status.EXPIRED) \
                and any(o.by == self.me for o in negotiation.offers):  # an offer you made
            self.button(pygame.Rect(side.left, y, side.width, h), tr("explain.offer.revise"),
                        self.on_revise, "#primary", enabled=diplomacy, key="revise",
                        tooltip=tr("explain.offer.revise_tip"), fit=True)
            y += h + self.px(8)
        self.note_rect = pygame.Rect(side.left, y, side.width, side.bottom - y)
        self.negotiation = negotiation
        del game

    def detail_html(self, negotiation) -> str:
        session = self.session
        game = session.game
        colours = self.colours
        muted = colour_tag(colours.muted)
        good, bad, accent = colour_tag(colours.good), colour_tag(colours.bad), colour_tag(colours.accent)
        offer = negotiation.current
        others = [p for p in negotiation.parties if p != self.me]
        kind = agreement_type_name(game, negotiation.parties)
        if offer.by == self.me:
            heading = ui("inbox.heading.yours", parties=names(game, others))
        else:
            heading = ui("inbox.heading.from", name=country_name(game, offer.by))
        rounds = game.rules_of_play.negotiation_rounds
        facts = ui("inbox.facts", type=cap(kind), parties=names(game, list(negotiation.parties)),
                   offer=len(negotiation.offers), rounds=rounds, count=offer.duration)
        status = ui("inbox.status_line", status=ui(f"inbox.status.{negotiation.status.value}"))
        parts = [f"<b>{escape(heading)}</b><br><font color={muted}>{escape(facts)}</font><br>"
                 f"<font color={muted}>{escape(status)}</font>"]
        # the whole offer first (a party may see a counter-offer before any earlier offer), then
        # what its author changed in the offer before it
        icon = self.font("normal").get_linesize() - self.px(6)
        clause_lines = [(icon_tag(c.kind, icon, self.colours.accent) or "&#8226; ")
                        + escape(clause_text(game, c)) for c in offer.clauses]
        parts.append(f"<b>{escape(tr('explain.offer.whole'))}</b><br>" + "<br>".join(clause_lines))
        if len(negotiation.offers) > 1:
            changes = []
            for change in session.difference(negotiation.id):
                if change.change != "same":
                    colour = {"added": good, "removed": bad}.get(change.change, accent)
                    text = escape(change_text(game, change))
                    changes.append(f"&#8226; <font color={colour}>{text}</font>")
            previous = negotiation.offers[-2]
            title = (ui("inbox.clauses_changed", name=country_name(game, offer.by)) + " "
                     + tr("explain.offer.changed_from", previous=len(negotiation.offers) - 1,
                          author=country_name(game, previous.by)))
            parts.append(f"<b>{escape(title)}</b><br>" + "<br>".join(changes or ["&#8226; -"]))
        # clauses an agreement in force already gives as strongly; an effect of zero, and why
        # (an agreed offer is itself in force now: nothing to flag)
        notes = ([] if negotiation.status is Status.AGREED
                 else weaker_lines(game, negotiation.parties, offer.clauses))
        if negotiation.status is Status.OPEN:
            zero = zero_effect_reason(game, self.me, negotiation.parties, offer.clauses,
                                      self.projection(negotiation))
            notes += [zero] if zero else []
        if notes:
            parts.append(f"<b>{escape(tr('explain.weaker_title'))}</b><br>" + "<br>".join(
                f"<font color={accent}>{escape(note)}</font>" for note in notes))
        # every other party's answer and its reasons
        answers = []
        for party in negotiation.parties:
            if party == self.me:
                continue
            answer = actual = session.answer_of(negotiation.id, party)
            if party == offer.by and negotiation.status is Status.OPEN:
                answer = "offered"
            elif answer is None:
                answer = "accept" if party in negotiation.accepted else "waiting"
            colour = {"accept": good, "reject": bad, "counter": accent}.get(answer, muted)
            line = (f"<b>{escape(country_name(game, party))}</b>: "
                    f"<font color={colour}>{escape(ui(f'inbox.answer.{answer}'))}</font>")
            decision = session.reasons(negotiation.id, party)
            if decision is not None and actual in ("accept", "reject", "counter"):
                # reasons belong to the offer they answered: say which, when it is not this one
                # (the author of a counter-offer: why it changed the offer before)
                number = session.answered_offer(negotiation.id, party)
                if number is not None and number != len(negotiation.offers):
                    key = "reasons_for_counter" if actual == "counter" else "reasons_for"
                    about = tr(f"explain.offer.{key}", name=country_name(game, party), number=number,
                               author=country_name(game, negotiation.offers[number - 1].by))
                    line += f"<br><i>{escape(about)}</i>"
                reasons = [r for r in decision.reasons if abs(r.points) >= 0.05]
                reasons.sort(key=lambda r: -abs(r.points))
                if reasons:
                    shown = ", ".join(
                        f"<font color={good if r.points > 0 else bad}>{escape(reason_text(game, r))}</font>"
                        for r in reasons)
                    line += f"<br>{escape(ui('inbox.because'))} {shown}"
                utility = tr("decision.utility", points=signed(decision.utility, 1))
                threshold = tr("decision.threshold", points=signed(decision.threshold, 1))
                line += f"<br><font color={muted}>{escape(utility)}; {escape(threshold)}</font>"
            elif answer in ("accept", "reject", "counter") and party not in session.humans:
                line += f"<br><font color={muted}>{escape(ui('inbox.reasons_unavailable'))}</font>"
            answers.append(line)
        if answers:
            parts.append(f"<b>{escape(ui('inbox.answers'))}</b><br>" + "<br><br>".join(answers))
        if negotiation.status is Status.AGREED:
            parts.append(f"<font color={good}><b>{escape(ui('inbox.agreed'))}</b></font>")
        return "<br><br>".join(parts)

    # --- drawing -----------------------------------------------------------------------------
    def projection(self, negotiation) -> dict[str, float] | None:
        key = (negotiation.id, len(negotiation.offers))
        if key not in self.projections:
            game = self.session.game
            offer = negotiation.current
            if game.check_terms(negotiation.parties, offer.clauses, offer.duration) is None:
                self.projections[key] = self.session.projected_effect(self.me, negotiation.parties,
                                                                      offer.clauses)
            else:
                self.projections[key] = None
        return self.projections[key]

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        colours = self.colours
        if self.card is None:
            return
        negotiation = self.negotiation
        rect = self.card
        draw.card(surface, rect, colours.panel, colours.border, self.px(8))
        pad = self.px(12)
        width = rect.width - 2 * pad
        x, y = rect.left + pad, rect.top + self.px(8)
        small = self.font("small")
        bold = self.font("normal", True)
        for line in draw.wrap(ui("inbox.effect_on_you"), bold, width):  # wrapped, not shortened
            draw.text(surface, line, (x, y), bold, colours.text, max_width=width)
            y += bold.get_linesize()
        y += self.px(2)
        values = self.projection(negotiation) if negotiation.status is Status.OPEN else None
        if values is None:
            self.reset_tips("effect")
            draw.paragraph(surface, ui("inbox.effect_closed"), pygame.Rect(x, y, width, rect.bottom - y),
                           small, colours.muted)
        else:
            limit = max([abs(values[t]) for t in SCORE_TERMS] + [0.5])
            row = max(small.get_linesize(), self.px(20))
            label_w = round(width * 0.45)
            self.reset_tips("effect")
            for term in SCORE_TERMS:
                self.add_tip("effect", pygame.Rect(x, y, width, row), term_tip(term))
                draw.text(surface, term_name(term), (x, y), small, colours.text, max_width=label_w)
                bar = pygame.Rect(x + label_w, y + row // 3, width - label_w - self.px(50), row // 3)
                draw.bar(surface, bar, values[term], limit, colours.good, colours.bad, colours.border)
                draw.text(surface, signed(values[term], 1), (x + width, y), small, colours.text,
                          "topright")
                y += row
            bold = self.font("normal", True)
            draw.text(surface, ui("negotiation.projection_total"), (x, y + self.px(4)), bold, colours.text,
                      max_width=width - self.px(60))
            draw.text(surface, signed(values["total"], 1), (x + width, y + self.px(4)), bold,
                      draw.sign_colour(values["total"], colours), "topright")
        note = getattr(self, "note", None)
        if note:
            draw.paragraph(surface, note, self.note_rect, small, colours.muted)
        hint = tutorial_hint(self.session, "inbox")
        if hint:
            draw.text(surface, hint, (self.px(300), self.px(44)), self.font("small", True), colours.accent,
                      max_width=self.width - self.px(316))

    def flag_height(self, row: int) -> int:
        return max(8, (row - self.px(6)) // 2)

    def draw_over(self, surface: pygame.Surface) -> None:
        game = self.session.game
        for button, partners in getattr(self, "item_flags", []):
            if not button.alive():
                continue
            height = self.flag_height(button.rect.height + self.px(6))
            x = button.rect.right - self.px(8)
            for country in reversed(partners):
                x -= flag_width(height)
                draw_flag(surface, game, country, (x, button.rect.centery - height // 2), height)
                x -= self.px(4)
        self.draw_hover_tip(surface)

    def handle(self, event: pygame.event.Event) -> None:
        self.follow_mouse(event)
        super().handle(event)

    # --- actions -----------------------------------------------------------------------------
    def on_focus(self, identifier: int) -> None:
        self.focus = identifier
        self.note = None
        self.app.rebuild()

    def on_answer(self, kind: str) -> None:
        identifier = self.focus
        action = {"accept": self.session.accept, "reject": self.session.reject,
                  "withdraw": self.session.withdraw}[kind]
        refusal = self.app.busy(ui("busy.computers_answer"), lambda: action(self.me, identifier))
        if refusal is not None:
            self.app.toast(refusal_text(refusal), "bad")
        elif kind == "accept":
            negotiation_outcome(self.app, identifier, self.me)
        self.app.after_move(keep=self)

    def on_counter(self) -> None:
        self.app.push("negotiation", negotiation=self.focus)

    def on_revise(self) -> None:
        """A refused (or withdrawn, or expired) offer back on the negotiation screen, to change
        and send again as a new proposal."""
        self.app.push("negotiation", revise=self.focus)
