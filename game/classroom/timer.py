"""The diplomacy countdown of a classroom competition: one shared clock for the whole phase.

The issue asks for "a countdown everyone can see; when it runs out the phase ends". So there is
one countdown per diplomacy phase, not one per team: the teams negotiate with each other aloud
while one of them uses the screen, and the hand-over screen between teams does not stop it
(a team that dawdles at the hand-over spends the class's time, as it would in a real meeting).
It stops only when nobody can play: while the computer countries think (the screen is busy) and
while the game is not on screen (the menu, or the game closed and saved). What a save keeps is
the time left, so loading a save resumes the countdown where it stopped, paused until the game
is on screen again.

The clock is injectable (``clock=time.monotonic``) so that tests run it with a fake one.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

#: The phase lengths a teacher can pick on the competition screen, in minutes.
MINUTE_CHOICES = (2.0, 3.0, 5.0, 10.0)


class DiplomacyTimer:
    """A countdown of ``seconds``: idle until started, then running or paused, expired at zero.

    ``start`` (when diplomacy opens) sets it to the full length and runs it; ``cancel`` (when the
    phase ends) makes it idle again, ready for next turn's diplomacy.
    """

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        if not seconds > 0 or not math.isfinite(seconds):
            raise ValueError(f"a countdown needs a length above 0 seconds, not {seconds!r}")
        self.seconds = float(seconds)
        self.clock = clock
        self._left = self.seconds  # seconds left when it last stopped (or started)
        self._since: float | None = None  # clock reading when it last started running
        self.active = False  # started this phase and not cancelled

    # --- state -------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._since is not None

    @property
    def paused(self) -> bool:
        return self.active and not self.running

    def remaining(self) -> float:
        """Seconds left (0 when expired; the full length when idle)."""
        if self._since is None:
            return max(0.0, self._left)
        return max(0.0, self._left - (self.clock() - self._since))

    def expired(self) -> bool:
        """Whether a started countdown has reached zero."""
        return self.active and self.remaining() <= 0.0

    # --- control -----------------------------------------------------------------------------
    def start(self) -> None:
        """Diplomacy opens: the full length, running."""
        self._left = self.seconds
        self._since = self.clock()
        self.active = True

    def pause(self) -> None:
        """Stop counting (nothing happens if it is not running)."""
        if self._since is not None:
            self._left = self.remaining()
            self._since = None

    def resume(self) -> None:
        """Count again from where it stopped (only a started countdown resumes)."""
        if self.active and self._since is None:
            self._since = self.clock()

    def cancel(self) -> None:
        """The phase has ended: idle, at the full length for the next phase."""
        self._left = self.seconds
        self._since = None
        self.active = False

    # --- saving ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """What a save keeps: the length, whether a phase's countdown is on, the seconds left."""
        return {"seconds": self.seconds, "active": self.active,
                "remaining": round(self.remaining(), 3)}

    @classmethod
    def from_dict(cls, data: Any, clock: Callable[[], float] = time.monotonic) -> DiplomacyTimer | None:
        """The countdown a save kept, paused (the screen resumes it); None if there is none or
        the saved values make no sense."""
        if not isinstance(data, dict):
            return None
        try:
            seconds = float(data["seconds"])
            remaining = float(data.get("remaining", seconds))
            timer = cls(seconds, clock)
        except (KeyError, TypeError, ValueError):
            return None
        if data.get("active") is True and math.isfinite(remaining):
            timer.active = True
            timer._left = min(max(remaining, 0.0), seconds)
        return timer


def clock_text(seconds: float) -> str:
    """Seconds left as mm:ss (rounded up, so that 00:00 shows only when time is up)."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60:02d}:{whole % 60:02d}"
