"""The scenario preview, for designers: the map and the starting relations before anyone plays.

Opened from the new-game screen ("Preview map"). A ``Game`` is made from the scenario, so that
every figure is the model's own at the start (year 0): the countries with their key figures,
personality and objectives; the agreements already in force, drawn as links; the starting trust
towards the selected country (and trade, dependency, membership) as map lenses; the trade flows
the scenario gives; organisations and regions. Selecting a country in the list selects it on
the map and the other way round. Nothing here changes the scenario.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui
from pygame_gui.elements import UIDropDownMenu, UISelectionList

from game.model.state import SCORE_TERMS
from game.scenario.loading import LoadedScenario
from game.session.session import Session
from game.ui import draw
from game.ui.map_view import LENSES, MapWidget, agreement_links
from game.ui.scene import Scene, colour_tag, escape
from game.ui.text import (
    agreement_name,
    agreement_type_name,
    cap,
    country_name,
    currency,
    money,
    names,
    number,
    percent,
    scenario_text,
    term_name,
    tr,
    ui,
)
from game.ui.widgets import lens_bar, lens_bar_height


class ScenarioAtStart:
    """The session-shaped view of a scenario at the start that the map reads: relations come
    from a session of the scenario (nobody plays it), and the groups are the organisations,
    the regions and every agreement in force, not only one country's."""

    def __init__(self, loaded: LoadedScenario):
        first = loaded.scenario.countries[0].id
        self.session = Session.new(loaded, [first])
        self.game = self.session.game

    def relations(self, viewer: str) -> dict[str, dict[str, float]]:
        return self.session.relations(viewer)

    def groups(self, viewer: str | None) -> list[dict[str, Any]]:
        game = self.game
        result: list[dict[str, Any]] = [
            {"key": f"organisation:{o.id}", "name": {"en": o.name.en, "id": o.name.id},
             "members": [m for m in o.members if m in game.index], "agreement": None}
            for o in game.scenario.organisations
        ]
        for region in game.scenario.regions:
            result.append({"key": f"region:{region.id}", "name": {"en": region.name.en, "id": region.name.id},
                           "members": [c for c in game.country_ids if game.regions[c] == region.id],
                           "agreement": None})
        for agreement in game.in_force():
            result.append({"key": f"agreement:{agreement.id}", "name": agreement.name,
                           "members": list(agreement.parties), "agreement": agreement})
        return result


class PreviewMap(MapWidget):
    """The map with the preview's legends: lenses are about the selected country, not "you"."""

    def legend_title(self) -> str:
        if self.lens == "membership":
            return super().legend_title()
        if self.viewer is None:
            return ui("preview.legend.pick")
        return ui(f"preview.legend.{self.lens}", name=country_name(self.game, self.viewer))

    def _paint_legend(self, target: pygame.Surface) -> None:
        if self.lens != "membership":
            super()._paint_legend(target)
            return
        colours = self.app.palette
        s = self.app.scale
        fnt, bold = draw.font("small", s), draw.font("small", s, bold=True)
        rect = target.get_rect()
        draw.card(target, rect, colours.panel, colours.border, round(6 * s))
        draw.text(target, self.legend_title(), (rect.left + 10 * s, rect.top + 6 * s), bold,
                  colours.text, max_width=rect.width - round(20 * s))
        x, top, swatch = rect.left + round(10 * s), rect.top + round(28 * s), round(12 * s)
        for colour, label in ((colours.member, ui("map.member")), (colours.non_member, ui("map.non_member"))):
            pygame.draw.rect(target, colour, (x, top, swatch, swatch))
            drawn = draw.text(target, label, (x + swatch + 4 * s, top - 2 * s), fnt, colours.text)
            x = drawn.right + round(12 * s)


    def tooltip_lines(self, country: str) -> list[str]:
        """The country's size, and its trust in the selected country."""
        game = self.game
        k = game.index[country]
        lines = [ui("map.tip.gdp", value=money(float(game.state.gdp[0, k]), currency(game)),
                    population=number(float(game.state.population[0, k]), 1))]
        if self.viewer is not None and country != self.viewer and country in self.relations:
            lines.append(ui("preview.tip_trust", name=country_name(game, self.viewer),
                            value=percent(self.relations[country]["trust_in_you"])))
        return lines


class PreviewScene(Scene):
    name = "preview"

    def __init__(self, app, loaded: LoadedScenario):
        super().__init__(app)
        self.loaded = loaded
        self.data = ScenarioAtStart(loaded)
        self.game = self.data.game
        ids = self.game.country_ids
        self.selected: str | None = "IDN" if "IDN" in ids else ids[0]
        self.lens = "trust"
        self.group: str | None = None
        self.map: PreviewMap | None = None
        self.view = None
        self.country_list: UISelectionList | None = None
        self.search = None
        self.filter = ""
        self.dropdown: UIDropDownMenu | None = None

    def invalidate(self) -> None:
        self._cache.clear()
        if self.map is not None:
            self.view = self.map.view
            self.map = None

    # --- layout ------------------------------------------------------------------------------
    def build(self) -> None:
        title = ui("preview.title", scenario=scenario_text(self.game.scenario.scenario.title))
        top = self.top_bar(title, ui("preview.subtitle")) + self.px(6)
        margin, gap = self.px(16), self.px(12)
        bottom = self.height - margin
        left_w = max(self.px(170), round(self.width * 0.17))
        right_w = max(self.px(260), round(self.width * 0.27))
        self.label(pygame.Rect(margin, top, left_w, self.px(28)), ui("preview.countries"), "#subheading")
        list_top = top + self.px(32)
        self.search = None
        if len(self.game.country_ids) > 12:  # large scenarios: a search box above the list
            self.search = self.entry(pygame.Rect(margin, list_top, left_w, self.px(34)), self.filter,
                                     ui("negotiation.search"))
            list_top += self.px(40)
        self.list_rect = pygame.Rect(margin, list_top, left_w, bottom - list_top)
        self.names = {country_name(self.game, c): c for c in self.game.country_ids}
        self.country_list = None
        self._make_country_list()
        self.card_rect = pygame.Rect(self.width - margin - right_w, top, right_w, bottom - top)
        self.textbox(self.card_rect, self.card_html(), "#boxed")
        area_left = self.list_rect.right + gap
        area = pygame.Rect(area_left, top, self.card_rect.left - gap - area_left, bottom - top)
        lens_bar(self, area, LENSES, self.lens, self.on_lens)
        bar = lens_bar_height(self, area.width, LENSES) + self.px(4)
        self.map_rect = pygame.Rect(area.left, area.top + bar, area.width, area.height - bar)
        self._ensure_map()
        self.dropdown = None
        if self.lens == "membership" and self.map.groups:
            labels, keys = [], []
            for group in self.map.groups:
                label = self.map.group_name(group)
                while label in labels:
                    label += " "
                labels.append(label)
                keys.append(group["key"])
            current = labels[keys.index(self.map.group)] if self.map.group in keys else labels[0]
            self.dropdown = UIDropDownMenu(labels, current, pygame.Rect(
                self.map_rect.left + self.px(8), self.map_rect.top + self.px(8),
                min(self.px(320), self.map_rect.width - self.px(16)), self.px(32)), self.app.manager)
            self.group_keys = dict(zip(labels, keys, strict=True))

    def _make_country_list(self) -> None:
        """The countries (in the scenario's order) whose names contain the search text."""
        if self.country_list is not None:
            self.country_list.kill()
        wanted = self.filter.casefold()
        items = [name for name in self.names if wanted in name.casefold()]
        chosen = country_name(self.game, self.selected) if self.selected else None
        self.country_list = UISelectionList(self.list_rect, items, self.app.manager,
                                            default_selection=chosen if chosen in items else None)

    def _ensure_map(self) -> None:
        if self.map is None:
            self.map = PreviewMap(self.app, self.data, None, self.map_rect, self.lens, self.view, self.group)
            self.map.show_you = False
            self.map.set_links(agreement_links(self.game, self.game.in_force()))
        self.map.set_rect(self.map_rect)
        self.map.set_lens(self.lens)
        self.map.set_viewer(None if self.lens == "membership" else self.selected)
        self.map.select(self.selected)
        self.group = self.map.group

    # --- the card ----------------------------------------------------------------------------
    def card_html(self) -> str:
        """The selected country's figures and relations at the start, then the scenario's
        organisations and regions."""
        game = self.game
        accent, muted = colour_tag(self.colours.accent), colour_tag(self.colours.muted)
        parts: list[str] = []

        def heading(text: str) -> str:
            return f"<font color={accent}><b>{escape(text)}</b></font>"

        country = self.selected
        if country is not None:
            k = game.index[country]
            spec = game.scenario.countries[k]
            values = self.data.session.indicators_by_year()[0][country]
            region = next((r for r in game.scenario.regions if r.id == spec.region), None)
            money_unit = currency(game)
            lines = [
                f"<b>{escape(country_name(game, country))}</b> "
                f"<font color={muted}>({escape(country)})</font>",
                escape(ui("preview.region", name=scenario_text(region.name) if region else spec.region)),
                escape(ui("preview.gdp", value=money(values["gdp"], money_unit))),
                escape(ui("preview.population", value=number(values["population"], 1))),
                escape(ui("preview.growth", value=percent(spec.growth, 1))),
                escape(ui("preview.capabilities", technology=percent(values["technology"]),
                          human=percent(values["human_capital"]), security=percent(values["security"]))),
                escape(ui("preview.tariff", value=percent(spec.tariff, 1),
                          count=game.rules_of_play.delegations[country])),
                escape(ui("preview.personality", value=tr(f"personality.{spec.personality.value}"))),
            ]
            parts.append("<br>".join(lines))
            weights = spec.objectives.model_dump()  # the retired terms are accepted, not scored
            parts.append(heading(ui("preview.objectives")) + "<br>" + escape("  ·  ".join(
                f"{term_name(term)} {number(float(weights[term]), 1)}"
                for term in (*SCORE_TERMS, "influence"))))
            parts.append(heading(ui("preview.model")) + "<br>" + "<br>".join([
                escape(ui("preview.trust_held", value=percent(values["trust_held"]))),
                escape(ui("preview.trade_totals", exports=money(values["exports"], money_unit),
                          imports=money(values["imports"], money_unit))),
                escape(ui("preview.concentration",
                          value=number(values["dependency"]["imports"]["concentration"], 2))),
            ]))
            mine = [a for a in game.in_force() if country in a.parties]
            agreements = [f"&#8226; {escape(agreement_name(game, a))} <font color={muted}>("
                          f"{escape(cap(agreement_type_name(game, a.parties)))})</font>" for a in mine]
            parts.append(heading(ui("preview.agreements")) + "<br>" + (
                "<br>".join(agreements) if agreements else escape(ui("preview.none"))))
            flows = []
            for relation in game.scenario.relations:
                if country not in relation.between or relation.exports is None:
                    continue
                partner = relation.between[1] if relation.between[0] == country else relation.between[0]
                out, back = relation.exports if relation.between[0] == country else relation.exports[::-1]
                flows.append("&#8226; " + escape(ui(
                    "preview.flow", partner=country_name(game, partner),
                    exports=self._flow(out, money_unit), imports=self._flow(back, money_unit))))
            parts.append(heading(ui("preview.flows")) + "<br>" + (
                "<br>".join(flows) if flows else escape(ui("preview.no_flows"))))
        groups = [g for g in self.data.groups(None) if g["agreement"] is None]
        if groups:
            lines = [f"<b>{escape(self.map.group_name(g) if self.map else g['key'])}</b>: "
                     f"{escape(names(game, g['members']) or ui('preview.none'))}" for g in groups]
            parts.append(heading(ui("preview.groups")) + "<br>" + "<br>".join(lines))
        # the designer's notes and the unit's note: for teachers and designers, not the players
        info = game.scenario.scenario
        notes = [scenario_text(t) for t in (info.designer_notes, info.currency_note) if t is not None]
        if notes:
            parts.append(heading(tr("explain.designer_notes")) + "<br>" + "<br>".join(
                f"<font color={muted}>{escape(note)}</font>" for note in notes))
        return "<br><br>".join(parts)

    @staticmethod
    def _flow(value: Any, unit: str) -> str:
        return ui("preview.modelled") if value == "model" else money(float(value), unit)

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(self.colours.background)
        self._ensure_map()
        self.map.draw(surface)
        pygame.draw.rect(surface, self.colours.border, self.map_rect, 1)
        self.map.draw_legend(surface)
        # the links' legend at the bottom right, or the top right if the lens legend leaves no room
        width, _ = self.map.links_legend_size(self.s)
        lens_width = self.map._legend[0].get_width()
        right = self.map_rect.right - self.px(10)
        if lens_width + width + self.px(30) <= self.map_rect.width:
            self.map.draw_links_legend(surface, (right, self.map_rect.bottom - self.px(10)), self.s,
                                       "bottomright")
        else:
            self.map.draw_links_legend(surface, (right, self.map_rect.top + self.px(10)), self.s, "topright")

    def draw_over(self, surface: pygame.Surface) -> None:
        if self.map is not None:
            self.map.draw_tooltip(surface)

    # --- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.country_list:
            country = self.names.get(self.country_list.get_single_selection() or "")
            if country is not None and country != self.selected:
                self.app.defer(lambda: self.select(country))
            return
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and self.search is not None \
                and event.ui_element is self.search:
            self.filter = self.search.get_text()
            self._make_country_list()
            return
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.dropdown:
            self.group = self.group_keys.get(event.text)
            if self.map is not None:
                self.map.set_group(self.group)
            return
        if self.map is None:
            return
        if event.type == pygame.KEYDOWN:
            focused = self.app.manager.get_focus_set() or set()
            if not any(isinstance(w, pygame_gui.elements.UITextEntryLine) for w in focused):
                self.map.key(event.key)  # not while typing a search
            return
        if self.dropdown is not None and event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) \
                and self.dropdown.rect.collidepoint(event.pos):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and any(
                b.rect.collidepoint(event.pos) for b in self.buttons.values() if b.alive()):
            return
        if self.map.handle(event) == "select" and self.map.selected is not None \
                and self.map.selected != self.selected:
            country = self.map.selected
            self.app.defer(lambda: self.select(country))

    def select(self, country: str | None) -> None:
        """Select ``country`` in the list and on the map (the lenses are about it)."""
        self.selected = country
        if self.map is not None:
            self.view = self.map.view
        self.app.rebuild()

    def on_lens(self, lens: str) -> None:
        self.lens = lens
        self.app.rebuild()
