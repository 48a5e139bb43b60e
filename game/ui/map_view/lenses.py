"""The map's colours: each playing country coloured by the lens (trust in you, trade with you,
dependency, membership of a group), and the lens's and group's names for the legend."""

from __future__ import annotations

import math

from game.ui.text import agreement_name, language, ui
from game.ui.theme import mix, ramp


class LensColours:
    """Part of ``MapWidget``: a country's colour under the lens, and the lens's title."""

    def lens_colour(self, country: str) -> tuple[int, int, int]:
        colours = self.app.palette
        if country == self.viewer:
            return colours.accent
        if self.viewer is None and self.lens != "membership":
            return mix(colours.land, colours.muted, 0.3)
        values = self.relations.get(country, {})
        if self.lens == "trust":
            return ramp(colours.trust_ramp, (values.get("trust_in_you", 0.5) - 0.25) / 0.55)
        if self.lens == "trade":
            top = max((v["trade_with_you"] for c, v in self.relations.items() if c != self.viewer),
                      default=1.0)
            share = math.log1p(values.get("trade_with_you", 0.0)) / math.log1p(max(top, 1e-9))
            return ramp(colours.trade_ramp, share)
        if self.lens == "dependency":
            return ramp(colours.dependency_ramp, values.get("import_share", 0.0) / 0.4)
        members = self.group_members()
        return colours.member if country in members else colours.non_member

    def group_members(self) -> set[str]:
        for group in self.groups:
            if group["key"] == self.group:
                return set(group["members"])
        return set()

    def legend_title(self) -> str:
        if self.lens == "membership":
            for group in self.groups:
                if group["key"] == self.group:
                    return ui("map.legend.membership", group=self.group_name(group))
            return ui("map.legend.no_group")
        return ui(f"map.legend.{self.lens}")

    def group_name(self, group: dict) -> str:
        if group.get("agreement") is not None:
            return agreement_name(self.game, group["agreement"])
        name = group.get("name") or {}
        return name.get(language()) or name.get("en") or group["key"]
