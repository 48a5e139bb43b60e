"""The host's one game thread (issue 14): every move, command, query and view is made there,
one after another, so that the network loop never waits on the AI and never reads the game
while it changes. Urgent work (a move, a query, a joining device's view, the view of the team
that just acted) goes before the views of the other teams, made in the background after a
change, so that those never hold up a move; the computers' part that moves set off (``later``)
goes between them, after the moves already waiting; within each kind, first come, first served."""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

URGENT, LATER, BACKGROUND, LAST = 0, 1, 2, 3


class GameThread:
    """One thread doing the work given to it, urgent work first."""

    def __init__(self, name: str = "diplomasi-game") -> None:
        self._queue: queue.PriorityQueue[tuple[int, int, Future | None, Callable[..., Any] | None,
                                               tuple[Any, ...]]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    def submit(self, work: Callable[..., Any], *args: Any, background: bool = False,
               later: bool = False) -> Future:
        """``work(*args)`` on the game thread, after the urgent work already given (and, if
        not ``background``, before any background work still waiting; ``later``: after urgent
        work given later too, before the background work)."""
        future: Future = Future()
        kind = BACKGROUND if background else LATER if later else URGENT
        self._queue.put((kind, next(self._order), future, work, args))
        return future

    def shutdown(self, wait: bool = True) -> None:
        """Stop once the work already given is done."""
        self._queue.put((LAST, next(self._order), None, None, ()))
        if wait:
            self._thread.join()

    def _work(self) -> None:
        while True:
            _, _, future, work, args = self._queue.get()
            if future is None or work is None:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = work(*args)
            except BaseException as error:  # handed to whoever waits for it
                future.set_exception(error)
            else:
                future.set_result(result)
