"""The end screen's debrief: what happened to your country, tied to the concepts (cooperation
and its types, trust, dependency, welfare, sovereignty, the other ideas met, the class's result)."""

from __future__ import annotations

from game.session.debrief import idea_lines
from game.ui.scene import colour_tag, escape
from game.ui.text import country_name, language, number, percent, signed, signed_percent, ui

#: Ideas of CONCEPTS.md that the debrief's own sections already tell (cooperation and its types,
#: trust, sovereignty, welfare, dependency): the ideas section shows the others.
SECTIONED_IDEAS = frozenset({2, 4, 5, 6, 7, 10})


class Debrief:
    """Part of ``EndScene``: the debrief's text."""

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
