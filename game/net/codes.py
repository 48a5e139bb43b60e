"""Join codes: one per team and one for the teacher, short, readable and unguessable.

A code is drawn with ``secrets`` from 31 symbols that cannot be mistaken for one another on a
projector (no 0/O, 1/l/I): a team's code has 7 of them (31^7, about 34 bits), the teacher's 9
(about 44 bits). Codes are shown as ``ABCD-EFG``; what a student types is read leniently (case,
spaces and dashes do not matter) and compared in constant time. The host keeps them in its own
folder (``codes.json``, readable by the teacher's account only), never in the game's save.
"""

from __future__ import annotations

import json
import math
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.rules.storage import atomic_write_text

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TEAM_LENGTH = 7
TEACHER_LENGTH = 9
CODES_FILE = "codes.json"


def bits(length: int) -> float:
    """How many bits of chance a code of ``length`` symbols carries."""
    return length * math.log2(len(ALPHABET))


def new_code(length: int = TEAM_LENGTH) -> str:
    """A fresh code of ``length`` symbols drawn with ``secrets``."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalised(text: str) -> str:
    """What a person typed, as a code: upper case, without spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch not in " -_\t")


def shown(code: str) -> str:
    """A code as it is shown: in groups of four, e.g. ``K7QM-X4R``."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


class CodesError(Exception):
    """A codes file that cannot be read (``key``: ``net.codes.<key>`` in the catalogs)."""

    def __init__(self, path: Path, key: str):
        self.path = path
        self.key = key
        super().__init__(f"{path}: {key}")


@dataclass
class CodeBook:
    """Every team's code (country id → code) and the teacher's."""

    teams: dict[str, str]
    teacher: str
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def new(cls, countries: list[str]) -> CodeBook:
        """Fresh codes, all different, for ``countries``."""
        while True:
            teams = {country: new_code(TEAM_LENGTH) for country in countries}
            teacher = new_code(TEACHER_LENGTH)
            if len({*teams.values(), teacher}) == len(teams) + 1:
                return cls(teams, teacher)

    def who(self, typed: str) -> tuple[str, str | None] | None:
        """("teacher", None), ("team", country), or None for a wrong code."""
        code = normalised(typed)[:32]
        found: tuple[str, str | None] | None = None
        # every comparison is made, so that the time taken says nothing of the codes
        if secrets.compare_digest(code.encode(), self.teacher.encode()):
            found = ("teacher", None)
        for country, team_code in self.teams.items():
            if secrets.compare_digest(code.encode(), team_code.encode()):
                found = ("team", country)
        return found

    def save(self, folder: Path) -> Path:
        """Write ``codes.json`` in ``folder``, readable by this account only."""
        path = folder / CODES_FILE
        atomic_write_text(path, json.dumps({"teams": self.teams, "teacher": self.teacher},
                                           indent=1, sort_keys=True) + "\n")
        os.chmod(path, 0o600)
        return path

    @classmethod
    def load(cls, folder: Path) -> CodeBook:
        """The codes the host of ``folder`` gave out (CodesError if they cannot be read)."""
        path = folder / CODES_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CodesError(path, "missing") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            raise CodesError(path, "damaged") from None
        teams, teacher = data.get("teams") if isinstance(data, dict) else None, None
        if isinstance(data, dict):
            teacher = data.get("teacher")
        if (not isinstance(teams, dict) or not isinstance(teacher, str)
                or not all(isinstance(k, str) and isinstance(v, str) for k, v in teams.items())):
            raise CodesError(path, "damaged")
        return cls({k: normalised(v) for k, v in teams.items()}, normalised(teacher))
