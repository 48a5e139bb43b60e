"""The game screen's right column: the agreements you are in, with each clause kept, broken or
new, and the year's news (events, the teacher's cards, agreements signed)."""

from __future__ import annotations

from game.ui.icons import icon_tag
from game.ui.scene import colour_tag, escape
from game.ui.text import (
    agreement_name,
    agreement_type_name,
    cap,
    clause_text,
    country_name,
    event_text,
    event_title,
    names,
    ui,
)


class AgreementsAndNews:
    """Part of ``GameScene``: the agreements in force and the year's news."""

    def clause_icon(self, kind: str) -> str:
        """The clause kind's icon at the start of its line (a bullet where it cannot be shown)."""
        size = self.font("normal").get_linesize() - self.px(6)
        return icon_tag(kind, size, self.colours.accent) or "&#8226; "

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
                lines.append(f"{self.clause_icon(clause.kind)}{escape(clause_text(game, clause))} "
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
