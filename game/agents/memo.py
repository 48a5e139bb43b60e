"""What the AI derives from a game and keeps while it holds: its memo, owned by the AI.

The negotiator and the projections ask for the same figures tens of thousands of times a phase
(each country's main partners, the clauses kept in force, the legal packages of a pair, a
threshold): a ``Memo`` keeps them for one game, each until an agreement is made or the turn
changes, or (``yearly``) until the model year changes, the figure being derived from the state
alone, or (``grown``) for the turn, extended with each agreement made rather than made again.
The rules' ``Game`` keeps only its own (obligations, provision rows, clause verdicts).

A negotiator owns a ``Memos``: the memos of the last few games it was asked about (a tournament
reuses one AI across games, tests make fresh games), each game known by its identity and held
weakly, so that nothing leaks from one game into another and a finished game's memo goes with
it. Functions called without a negotiator's memo (the screens' projections, tests) use
``SHARED``, bounded the same way.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from game.rules.game import Game


class Memo:
    """One game's derived figures by name, each computed once until it goes stale."""

    __slots__ = ("_figures", "_game", "_grown", "_key", "_year", "_yearly")

    def __init__(self, game: Game):
        self._game = weakref.ref(game)
        self._key: tuple[int, int] | None = None
        self._figures: dict[str, Any] = {}
        self._year: int | None = None
        self._yearly: dict[str, Any] = {}
        self._grown: dict[str, tuple] = {}

    def of(self, game: Game) -> bool:
        """Whether this is the memo of ``game`` (the very object)."""
        return self._game() is game

    def alive(self) -> bool:
        """Whether its game still exists."""
        return self._game() is not None

    def get(self, name: str, compute: Callable[[], Any], yearly: bool = False) -> Any:
        """The figure ``name``, computed by ``compute`` once until an agreement is made or the
        turn changes, or (``yearly``) once a year (callers must not modify it)."""
        game = self._game()
        assert game is not None, "the memo of a game that is gone"
        if yearly:
            if self._year != game.state.year:
                self._year, self._yearly = game.state.year, {}
            try:  # one look-up when known: the AI asks tens of thousands of times a phase
                return self._yearly[name]
            except KeyError:
                value = self._yearly[name] = compute()
                return value
        key = (game.turn, len(game.agreements))
        if self._key != key:
            self._key, self._figures = key, {}
        try:
            return self._figures[name]
        except KeyError:
            value = self._figures[name] = compute()
            return value


    def grown(self, name: str, compute: Callable[[], Any],
              extend: Callable[[Any, list], Any]) -> Any:
        """The figure ``name`` of the agreements in force, computed by ``compute`` once a turn
        and, after agreements are made, ``extend(figure, the agreements made since)`` instead
        (for figures that add up agreement by agreement, such as counts: agreements made in a
        turn come at the end of the game's list). Callers must not modify it; ``extend``
        returns a new one."""
        game = self._game()
        assert game is not None, "the memo of a game that is gone"
        agreements = game.agreements
        found = self._grown.get(name)
        if found is not None:
            turn, listing, count, last, value = found
            if (turn == game.turn and listing is agreements and count <= len(agreements)
                    and (not count or agreements[count - 1] is last)):
                if count == len(agreements):
                    return value
                value = extend(value, agreements[count:])
                self._grown[name] = (turn, agreements, len(agreements), agreements[-1], value)
                return value
        value = compute()
        self._grown[name] = (game.turn, agreements, len(agreements),
                             agreements[-1] if agreements else None, value)
        return value


#: Memos kept by a ``Memos`` at most: the games asked about most recently.
GAMES_KEPT = 2


class Memos:
    """The memos of the last GAMES_KEPT games asked about, the most recent last."""

    def __init__(self, size: int = GAMES_KEPT):
        self.size = size
        self._memos: list[Memo] = []

    def of(self, game: Game) -> Memo:
        """The memo of ``game``, a new one if it has none (the oldest dropped beyond size)."""
        memos = self._memos
        if memos and memos[-1].of(game):
            return memos[-1]
        found = next((memo for memo in memos if memo.of(game)), None)
        if found is None:
            found = Memo(game)
        else:
            memos.remove(found)
        kept = [memo for memo in memos if memo.alive()]
        memos[:] = kept[max(len(kept) - self.size + 1, 0):] if self.size > 1 else []
        memos.append(found)
        return found

    def moved(self, old: Game, new: Game) -> None:
        """The memo of ``old`` becomes ``new``'s (a game that took over ``old``'s contents:
        the session's opening rounds played on a copy, ``game.session.ahead``); the memo
        ``new`` had is dropped (its figures are of the game before)."""
        self._memos = [memo for memo in self._memos if not memo.of(new)]
        for memo in self._memos:
            if memo.of(old):
                memo._game = weakref.ref(new)


#: The memos of callers that have no negotiator's (the screens' projections, tests).
SHARED = Memos()


def memo_for(game: Game, memo: Memo | None = None) -> Memo:
    """``memo`` if it is ``game``'s, else the shared memo of ``game``."""
    if memo is not None and memo.of(game):
        return memo
    return SHARED.of(game)
