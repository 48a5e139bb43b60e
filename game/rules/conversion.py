"""Saves and game logs of an older version brought to this one: their actions replayed under
the present model and written again (issue 13's welfare-centred model changed the state that
the same actions reach, so the hash an old file recorded no longer fits).

Only a file made by an older version is converted: its format is older than this version's and
its actions replay by the rules. A file of this version whose state differs was changed by hand
and is refused as loading refuses it; a damaged file or an action the rules refuse is refused
with its place, as loading does. The new file is made from the replayed game alone, so the
same old file always gives the same bytes; writing it (atomically, never over the old file
unless asked) is the caller's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.rules.game import REFUSED, Game
from game.rules.storage import (
    FORMAT_VERSION,
    StorageError,
    log_text,
    replayed_log,
    replayed_save,
    save_text,
)
from game.scenario.loading import LoadedScenario


@dataclass(frozen=True)
class Conversion:
    """An old file replayed: the new file's ``text`` (None when the file is already of this
    version and fits: nothing to convert), how many ``moves`` replayed, the old ``version``."""

    kind: str  # "save" or "log"
    game: Game
    version: int
    moves: int
    text: str | None

    @property
    def needed(self) -> bool:
        return self.text is not None


def _moves(game: Game) -> int:
    return sum(1 for record in game.log if record.get("type") != REFUSED)


def convert_save(path: str | Path) -> Conversion:
    """The save at ``path`` replayed under this version; StorageError if it is damaged, holds
    an action the rules refuse, or is of this version and was changed by hand."""
    game, save = replayed_save(path)
    fits = save.state_hash == game.state_hash(legacy=save.version < 2)
    if save.version >= FORMAT_VERSION:
        if not fits:
            raise StorageError(path, "state_differs", place="state_hash")
        return Conversion("save", game, save.version, _moves(game), None)
    return Conversion("save", game, save.version, _moves(game), save_text(game, dict(save.extra)))


def convert_log(path: str | Path, loaded: LoadedScenario) -> Conversion:
    """The game log at ``path`` replayed with its scenario under this version; StorageError as
    for ``convert_save`` (and for a log without its last line, or of another scenario)."""
    game, header, footer = replayed_log(path, loaded)
    fits = footer["final_state_hash"] == game.state_hash(legacy=header.version < 2)
    if header.version >= FORMAT_VERSION:
        if not fits:
            raise StorageError(path, "log_state_differs", place=f"line {footer['line']}")
        return Conversion("log", game, header.version, _moves(game), None)
    return Conversion("log", game, header.version, _moves(game), log_text(game))
