"""The game screen, composed of its parts: the top bar, your country's panel, the map with
its lenses, the agreements and the news, and the bottom bar with the next step. This class holds
the state, lays out the screen and draws it."""

from __future__ import annotations

import pygame

from game.rules.game import Phase
from game.ui import draw
from game.ui.classroom import par_state, reflection_due, team_and_country
from game.ui.flags import draw_flag, flag_width
from game.ui.map_view import LENSES, MapWidget
from game.ui.scene import Scene
from game.ui.scenes.game.actions import BottomBarAndActions
from game.ui.scenes.game.cards import AgreementsAndNews
from game.ui.scenes.game.events import MapEventsAndKeys
from game.ui.scenes.game.map import PROPOSE_BUTTON_BOTTOM, PROPOSE_BUTTON_HEIGHT, MapAndLenses
from game.ui.scenes.game.panel import CountryPanel
from game.ui.text import cap, country_name, game_facts, tr, turns_shown, ui
from game.ui.tutorial import tutorial_hint
from game.ui.widgets import lens_bar_height


class GameScene(CountryPanel, AgreementsAndNews, MapAndLenses, BottomBarAndActions, MapEventsAndKeys,
                Scene):
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
        # the player's flag, then the country (with the team's name) and the year
        self.flag_rect = pygame.Rect(self.px(16), self.px(10), flag_width(self.px(36)), self.px(36))
        left = self.flag_rect.right + self.px(10)
        title_w = self.width // 2 - self.px(130) - (left - self.px(16))  # clear of the countdown
        self.label(pygame.Rect(left, self.px(6), title_w, self.px(30)),
                   team_and_country(session, viewer), "#accent")
        status = ui("game.turn_status", turn=game.turn, turns=turns_shown(game_facts(game)),
                    phase=cap(tr(f"phase.{game.phase.value}")))
        if len(session.humans) > 1:
            status += "  ·  " + ui("game.hot_seat", count=len(session.humans))
        self.label(pygame.Rect(left, self.px(32), title_w, self.px(22)), status, "#muted")
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
            top = self.map_rect.bottom - self.px(PROPOSE_BUTTON_BOTTOM + PROPOSE_BUTTON_HEIGHT)
            self.button(pygame.Rect(self.map_rect.left + self.px(10), top, width,
                                    self.px(PROPOSE_BUTTON_HEIGHT)),
                        ui("game.propose_to", name=country_name(game, self.selected)),
                        self.on_propose_selected, "#primary", key="propose_to")
        del s
        if getattr(self.app, "pending_report", False):
            self.app.pending_report = False
            if reflection_due(session):  # the teams reflect first, then the report
                self.app.defer(lambda: self.app.push("reflection"))
            else:
                self.app.defer(lambda: self.app.push("report"))
    # --- drawing -----------------------------------------------------------------------------
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
        if self.viewer is not None:
            draw_flag(surface, session.game, self.viewer, self.flag_rect.topleft, self.flag_rect.height,
                      colours.border)
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

    def keep_clear(self) -> list[pygame.Rect]:
        """The player's country, the countries' names and flags on the map (a toast over a
        neighbour's name hid it for its 4 seconds) and the map's legend (covered at 1024×768
        while the map had free room)."""
        if self.map is None:
            return []
        home = self.map.home_rect()
        legend = self.map.legend_rect()
        return ([home.inflate(self.px(32), self.px(32))] if home is not None else []) \
            + self.map.names_rects() + ([legend] if legend else [])

    def panels(self) -> list[pygame.Rect]:
        status = pygame.Rect(0, self.height - self.bottom_h, self.width, self.bottom_h)
        return [self.left_rect, self.right_rect, status]

    def draw_over(self, surface: pygame.Surface) -> None:
        if self.map is not None:
            self.map.draw_tooltip(surface)
        self.draw_hover_tip(surface)
