"""The class game hosted from the teacher's window: the competition's set-up served to the teams'
devices by the same host as ``run_game.py host`` (``game.net.host``), on a thread beside the
pygame loop (``game.net.background``), and the teacher's own screen joined to it with the
teacher's code like any device (``game.net.client``), so that the window never reads the host's
devices or waits on its network. The projector reads the host's session under its lock.

What the scenes need of it: the join address, the teams' codes, the teacher's link.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.classroom.competition import Competition
from game.net.background import DEFAULT_PORT, HostThread
from game.net.client import Link
from game.net.codes import shown
from game.net.host import Host
from game.net.web import local_address
from game.scenario.loading import LoadedScenario
from game.ui.settings import data_dir

#: Where the window's host listens: this machine's address on the local network (None) or the
#: one given (the tests: the loopback address), on the usual port (0: any free one).
BIND: str | None = None
PORT = DEFAULT_PORT


@dataclass
class Hosting:
    """A class game this window hosts."""

    thread: HostThread
    teacher: Link

    @property
    def host(self) -> Host:
        return self.thread.host

    @property
    def session(self) -> Any:
        return self.thread.host.session

    @property
    def address(self) -> str:
        return self.thread.join_address

    @property
    def folder(self) -> Path:
        return self.thread.folder

    def team_codes(self) -> list[tuple[str, str, str]]:
        """(team name, country id, code as shown) of every team, in playing order."""
        classroom = self.host.classroom
        return [(classroom.team(country) or country, country, shown(code))
                for country, code in self.host.codes.teams.items()]

    @property
    def teacher_code(self) -> str:
        return shown(self.host.codes.teacher)

    def stop(self) -> None:
        """Stop serving; the game stays saved in its folder (``run_game.py host --resume``)."""
        self.teacher.close(wait=2.0)
        self.thread.stop()


def hosted_folder() -> Path:
    """A new folder for a hosted game, in the game's data folder."""
    return data_dir() / "hosted" / time.strftime("%Y%m%d-%H%M%S")


def start(competition: Competition, loaded: LoadedScenario, language: str = "en",
          folder: Path | None = None, bind: str | None = None,
          port: int | None = None) -> Hosting:
    """Host ``competition`` on this machine's local address (OSError if it cannot listen)."""
    folder = folder or hosted_folder()
    while (folder / "autosave.json").exists():  # two games started within one second
        folder = folder.with_name(folder.name + "-1")
    host = Host.new(loaded, competition.humans, folder, teams=competition.team_names,
                    seed=competition.seed, turns=competition.turns,
                    difficulty=competition.difficulty,
                    diplomacy_seconds=competition.diplomacy_seconds,
                    reflection=False)  # the prompts are a shared screen's; devices have none
    thread = HostThread(host, bind or BIND or local_address(), PORT if port is None else port).start()
    teacher = Link(thread.join_address, host.codes.teacher, language).start()
    return Hosting(thread, teacher)
