"""Par: what the computer scores in each seat of the same game, so that a class is ranked by how
well each team played its country, not by which country it drew. No pygame here.

As in duplicate bridge, every seat is compared with the same seat played by someone else in
the same conditions: when a game starts, the computer plays the same scenario file with the same
seed, the same number of turns and the same difficulty with the AI in every seat (exactly the
game a session with no human seat plays, ``Session(Game(loaded, seed, turns), [], difficulty)``).
A seat's *par* is the AI's score in that seat; score − par says how much better (or worse) a
team did than the computer would have in its place. Par is kept for every year of the game, so
that a running game compares its score with par after the same number of turns.

Par is deterministic (the game and the AI are), so it is computed once per scenario file
(SHA-256), seed, turns and difficulty and kept in a small JSON file in a cache folder (the game's
data folder, ``par/``; the caller names it). A damaged or foreign cache file is ignored and
par is computed again, never an error. ``ParRun`` plays it in a background thread with its
progress (turns done out of the total) for a screen to poll, and can be cancelled.

Events a teacher sets off (moderator cards) are not in par: par is the game the seed gives.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.agents.ai import AINegotiator
from game.rules import actions as act
from game.rules.ending import drawn_end, end_window
from game.rules.game import Game
from game.rules.protocol import Controller, play_game
from game.rules.records import records
from game.rules.storage import atomic_write_text
from game.scenario.loading import LoadedScenario
from game.session.ahead import COMPUTERS

#: The version of the cache files; a file of another version is computed again.
PAR_FORMAT = 1
#: The cache's folder under the game's data folder.
CACHE_FOLDER = "par"


class ParCancelled(Exception):
    """The par game was cancelled (a new game started, the window closed)."""


@dataclass(frozen=True)
class ParKey:
    """What par depends on: the scenario file's SHA-256, the seed, the turns, the difficulty."""

    sha256: str
    seed: int
    turns: int  # the announced length (with a hidden end, the end is drawn from it and the seed)
    difficulty: str
    hidden_end: bool = False

    @classmethod
    def of(cls, game: Game, difficulty: str) -> ParKey:
        """The key of ``game`` played with the computer countries at ``difficulty``."""
        rules = game.rules_of_play
        return cls(game.loaded.sha256, int(game.seed), int(rules.turns), difficulty,
                   rules.hidden_end)

    @property
    def file_name(self) -> str:
        hidden = "-hidden" if self.hidden_end else ""
        return (f"{self.sha256[:32]}-seed{self.seed}-turns{self.turns}{hidden}-"
                f"{self.difficulty}.json")

    @property
    def end_turn(self) -> int:
        """The turn after which the game of this key ends (par plays the same drawn end)."""
        return drawn_end(self.seed, self.turns) if self.hidden_end else self.turns

    @property
    def latest_turn(self) -> int:
        """The last turn anybody may be told the game reaches (``Game.last_turn``)."""
        return end_window(self.turns)[1] if self.hidden_end else self.turns


@dataclass(frozen=True)
class Par:
    """The all-computer game's figures per seat, every year (year 0, the start, first)."""

    key: ParKey
    countries: tuple[str, ...]
    scores: Mapping[str, Sequence[float]]
    welfare: Mapping[str, Sequence[float]]  # welfare index, 1 = the start

    def at(self, country: str, year: int) -> float:
        """``country``'s par after ``year`` turns (the last year's after the end)."""
        series = self.scores[country]
        return float(series[max(0, min(year, len(series) - 1))])

    def final(self, country: str) -> float:
        return float(self.scores[country][-1])

    def welfare_change(self, country: str, year: int) -> float:
        """The par seat's welfare change since the start after ``year`` turns."""
        series = self.welfare[country]
        return float(series[max(0, min(year, len(series) - 1))]) / float(series[0]) - 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"format": PAR_FORMAT, "sha256": self.key.sha256, "seed": self.key.seed,
                "turns": self.key.turns, "difficulty": self.key.difficulty,
                **({"hidden_end": True} if self.key.hidden_end else {}),
                "countries": list(self.countries),
                "scores": {c: list(self.scores[c]) for c in self.countries},
                "welfare_index": {c: list(self.welfare[c]) for c in self.countries}}

    @classmethod
    def from_dict(cls, data: Any, key: ParKey) -> Par:
        """The par a cache file holds for ``key``; ValueError if it is not exactly that."""
        if not isinstance(data, dict) or data.get("format") != PAR_FORMAT:
            raise ValueError("not a par file of this version")
        if (data.get("sha256"), data.get("seed"), data.get("turns"), data.get("difficulty"),
                data.get("hidden_end", False)) != (
                key.sha256, key.seed, key.turns, key.difficulty, key.hidden_end):
            raise ValueError("the par of another game")
        countries = data.get("countries")
        if not isinstance(countries, list) or not countries or \
                not all(isinstance(c, str) for c in countries) or len(set(countries)) != len(countries):
            raise ValueError("no countries")
        tables = []
        for name in ("scores", "welfare_index"):
            table = data.get(name)
            if not isinstance(table, dict) or set(table) != set(countries):
                raise ValueError(f"{name} does not name every country")
            for series in table.values():
                if not isinstance(series, list) or len(series) != key.end_turn + 1 or not all(
                        isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
                        for x in series):
                    raise ValueError(f"{name}: not one number a year")
            tables.append({c: tuple(float(x) for x in table[c]) for c in countries})
        if any(series[0] <= 0 for series in tables[1].values()):
            raise ValueError("welfare index not positive")
        return cls(key, tuple(countries), tables[0], tables[1])


class _Cancellable:
    """The AI, asked through a gate that stops the game when it is cancelled and that holds the
    computers' lock (``ahead.COMPUTERS``) for each question: par plays in a background thread,
    and the AI's tables shared by the games of a scenario (the screening's catalogue, the
    memos) are not made for two threads at once, so par's computers never decide beside a
    session's (a click waits at most for one of par's decisions). The AI's moves are its own:
    the gate only forwards."""

    def __init__(self, inner: AINegotiator, cancelled: Callable[[], bool]):
        self.inner = inner
        self.cancelled = cancelled

    def plays(self, countries: Any) -> None:
        with COMPUTERS:
            self.inner.plays(countries)

    def diplomacy(self, game: Game, country: str, round_number: int) -> list[act.Action]:
        if self.cancelled():
            raise ParCancelled
        with COMPUTERS:
            return self.inner.diplomacy(game, country, round_number)

    def compliance(self, game: Game, country: str) -> list[act.Action]:
        if self.cancelled():
            raise ParCancelled
        with COMPUTERS:
            return self.inner.compliance(game, country)


def compute(loaded: LoadedScenario, key: ParKey,
            progress: Callable[[int, int], None] | None = None,
            cancelled: Callable[[], bool] | None = None) -> Par:
    """Play the all-computer game of ``key`` and read par from it. ``progress(done, total)``
    after every turn; ParCancelled when ``cancelled()`` turns true."""
    if loaded.sha256 != key.sha256:
        raise ValueError("the scenario file is not the one of the key")
    game = Game(loaded, key.seed, key.turns, hidden_end=key.hidden_end)
    controller: Controller = _Cancellable(AINegotiator(key.difficulty),
                                          cancelled if cancelled is not None else lambda: False)
    total = game.last_turn
    # With a hidden end, progress stops before the earliest end and jumps to the whole at the
    # end: a progress bar never shows after which turn the game stops.
    shown = game.rules_of_play.end_window[0] - 1 if key.hidden_end else total
    if progress is not None:
        progress(0, total)
    play_game(game, dict.fromkeys(game.country_ids, controller),
              after_turn=None if progress is None else
              lambda g: progress(len(g.reports), total) if len(g.reports) <= shown else None)
    if progress is not None and key.hidden_end:
        progress(total, total)
    collected = records(game)
    scores = collected.series("score")
    welfare = collected.series("welfare_index")
    return Par(key, tuple(game.country_ids), {c: tuple(scores[c]) for c in game.country_ids},
               {c: tuple(welfare[c]) for c in game.country_ids})


def cache_path(folder: Path, key: ParKey) -> Path:
    return Path(folder) / key.file_name


def read_cache(folder: Path | None, key: ParKey) -> Par | None:
    """The cached par of ``key``, or None (no folder, no file, or a damaged one)."""
    if folder is None:
        return None
    try:
        data = json.loads(cache_path(folder, key).read_text(encoding="utf-8"))
        return Par.from_dict(data, key)
    except (OSError, UnicodeDecodeError, ValueError):  # JSONDecodeError is a ValueError
        return None


def write_cache(folder: Path | None, par: Par) -> bool:
    """Keep ``par`` in the cache folder; False if it cannot be written (par is still used)."""
    if folder is None:
        return False
    try:
        atomic_write_text(cache_path(folder, par.key), json.dumps(par.to_dict()) + "\n")
    except OSError:
        return False
    return True


def par_of(loaded: LoadedScenario, key: ParKey, folder: Path | None = None,
           progress: Callable[[int, int], None] | None = None,
           cancelled: Callable[[], bool] | None = None) -> tuple[Par, bool]:
    """(par, whether it came from the cache): read from ``folder`` or computed and kept there."""
    cached = read_cache(folder, key)
    if cached is not None and tuple(cached.countries) == tuple(c.id for c in loaded.scenario.countries):
        if progress is not None:
            progress(key.latest_turn, key.latest_turn)
        return cached, True
    par = compute(loaded, key, progress, cancelled)
    write_cache(folder, par)
    return par, False


class ParRun:
    """Par of one game, computed in a background thread (``start``) or here (``run``). The
    screens poll ``status``, ``done``, ``total`` and ``fraction``; ``result`` is the par once
    ``status`` is "ready"."""

    def __init__(self, loaded: LoadedScenario, key: ParKey, folder: Path | None = None):
        self.loaded = loaded
        self.key = key
        self.folder = Path(folder) if folder is not None else None
        self.result: Par | None = None
        self.from_cache = False
        self.error: str | None = None
        self.done = 0
        self.total = key.latest_turn
        self._cancel = threading.Event()
        self._finished = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def for_game(cls, game: Game, difficulty: str, folder: Path | None = None) -> ParRun:
        return cls(game.loaded, ParKey.of(game, difficulty), folder)

    @property
    def status(self) -> str:
        """"computing", "ready", "cancelled" or "failed"."""
        if self.result is not None:
            return "ready"
        if not self._finished.is_set():
            return "computing"
        return "cancelled" if self._cancel.is_set() else "failed"

    @property
    def fraction(self) -> float:
        """How much is done, 0 to 1."""
        if self.result is not None:
            return 1.0
        return self.done / self.total if self.total > 0 else 0.0

    def start(self) -> ParRun:
        """Compute in a background thread (once); returns at once."""
        if self._thread is None and not self._finished.is_set():
            self._thread = threading.Thread(target=self.run, name="par", daemon=True)
            self._thread.start()
        return self

    def run(self) -> Par | None:
        """Compute here and now (the thread's work); the par, or None if cancelled or failed."""
        try:
            self.result, self.from_cache = par_of(self.loaded, self.key, self.folder,
                                                  self._progress, self._cancel.is_set)
        except ParCancelled:
            pass
        except Exception as error:  # par must never stop the class's game
            self.error = f"{type(error).__name__}: {error}"
        finally:
            self._finished.set()
        return self.result

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def cancel(self) -> None:
        """Stop computing (the game under way is dropped at its next move)."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until it has finished (ready, cancelled or failed); False on a timeout."""
        return self._finished.wait(timeout)
