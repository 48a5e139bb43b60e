"""The projector view: what the whole class may see of a running game, in large type.

The map with the agreements in force drawn as links (coloured by type), the leaderboard (with
team names; by score − par once par is known, each row with its score and par), the year's
news, the turn and the phase. Only public state is shown: never an
offer under negotiation, an evaluation or anything else one player should not see. F9 opens it
from any in-game screen and F9 or Esc goes back (``App.toggle_projector``).

Sizes follow the window, not the UI scale: at 1280×720 the text is about twice the game's,
so that it reads from the back of a classroom.

A class game hosted from this window (``game.ui.hosting``) adds a column on the left: the join
address, its QR code and each team's join code (never the teacher's). The game is then the
host's, changed on the host's own thread: a frame drawn while the host holds the game's lock
shows the last frame instead of waiting.
"""

from __future__ import annotations

from typing import Any

import pygame

from game.classroom.classroom import classroom_of
from game.session.views import ranked_value
from game.ui import draw
from game.ui.classroom import par_note, par_state
from game.ui.flags import draw_flag, flag_width
from game.ui.map_view import MapWidget, agreement_links
from game.ui.scene import Scene
from game.ui.scenes.projector.join import ProjectorJoin
from game.ui.text import (
    cap,
    country_name,
    event_title,
    game_facts,
    names,
    number,
    scenario_text,
    signed,
    tr,
    turns_shown,
    ui,
)

#: Two scores closer than this share a rank.
TIE = 1e-9


def leaderboard_rows(session: Any, capacity: int) -> list[dict[str, Any] | None]:
    """The leaderboard rows that fit in ``capacity`` lines, best first: everyone if they fit,
    else the top and then every human or team country further down, after a gap (None)."""
    board = session.leaderboard()
    if len(board) <= capacity:
        return list(board)
    teams = classroom_of(session).teams
    wanted = [r for r in board if r["human"] or r["country"] in teams]
    top = max(capacity - 1, 0)
    late: list[dict[str, Any]] = []
    while top > 0:
        late = [r for r in wanted if r["rank"] > top]
        if top + 1 + len(late) <= capacity:
            break
        top -= 1
    rows: list[dict[str, Any] | None] = list(board[:top])
    if top < len(board):
        rows.append(None)
        rows.extend(late[:max(capacity - top - 1, 0)])
    return rows


def shared_ranks(board: list[dict[str, Any]]) -> dict[str, int]:
    """Rank of each country where equal scores (score − par, where par is known) share a rank
    (1, 1, 3, ...)."""
    ranks: dict[str, int] = {}
    previous: float | None = None
    rank = 0
    for position, row in enumerate(board, start=1):
        value = ranked_value(row)
        if previous is None or abs(value - previous) > TIE:
            rank = position
            previous = value
        ranks[row["country"]] = rank
    return ranks


class ProjectorScene(ProjectorJoin, Scene):
    name = "projector"

    def __init__(self, app, hosting: Any = None):
        super().__init__(app)
        self.map: MapWidget | None = None
        self.view = None
        self.rows: list[dict[str, Any] | None] = []
        self.hosting = hosting
        self.join_rect: pygame.Rect | None = None
        self.last_frame: pygame.Surface | None = None

    @property
    def session(self):
        return self.hosting.session if self.hosting is not None else self.app.session

    @property
    def unit(self) -> float:
        """The projector's own size unit: 1 at 1280×720, larger on larger screens."""
        return min(self.width / 1280, self.height / 720)

    def u(self, value: float) -> int:
        return round(value * self.unit)

    def big(self, pixels: int, bold: bool = False) -> pygame.font.Font:
        return draw.font(pixels, self.unit, bold)

    def invalidate(self) -> None:
        self._cache.clear()
        self._links_key = None
        if self.map is not None:
            self.view = self.map.view
            self.map = None

    # --- layout ------------------------------------------------------------------------------
    def layout(self) -> None:
        margin = self.u(16)
        self.header = pygame.Rect(0, 0, self.width, self.u(86))
        right_w = round(self.width * 0.38)
        body_top = self.header.bottom + margin
        body_h = self.height - body_top - margin
        self.right_rect = pygame.Rect(self.width - margin - right_w, body_top, right_w, body_h)
        left = margin
        if self.hosting is not None:  # the join column
            self.join_rect = pygame.Rect(margin, body_top, round(self.width * 0.25), body_h)
            left = self.join_rect.right + margin
        self.map_rect = pygame.Rect(left, body_top, self.right_rect.left - margin - left, body_h)
        board_h = round(body_h * 0.62)
        self.board_rect = pygame.Rect(self.right_rect.left, body_top, right_w, board_h)
        self.news_rect = pygame.Rect(self.right_rect.left, self.board_rect.bottom + margin, right_w,
                                     body_h - board_h - margin)

    def build(self) -> None:
        if self.session is None:
            return
        self.layout()
        width = max(self.px(130), self.font().size(ui("common.back"))[0] + self.px(30))
        self.button(pygame.Rect(self.width - width - self.px(16), (self.header.height - self.px(38)) // 2,
                                width, self.px(38)), ui("common.back"), self.back, key="back",
                    tooltip=ui("projector.back_tip"))

    # --- drawing -----------------------------------------------------------------------------
    def _ensure_map(self) -> None:
        fresh = self.map is None
        if fresh:
            self.map = MapWidget(self.app, self.session, None, self.map_rect, view=self.view)
            self.map.show_you = False
            self._links_key = None
        self.map.set_rect(self.map_rect)
        self.map.label_scale = 1.35 * self.unit
        key = self._key()
        if getattr(self, "_links_key", None) != key:  # the links change only with the game
            self._links_key = key
            game = self.session.game
            self.map.set_links(agreement_links(game, game.in_force()))
            # the names and the region kept clear of the links' legend (not the lenses' one)
            width, height = self.map.links_legend_size(1.2 * self.unit)
            box = (width + self.u(12) - self.px(10), height + self.u(12) - self.px(10))
            if box != self.map.legend_box:
                self.map.legend_box = box
                self.map.surface = None
                if fresh and self.view is None:
                    self.map.show_region()

    def _key(self) -> tuple:
        game = self.session.game
        teams = classroom_of(self.session).teams
        return (len(game.history), len(game.agreements), game.turn, game.phase.value,
                tuple(sorted(teams.items())), len(game.events), par_state(self.session))

    def draw(self, surface: pygame.Surface) -> None:
        if self.hosting is None:
            self.draw_game(surface)
            return
        lock = self.session.lock
        if not lock.acquire(blocking=False):  # the host is changing the game: the last frame
            if self.last_frame is not None and self.last_frame.get_size() == surface.get_size():
                surface.blit(self.last_frame, (0, 0))
                return
            lock.acquire()
        try:
            self.draw_game(surface)
        finally:
            lock.release()
        self.last_frame = surface.copy()

    def draw_game(self, surface: pygame.Surface) -> None:
        colours = self.colours
        surface.fill(colours.background)
        if self.session is None:
            return
        pygame.draw.rect(surface, colours.panel, self.header)
        pygame.draw.line(surface, colours.border, (0, self.header.bottom - 1),
                         (self.width, self.header.bottom - 1))
        back = self.buttons.get("back")
        header_w = (back.rect.left if back is not None else self.width) - self.u(24)
        surface.blit(self.cached("header", self._key(), (header_w, self.header.height),
                                 self.paint_header), (0, 0))
        self._ensure_map()
        self.map.draw(surface)
        pygame.draw.rect(surface, colours.border, self.map_rect, 1)
        self.map.draw_links_legend(surface, (self.map_rect.left + self.u(12),
                                             self.map_rect.bottom - self.u(12)),
                                   scale=1.2 * self.unit)
        panels = [(self.board_rect, self.paint_board), (self.news_rect, self.paint_news)]
        if self.join_rect is not None:
            panels.append((self.join_rect, self.paint_join))
        for rect, paint in panels:
            draw.card(surface, rect, colours.panel, colours.border, self.u(10))
            surface.blit(self.cached(paint.__name__, self._key(), rect.size, paint), rect)

    def paint_header(self, image: pygame.Surface) -> None:
        game = self.session.game
        colours = self.colours
        x = self.u(24)
        width = image.get_width() - x
        phase = cap(tr(f"phase.{game.phase.value}"))
        if game.finished:
            status = ui("projector.finished", turns=len(game.reports))
        else:
            status = ui("projector.turn", turn=game.turn, turns=turns_shown(game_facts(game)),
                        phase=phase)
        big = self.big(36, True)
        draw.text(image, status, (x, self.u(6)), big, colours.accent, max_width=width)
        draw.text(image, scenario_text(game.scenario.scenario.title), (x, self.u(6) + big.get_linesize()),
                  self.big(22), colours.muted, max_width=width)

    def paint_board(self, image: pygame.Surface) -> None:
        """The leaderboard: rank, country (and team), score, change since last year; once par
        is known, ranked by score − par with each row's score and par under its name."""
        session = self.session
        game = session.game
        colours = self.colours
        teams = classroom_of(session).teams
        pad = self.u(18)
        width = image.get_width() - 2 * pad
        title = self.big(28, True)
        small = self.big(18)
        y = self.u(10)
        draw.text(image, ui("projector.leaderboard"), (pad, y), title, colours.text)
        board = session.leaderboard()
        with_par = bool(board) and board[0]["par"] is not None
        right = pad + width
        change_w = self.u(84)
        score_right = right - change_w - self.u(14)
        header_y = y + title.get_linesize() - small.get_linesize() - self.u(2)
        draw.text(image, ui("par.difference") if with_par else ui("projector.score"),
                  (score_right, header_y), small, colours.muted, "topright")
        draw.text(image, ui("projector.change"), (right, header_y), small, colours.muted, "topright")
        y += title.get_linesize()
        note = ui("par.ranked_by") if with_par else par_note(session)
        if note:
            draw.text(image, note, (pad, y), small, colours.muted, max_width=width)
            y += small.get_linesize()
        y += self.u(6)
        name_font, score_font = self.big(26), self.big(30, True)
        name_room = score_right - score_font.size("+00.0")[0] - self.u(16) - pad - self.u(46)
        name_room -= flag_width(min(name_font.get_linesize() - self.u(8), self.u(28))) + self.u(10)
        under = any(self.big(22).size(f"· {team}")[0] > name_room - self.u(10)
                    - name_font.size(country_name(game, country))[0]
                    for country, team in teams.items())  # a team that goes under its country
        row_h = self.u(56 if with_par or under else 44)
        capacity = max(1, (image.get_height() - y - self.u(8)) // row_h)
        ranks = shared_ranks(board)
        years = session.indicators_by_year()
        before = years[-2] if len(years) > 1 else years[-1]
        par = session.par_known() if with_par else None
        self.rows = leaderboard_rows(session, capacity)
        name_font, rank_font = self.big(26), self.big(26, True)
        score_font, change_font = self.big(30, True), self.big(22, True)
        rank_w = self.u(46)
        for row in self.rows:
            middle = y + row_h // 2
            if row is None:
                draw.text(image, "\u2026", (pad + rank_w // 2, middle), rank_font, colours.muted, "center")
                y += row_h
                continue
            country = row["country"]
            highlight = row["human"] or country in teams
            if highlight:
                draw.card(image, pygame.Rect(pad - self.u(8), y + self.u(2), width + self.u(16),
                                             row_h - self.u(4)), colours.panel_alt, None, self.u(6))
            draw.text(image, str(ranks[country]), (pad + rank_w - self.u(10), middle), rank_font,
                      colours.muted, "midright")
            shown_value = ranked_value(row)
            score_text = signed(shown_value, 1) if with_par else number(shown_value, 1)
            score_w = score_font.size(score_text)[0]
            under_left = pad + rank_w  # the line under the name starts under the flag
            under_room = score_right - score_w - self.u(16) - under_left
            name = country_name(game, country)
            team = teams.get(country)
            name_w = min(name_font.size(name)[0], under_room)
            team_w = self.big(22).size(f"· {team}")[0] if team else 0
            # the flag before every name that fits beside it, so the names stand in one column
            # (a team that no longer fits beside its country goes on the line under it)
            flag_h = min(name_font.get_linesize() - self.u(8), row_h - self.u(16))
            flag_room = flag_width(flag_h) + self.u(10)
            with_flag = name_w + flag_room <= under_room
            name_left = under_left + (flag_room if with_flag else 0)
            name_room = score_right - score_w - self.u(16) - name_left
            room = name_room - min(name_font.size(name)[0], name_room) - self.u(10)
            beside = bool(team) and team_w <= room
            two_lines = with_par or (bool(team) and not beside)  # the name, and a line under it
            name_y = middle - (small.get_linesize() // 2 if two_lines else 0)
            if with_flag:
                draw_flag(image, game, country, (under_left, name_y - flag_h // 2), flag_h)
            drawn = draw.text(image, name, (name_left, name_y), name_font,
                              colours.accent if highlight else colours.text, "midleft",
                              max_width=name_room)
            under = []  # the line under the name: the team where it cannot stand beside, the par
            room = name_left + name_room - drawn.right - self.u(10)
            if beside:
                draw.text(image, f"· {team}", (drawn.right + self.u(10), name_y), self.big(22),
                          colours.muted, "midleft", max_width=room)
            elif team:
                under.append(team)
            if with_par:  # the score and par under the name (the column shows score − par already)
                par_row = ui("par.row", score=number(row["score"], 1), par=number(row["par"], 1))
                if not under or small.size(" · ".join([*under, par_row]))[0] <= under_room:
                    under.append(par_row)
            if under:
                draw.text(image, " · ".join(under), (under_left, drawn.bottom), small, colours.muted,
                          max_width=under_room)
            draw.text(image, score_text, (score_right, middle), score_font, colours.text, "midright")
            change = row["score"] - before[country]["score"]
            if par is not None:  # the change of score − par
                change -= row["par"] - par.at(country, len(years) - 2)
            shown = signed(change, 1)
            colour = colours.muted if shown == number(0.0, 1) else (
                colours.good if change > 0 else colours.bad)
            draw.text(image, shown, (right, middle), change_font, colour, "midright")
            y += row_h

    def paint_news(self, image: pygame.Surface) -> None:
        """The year's news and the agreements signed this year (public)."""
        game = self.session.game
        colours = self.colours
        pad = self.u(18)
        width = image.get_width() - 2 * pad
        bottom = image.get_height() - self.u(8)
        title = self.big(28, True)
        bold, normal = self.big(22, True), self.big(20)
        y = self.u(10)
        draw.text(image, ui("game.news", turn=game.turn), (pad, y), title, colours.text, max_width=width)
        y += title.get_linesize() + self.u(4)
        items: list[tuple[str, str]] = []
        for event in game.events:
            struck = names(game, list(event.countries)) if event.countries else ui("game.everyone")
            items.append((event_title(game, event), struck))
        made = [a for a in game.agreements if game.newly_made(a)]
        if len(made) > 2:  # a busy year (large scenarios): one line, first
            items.insert(0, (ui("projector.signed_count", count=len(made)), ""))
        for agreement in made if len(made) <= 2 else []:
            items.append((ui("projector.signed", type=cap(tr(
                f"agreement_type.{game.agreement_type(agreement.parties).value}"))),
                names(game, agreement.parties)))
        if not items:
            items.append((ui("game.quiet_year"), ""))
        for heading, detail in items:
            if y + bold.get_linesize() > bottom:
                break
            for line in draw.wrap(heading, bold, width)[:2]:
                if y + bold.get_linesize() > bottom:
                    break
                draw.text(image, line, (pad, y), bold, colours.text, max_width=width)
                y += bold.get_linesize()
            if detail:
                for line in draw.wrap(detail, normal, width)[:2]:
                    if y + normal.get_linesize() > bottom:
                        break
                    draw.text(image, line, (pad, y), normal, colours.muted, max_width=width)
                    y += normal.get_linesize()
            y += self.u(6)




    # --- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if self.map is None:
            return
        if event.type == pygame.KEYDOWN:
            self.map.key(event.key)
        elif event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION,
                            pygame.MOUSEWHEEL):
            back = self.buttons.get("back")
            if event.type == pygame.MOUSEBUTTONDOWN and back is not None \
                    and back.rect.collidepoint(event.pos):
                return
            self.map.handle(event)

    def back(self) -> None:
        self.app.pop()
