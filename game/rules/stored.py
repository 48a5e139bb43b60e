"""What a save and a game log must hold, checked before the game believes a byte of them.

The bytes are scanned first (size, then how deeply lists and objects nest), so that a damaged or
hostile file is refused before ``json`` spends memory or recursion on it; then the parsed
document is checked by the pydantic models below. A problem becomes a ``Refusal``: a catalog key
(``storage.<key>``) and its values, with the place in the file (``actions[3].turn``) so that
the player reads what is wrong and where, in their language.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.scenario.schema import unprintable

#: A save or log larger than this is not one of ours (a whole world game saves in well under
#: 10 MB; parsing JSON takes about 25 times its size in memory).
MAXIMUM_MEGABYTES = 32
MAXIMUM_BYTES = MAXIMUM_MEGABYTES * 1024 * 1024
#: Lists and objects nest at most this deep in a save (ours reach about 8).
MAXIMUM_DEPTH = 48

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_CHUNK = 1 << 22


class Refusal(Exception):
    """A file that is not what it claims: ``key`` in the catalog ``storage.*`` and its values."""

    def __init__(self, key: str, **values: Any):
        super().__init__(key)
        self.key = key
        self.values = values


def shown(value: Any) -> Any:
    """A value for a message: a text with characters that cannot be shown (control
    characters, escapes, direction overrides) gets them written as escapes (``\\x00``), so a
    damaged file cannot put them on the screen or the terminal; anything else as it is."""
    if not isinstance(value, str) or unprintable(value, line_breaks=True) is None:
        return value
    return "".join(c if unprintable(c, line_breaks=True) is None else repr(c)[1:-1] for c in value)


def nesting_depth(data: bytes) -> int:
    """How deeply lists and objects nest in JSON ``data`` (strings skipped), without parsing:
    a bracket count over the bytes, a few megabytes at a time."""
    stripped = _STRING.sub(b'""', data)
    deepest = level = 0
    for start in range(0, len(stripped), _CHUNK):
        codes = np.frombuffer(stripped, dtype=np.uint8, count=min(_CHUNK, len(stripped) - start),
                              offset=start)
        change = ((codes == 0x5B) | (codes == 0x7B)).astype(np.int32)
        change -= ((codes == 0x5D) | (codes == 0x7D))
        levels = np.cumsum(change) + level
        if levels.size:
            deepest = max(deepest, int(levels.max()))
            level = int(levels[-1])
    return deepest


def check_bytes(data: bytes) -> None:
    """Refusal if ``data`` is too large or nests too deeply to be one of our files."""
    if len(data) > MAXIMUM_BYTES:
        raise Refusal("too_large", megabytes=round(len(data) / 2**20), limit=MAXIMUM_MEGABYTES)
    depth = nesting_depth(data)
    if depth > MAXIMUM_DEPTH:
        raise Refusal("too_deep", depth=depth, limit=MAXIMUM_DEPTH)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(text: str) -> Any:
    """``json.loads`` that refuses NaN and Infinity (ValueError, like any other bad JSON)."""
    return json.loads(text, parse_constant=_no_constant)


# --- the models ------------------------------------------------------------------------------

Seed = Annotated[int, Field(strict=True, ge=0, le=2**63 - 1)]
Turns = Annotated[int, Field(strict=True, ge=1, le=100)]
Version = Annotated[int, Field(strict=True, ge=1)]
Hash = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class Loose(BaseModel):
    """Keys this version does not know are left alone (a later minor addition); the ones it
    knows must have the right type."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class SavedScenario(Loose):
    id: Annotated[str, Field(pattern=r"^([A-Za-z][A-Za-z0-9_-]{0,39})?$")] = ""
    source: str = ""
    sha256: str = ""
    text: str


class SaveFile(Loose):
    """A save: the scenario's text, the seed and length, the actions, the state they reach."""

    format: Literal["diplomasi-save"]
    version: Version
    scenario: SavedScenario
    seed: Seed
    turns: Turns
    #: The end drawn from the seed around ``turns`` (``game.rules.ending``).
    hidden_end: bool = Field(default=False, strict=True)
    actions: list[dict[str, Any]]
    state_hash: Hash
    extra: dict[str, Any] = Field(default_factory=dict)


class LogHeader(Loose):
    """A game log's first line."""

    format: Literal["diplomasi-log"]
    version: Version
    scenario: str
    scenario_sha256: str
    scenario_source: str | None = None
    seed: Seed
    turns: Turns | None = None
    hidden_end: bool = Field(default=False, strict=True)  # as SaveFile's


class LogFooter(Loose):
    """A game log's last line: where the game stood and the hash of its state."""

    final_state_hash: Hash
    turn: Annotated[int, Field(strict=True, ge=0, le=101)]
    phase: str


def checked(model: type[Loose], data: Any, prefix: tuple[str | int, ...] = ()) -> Any:
    """``data`` validated by ``model``; Refusal naming the first wrong place otherwise."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise refusal_of(error, prefix) from None


def refusal_of(error: ValidationError, prefix: tuple[str | int, ...] = ()) -> Refusal:
    """The first problem of a validation error as a Refusal with its place."""
    first = error.errors()[0]
    place = place_name((*prefix, *first["loc"]))
    kind = first["type"]
    context = first.get("ctx") or {}
    given = first.get("input")
    found = repr(given) if not isinstance(given, dict | list) else type(given).__name__
    found = found if len(found) <= 40 else found[:37] + "…"
    if kind == "missing":
        return Refusal("field_missing", place=place)
    if kind in ("greater_than_equal", "greater_than"):
        return Refusal("field_too_small", place=place, found=found,
                       bound=context.get("ge", context.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return Refusal("field_too_large", place=place, found=found,
                       bound=context.get("le", context.get("lt")))
    return Refusal("field_wrong", place=place, found=found)


def place_name(location: tuple[Any, ...]) -> str:
    """('actions', 3, 'turn') → 'actions[3].turn'."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            part = str(part)
            if unprintable(part) is not None or not part.isidentifier():
                part = repr(part)[:40]  # a key with control characters is shown escaped
            text += f".{part}" if text else part
    return text or "(the whole file)"
