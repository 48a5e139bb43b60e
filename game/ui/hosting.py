"""The class game hosted from the teacher's window: the competition's set-up made into a hosted
game's folder here (``Host.new``: the save, the codes), then served to the teams' devices by the
same host as ``run_game.py host --resume`` in a process of its own (``game.net.process``), so that
the host's moves, AI and resolutions never share an interpreter with the window's frames. The
teacher's own screen joins it with the teacher's code like any device (``game.net.client``); the
projector draws the host's save, read again (on a thread) when it changes.

What the scenes need of it: the join address, the teams' codes, the teacher's link.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.classroom.competition import Competition
from game.net.client import Link
from game.net.codes import CodeBook, shown
from game.net.host import SAVE_FILE, Host
from game.net.process import DEFAULT_PORT, HostProcess
from game.net.web import local_address
from game.scenario.loading import LoadedScenario
from game.ui.settings import data_dir

#: Where the window's host listens: this machine's address on the local network (None) or the
#: one given (the tests: the loopback address), on the usual port (0: any free one).
BIND: str | None = None
PORT = DEFAULT_PORT
#: The projector looks at most this often (seconds) whether the host saved a change.
SAVE_CHECK = 0.5


@dataclass
class Hosting:
    """A class game this window hosts."""

    process: HostProcess
    teacher: Link
    codes: CodeBook
    teams: dict[str, str]
    #: the host's save as last read for the projector, and when it was written.
    _read: Any = None
    _written: int = -1
    _checked: float = 0.0
    _reading: threading.Thread | None = field(default=None, repr=False)

    @property
    def address(self) -> str:
        return self.process.join_address

    @property
    def folder(self) -> Path:
        return self.process.folder

    def team_codes(self) -> list[tuple[str, str, str]]:
        """(team name, country id, code as shown) of every team, in playing order."""
        return [(self.teams.get(country) or country, country, shown(code))
                for country, code in self.codes.teams.items()]

    @property
    def teacher_code(self) -> str:
        return shown(self.codes.teacher)

    @property
    def session(self) -> Any:
        """The game as the host last saved it (read-only: for the projector). The first call
        reads it; later ones start reading a newer save on a thread and meanwhile give the one
        already read, so that a frame never waits for the save to be read."""
        now = time.monotonic()
        if self._read is not None and now - self._checked < SAVE_CHECK:
            return self._read
        self._checked = now
        written = self._save_time()
        if self._read is None:
            self._load(written)
        elif written != self._written and (self._reading is None or not self._reading.is_alive()):
            self._reading = threading.Thread(target=self._load, args=(written,), daemon=True,
                                             name="diplomasi-projector-save")
            self._reading.start()
        return self._read

    def _save_time(self) -> int:
        try:
            return (self.folder / SAVE_FILE).stat().st_mtime_ns
        except OSError:
            return -1

    def _load(self, written: int) -> None:
        from game.net.classroom import NetClassroom
        from game.rules.storage import StorageError
        from game.session.session import Session

        try:
            self._read = Session.load(self.folder / SAVE_FILE, classroom=NetClassroom.from_dict)
            self._written = written
        except (StorageError, OSError):  # caught between two writes: the next check reads it
            pass

    def stop(self) -> None:
        """Stop serving; the game stays saved in its folder (``run_game.py host --resume``)."""
        self.teacher.close(wait=2.0)
        self.process.stop()


def hosted_folder() -> Path:
    """A new folder for a hosted game, in the game's data folder."""
    return data_dir() / "hosted" / time.strftime("%Y%m%d-%H%M%S")


def start(competition: Competition, loaded: LoadedScenario, language: str = "en",
          folder: Path | None = None, bind: str | None = None,
          port: int | None = None) -> Hosting:
    """Host ``competition`` on this machine's local address (OSError if it cannot listen)."""
    folder = folder or hosted_folder()
    while (folder / SAVE_FILE).exists():  # two games started within one second
        folder = folder.with_name(folder.name + "-1")
    made = Host.new(loaded, competition.humans, folder, teams=competition.team_names,
                    seed=competition.seed, turns=competition.turns,
                    difficulty=competition.difficulty,
                    diplomacy_seconds=competition.diplomacy_seconds,
                    hidden_end=competition.hidden_end,
                    reflection=False)  # the prompts are a shared screen's; devices have none
    made.close()
    process = HostProcess(folder, bind or BIND or local_address(), PORT if port is None else port).start()
    teacher = Link(process.join_address, made.codes.teacher, language).start()
    return Hosting(process, teacher, made.codes, dict(made.classroom.teams))
