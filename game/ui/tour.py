"""The screenshot tour: every scene in both languages, at every window size a classroom has
(1024×768, 1280×720, 1366×768, 1920×1080) and every interface scale (1.0, 1.5, 2.0), rendered
headless to PNG files. Used by ``run_game.py screenshots`` and the layout tests.

The games shown are real: an ``indonesia-partners`` game played through the session to the
moments each screen needs (a draft proposal, an offer with the partner's reasons, obligations to
keep, a turn report, a finished game).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pygame

from game.classroom.classroom import classroom_of
from game.classroom.competition import Competition, scenario_of
from game.net.client import Link
from game.rules.agreements import Clause
from game.scenario.loading import ScenarioError, load_scenario, load_text, resolve
from game.scenario.schema import ClauseKind
from game.session.par import ParKey
from game.session.session import Session
from game.ui import hosting
from game.ui.app import App
from game.ui.scene import Scene
from game.ui.scenes import balance, competition, reload
from game.ui.settings import Settings
from game.ui.teacher import confirm_leave
from game.ui.text import cap, clause_name, country_name, tr, ui

#: The window sizes of classrooms (projectors and laptops) and the interface scales of the settings.
SIZES = ((1024, 768), (1280, 720), (1366, 768), (1920, 1080))
SCALES = (1.0, 1.5, 2.0)


def set_name(size: tuple[int, int], scale: float) -> str:
    """``1280x720`` at scale 1.0, ``1920x1080@2`` at scale 2.0, ``1366x768@1.5``."""
    suffix = "" if scale == 1.0 else f"@{scale:g}"
    return f"{size[0]}x{size[1]}{suffix}"


#: (name, window size, scale) of each set of pictures: every size at every scale.
SETS = tuple((set_name(size, scale), size, scale) for size in SIZES for scale in SCALES)
#: Older names of sets, still understood by ``--set``.
SET_ALIASES = {"scale2": "1920x1080@2"}
SCENES = ("menu", "setup", "game", "map_trust", "negotiation", "what_would_it_take", "inbox",
          "compliance", "report", "charts", "end", "settings", "help", "glossary", "handover", "load_error",
          "reload_error", "balance_running", "balance_report", "competition", "competition_game",
          "competition_handover", "moderator", "reflection", "projector", "preview", "join",
          "class_news", "class_offers", "class_proposal", "class_compliance", "class_teacher",
          "class_projector")
#: The guards' questions and the keyboard's ring (teacher mode, issue 15).
SCENES += ("ask_end", "ask_leave", "ask_reload", "pin", "focus_ring")
#: Screens that show the numbers explaining themselves: a score term's explanation on hover, and
#: a draft whose trade clause an agreement in force (ATIGA) already gives.
SCENES += ("score_tip", "weaker_clause")
#: The window's messages (toasts) on the game screen: a deal agreed and a promise broken, where
#: they cover no button and not the player's country.
SCENES += ("toasts",)


@dataclass
class Games:
    """The sessions the tour shows, made once."""

    diplomacy: object  # turn 2, diplomacy, offers waiting with answers and reasons
    compliance: object  # turn 2, compliance
    finished: object  # a short game played to the end
    hot_seat: object  # two players
    network: Any = None  # a class game hosted on 127.0.0.1 (made when a scene needs it)

    def close(self) -> None:
        if self.network is not None:
            self.network.close()
            self.network = None


class Network:
    """Class games hosted on 127.0.0.1 for the pictures. The main one: three teams, Garuda
    (Indonesia) joined from a device, in diplomacy with its first proposal sent, and Komodo's
    device joined too (the teacher's screen lists two devices); and one-team games standing in
    the news and in the compliance phase."""

    def __init__(self, language: str):
        self.hostings: list[hosting.Hosting] = []
        self.links: list[Link] = []
        main = Competition(
            scenario="indonesia-partners", seed=162, turns=6, diplomacy_minutes=60.0,
            teams=[{"name": "Garuda", "country": "IDN"}, {"name": "Komodo", "country": "JPN"},
                   {"name": "Rajawali", "country": "KOR"}])
        self.hosting = self.host(main, language)
        self.team = self.join(self.hosting, "IDN")
        self.join(self.hosting, "JPN")
        wait_for(self.team.act({"kind": "begin_diplomacy"}))
        wait(lambda: self.team.view["phase"] == "diplomacy" and self.team.view["deciding"])
        wait_for(self.team.act({"kind": "propose", "parties": ["IDN", "KOR"],
                                "clauses": [{"kind": "trade_liberalisation", "level": 0.5}]}))
        teacher = self.hosting.teacher
        wait(lambda: teacher.teacher_view is not None and len(teacher.teacher_view["devices"]) >= 3)
        alone = Competition(scenario="indonesia-partners", seed=162, turns=6,
                            teams=[{"name": "Garuda", "country": "IDN"}])
        self.news = self.join(self.host(alone, language), "IDN")
        self.compliance = self.join(self.host(alone, language), "IDN")
        link = self.compliance
        wait_for(link.act({"kind": "begin_diplomacy"}))
        wait(lambda: link.view["phase"] == "diplomacy")
        for negotiation in link.view["negotiations"]:
            if negotiation["waiting_for_me"]:
                wait_for(link.act({"kind": "accept", "negotiation": negotiation["id"]}))
        wait_for(link.act({"kind": "end_diplomacy"}))
        wait(lambda: link.view["phase"] == "compliance" and bool(link.view["observation"]["obligations"]))

    def host(self, competition_: Competition, language: str) -> hosting.Hosting:
        folder = Path(tempfile.mkdtemp(prefix="diplomasi-tour-host-")) / "class"
        made = hosting.start(competition_, scenario_of(competition_), language, folder=folder,
                             bind="127.0.0.1", port=0)
        self.hostings.append(made)
        return made

    def join(self, made: hosting.Hosting, country: str) -> Link:
        link = Link(made.address, made.codes.teams[country]).start()
        self.links.append(link)
        wait(lambda: link.view is not None)
        return link

    def close(self) -> None:
        for link in self.links:
            link.close()
        for made in self.hostings:
            made.stop()


def wait(condition: Callable[[], bool], seconds: float = 60.0) -> None:
    """Until ``condition`` holds (a network picture needs the host's answer first)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the tour's class game did not answer in time")
        time.sleep(0.02)


def wait_for(pending: Any) -> None:
    if not pending.wait(60) or not pending.ok:
        raise RuntimeError(f"the tour's class game refused a move: {pending.reply}")


def make_games(scenario: str = "indonesia-partners", human: str = "IDN") -> Games:
    loaded = load_scenario(resolve(scenario))

    def to_diplomacy(session: Session, turns: int = 1) -> None:
        while session.game.turn <= turns and not session.game.finished:
            session.begin_diplomacy(human)
            if session.game.turn == turns:
                break
            session.end_diplomacy(human)
            session.end_compliance(human, {})

    diplomacy = Session.new(loaded, [human], "normal", 3, 6)
    # one turn played, so that there is a report and trend lines
    diplomacy.begin_diplomacy(human)
    partners = [c for c in diplomacy.game.country_ids if c != human]
    diplomacy.propose(human, (human, partners[0]),
                      (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5),), 5)
    for negotiation in list(diplomacy.inbox(human)):
        diplomacy.accept(human, negotiation.id)
    diplomacy.end_diplomacy(human)
    diplomacy.end_compliance(human, {})
    diplomacy.begin_diplomacy(human)
    diplomacy.propose(human, (human, partners[1]),
                      (Clause(ClauseKind.SECURITY_COOPERATION, level=0.8),
                       Clause(ClauseKind.TRADE_LIBERALISATION, level=0.9)), 5)

    compliance = Session.new(loaded, [human], "normal", 3, 6)
    compliance.begin_diplomacy(human)
    for negotiation in list(compliance.inbox(human)):
        compliance.accept(human, negotiation.id)
    compliance.end_diplomacy(human)

    finished = Session.new(loaded, [human], "normal", 3, 3)
    while not finished.game.finished:
        if finished.stage.value == "news":
            finished.begin_diplomacy(human)
        elif finished.stage.value == "diplomacy":
            for negotiation in list(finished.inbox(human)):
                finished.accept(human, negotiation.id)
            finished.end_diplomacy(human)
        else:
            finished.end_compliance(human, {})

    hot_seat = Session.new(loaded, [human, "JPN"], "normal", 3, 6)
    with_par(diplomacy, compliance, finished, hot_seat)
    return Games(diplomacy, compliance, finished, hot_seat)


def with_par(*sessions: Session) -> None:
    """Each session's par, computed here (sessions of the same game share it)."""
    runs: dict = {}
    for session in sessions:
        key = ParKey.of(session.game, session.difficulty)
        if key in runs:
            session.par = runs[key]
        else:
            runs[key] = session.start_par(background=False)


def stage(app, games: Games, scene: str) -> None:
    """Put ``app`` on ``scene`` with the right game behind it."""
    def play(session: Session, make: Callable) -> None:
        app.session = session
        app.viewer = session.current or session.humans[0]
        app.goto("game")
        if make is not None:
            app.push(make())

    app.pending_report = False
    if scene != "menu":  # the window's messages (a scale too large for it) show on the first screen
        app.toasts.clear()
    if scene == "menu":
        app.goto("menu")
    elif scene == "setup":
        app.goto("menu")
        app.push("setup", scenario_id="indonesia-partners")
    elif scene == "game":
        play(games.diplomacy, None)
    elif scene == "score_tip":  # the mouse on the welfare term of the score
        play(games.diplomacy, None)
        app.step([], 0.05)
        rects = [rect for rect, _ in app.scene.__dict__.get("hover_tips", {}).get("panel", [])]
        if len(rects) > 1:
            app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=rects[1].center, rel=(0, 0),
                                         buttons=(0, 0, 0))], 0.05)
    elif scene == "toasts":
        play(games.diplomacy, None)
        game = games.diplomacy.game
        app.toast(tr("explain.feedback.broken", name=country_name(game, "JPN"),
                     clause=cap(clause_name("trade_liberalisation")),
                     agreement=country_name(game, "IDN") + "–" + country_name(game, "JPN")), "bad")
        app.toast(tr("explain.feedback.agreed", partners=country_name(game, "KOR")), "good")
    elif scene == "weaker_clause":  # trade with Malaysia at 50 %: ATIGA already gives 90 %
        play(games.diplomacy, lambda: app.make("negotiation", partners=["MYS"]))
    elif scene == "map_trust":
        play(games.diplomacy, None)
        game_scene = app.scene
        game_scene.selected = "JPN"
        app.rebuild()
        app.step([], 0.0)
        game_scene.map.hover = "CHN"
        label = game_scene.map.labels.get("CHN")  # the mouse on China's name
        game_scene.map.mouse = game_scene.map_rect.center if label is None else \
            (game_scene.map_rect.left + label[0], game_scene.map_rect.top + label[1])
    elif scene == "negotiation":
        session = games.diplomacy
        human = session.humans[0]

        def draft():
            negotiation = app.make("negotiation", partners=["KOR"])
            negotiation.draft.set(ClauseKind.TRADE_LIBERALISATION, level=0.9)
            negotiation.draft.set(ClauseKind.TECHNOLOGY_TRANSFER, level=0.6, giver="KOR", receiver=human)
            negotiation.draft.set(ClauseKind.INVESTMENT, giver="KOR", receiver=human)
            return negotiation

        play(session, draft)
    elif scene == "what_would_it_take":  # the partners' versions of a draft, with buttons to use them
        session = games.diplomacy
        human = session.humans[0]

        def asked():
            negotiation = app.make("negotiation", partners=["JPN", "KOR"])
            negotiation.draft.set(ClauseKind.TRADE_LIBERALISATION, level=0.9)
            negotiation.draft.set(ClauseKind.TECHNOLOGY_TRANSFER, level=0.9, giver=human, receiver="JPN")
            return negotiation

        play(session, asked)
        app.step([], 0.0)
        app.scene.on_what_would_it_take()
    elif scene == "inbox":
        session = games.diplomacy
        mine = [n.id for n in session.game.negotiations if n.proposer == session.humans[0]]
        play(session, lambda: app.make("inbox", focus=mine[-1] if mine else None))
    elif scene == "compliance":
        play(games.compliance, lambda: app.make("compliance"))
    elif scene == "report":
        play(games.diplomacy, lambda: app.make("report"))
    elif scene == "charts":
        play(games.diplomacy, lambda: app.make("report", tab="charts"))
    elif scene == "end":
        app.session = games.finished
        app.viewer = games.finished.humans[0]
        app.goto("end")
    elif scene == "settings":
        app.goto("menu")
        app.push("settings")
    elif scene == "help":
        app.goto("menu")
        app.push("help")
    elif scene == "glossary":
        app.goto("menu")
        app.push("help", tab="glossary")
    elif scene == "handover":
        app.session = games.hot_seat
        app.viewer = None
        app.goto("handover", games.hot_seat.humans[0])
    elif scene == "moderator":  # the teacher's panel (F7), a border incident half chosen
        def moderator() -> Scene:
            panel = app.make("moderator", card="earthquake-tsunami")
            panel.countries = ["IDN"]
            return panel

        play(games.diplomacy, moderator)
    elif scene == "reflection":  # a team's reflection prompt after the turn
        play(games.diplomacy, lambda: app.make("reflection"))
    elif scene == "projector":  # the class's view (F9), with a team's name on the leaderboard
        classroom_of(games.diplomacy).teams["IDN"] = "Garuda"
        play(games.diplomacy, lambda: app.make("projector"))
    elif scene == "preview":  # the designer's preview of a scenario with invented countries
        app.goto("menu")
        app.push("setup", scenario_id="archipelago")
        app.push("preview", load_scenario(resolve("archipelago")))
    elif scene == "load_error":
        try:
            load_text("[scenario]\nid = 'broken'\nturns = 'ten'\n", "my-scenario.toml")
            message = ""
        except ScenarioError as error:
            message = error.report(app.settings.language)
        app.goto("menu")
        app.push("error", ui("error.scenario_title"), message)
    elif scene == "reload_error":  # F5 on a file with mistakes: the overlay over the game
        play(games.diplomacy, None)
        app.step([], 0.0)
        text = games.diplomacy.game.loaded.text.replace("turns = ", "turns = 'ten' #", 1)
        app.push(reload.example(app, text.replace("gdp = ", "gdp = -", 1), "my_scenarios/strait.toml"))
    elif scene == "competition":
        app.goto("menu")
        app.push(competition.example(app))
    elif scene in ("competition_game", "competition_handover"):  # the countdown in its last 30 s
        if getattr(games, "competition", None) is None:
            games.competition = competition.example_session()
            with_par(games.competition)
        app.session = games.competition
        app.viewer = games.competition.current
        if scene == "competition_game":
            app.goto("game")
        else:
            app.goto("handover", games.competition.humans[1])
    elif scene in ("ask_end", "ask_leave", "ask_reload", "pin"):  # over the game screen
        play(games.diplomacy, None)
        app.step([], 0.0)
        if scene == "ask_end":
            app.scene.on_end_diplomacy()
        elif scene == "ask_leave":
            confirm_leave(app)
        elif scene == "ask_reload":
            reload.confirm_reload(app)
        else:
            app.push("pin", ui("guard.teacher.title"), ui("guard.teacher.moderator"), lambda: None,
                     check=lambda pin: False)
    elif scene == "focus_ring":  # the keyboard's ring on the game screen's third button
        play(games.diplomacy, None)
        for _ in range(3):
            app.move_focus(1)
    elif scene == "join":  # what a student types: the projector's address and the team's code
        app.goto("menu")
        app.push("join", address="192.168.1.20:8765", code="K7QM-X4R")
    elif scene.startswith("class_"):
        if games.network is None:
            games.network = Network(app.settings.language)
        stage_network(app, games.network, scene)
    elif scene in ("balance_running", "balance_report"):
        app.goto("menu")
        played = 3 if scene == "balance_running" else 10
        app.push(balance.example(app, load_scenario(resolve("tutorial")), 10, played))


def stage_network(app, network: Network, scene: str) -> None:
    """The class game's screens: a team's device (news, offers, a proposal, compliance), the
    teacher's devices screen and the projector with the join address, its QR code and the codes."""
    app.hosting = network.hosting
    if scene == "class_teacher":
        app.goto("teacher")
        return
    if scene == "class_projector":
        app.goto("teacher")
        app.push("projector", hosting=network.hosting)
        return
    link = {"class_news": network.news, "class_compliance": network.compliance}.get(scene, network.team)
    app.goto("remote", link)
    remote = app.scene
    if scene == "class_offers":
        remote.tab = "offers"
    elif scene == "class_proposal":  # a draft with its projected effect, asked of the host
        remote.tab = "propose"
        remote.partners = ["JPN", "MYS"]
        remote.clauses = {"trade_liberalisation": 0.75, "education_exchange": 0.75}
        remote.level = 0.75

        def answered() -> bool:
            app.step([], 0.02)
            return remote.effect is not None
        wait(answered)
    app.rebuild()


def render_tour(out: Path, languages=("en", "id"), sets=SETS, scenes=SCENES,
                progress: Callable[[str], None] | None = None) -> list[Path]:
    """Render every scene to ``out``/<set>/<language>/<scene>.png; the files written."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    scratch = tempfile.mkdtemp(prefix="diplomasi-tour-")
    os.environ.setdefault("DIPLOMASI_CONFIG_DIR", scratch)
    os.environ.setdefault("DIPLOMASI_DATA_DIR", scratch)
    games = make_games()
    try:
        return _render(out, games, languages, sets, scenes, scratch, progress)
    finally:
        games.close()


def _render(out: Path, games: Games, languages, sets, scenes, scratch: str,
            progress: Callable[[str], None] | None) -> list[Path]:
    written = []
    for set_name, size, scale in sets:
        for language in languages:
            app = App(Settings(language=language, scale=scale), size=size,
                      save_settings_on_change=False)
            app.autosave = Path(scratch) / "autosave.json"
            folder = out / set_name / language
            folder.mkdir(parents=True, exist_ok=True)
            for scene in scenes:
                stage(app, games, scene)
                for _ in range(3):
                    app.step([], 0.05)
                path = folder / f"{scene}.png"
                pygame.image.save(app.window, str(path))
                written.append(path)
                if progress is not None:
                    progress(str(path))
    return written
