"""Rate limits of the host: wrong codes per address, messages per connection, connections per
address. Token buckets on an injectable clock; nothing here touches the network.

Wrong codes are counted per address (a student trying codes from one device, or a script):
after ``WRONG_CODES`` in a row within a minute the address is refused until the bucket fills
again. Messages are counted per connection, so that a flood from one device never slows the
devices beside it, even behind the same address (the tests' loopback, a school's NAT). An
address may hold at most ``CONNECTIONS_PER_ADDRESS`` connections at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: Wrong codes an address may send before it must wait (one more each 12 seconds).
WRONG_CODES = 5
WRONG_CODES_PER_SECOND = 1 / 12
#: Messages a connection may send at once, and per second after that.
BURST = 40
MESSAGES_PER_SECOND = 20.0
#: How often a flooding connection is told it is too fast (at most once per this many seconds).
TELL_EVERY = 1.0
CONNECTIONS_PER_ADDRESS = 64


@dataclass
class Bucket:
    """A token bucket: ``capacity`` tokens, refilled at ``rate`` a second."""

    capacity: float
    rate: float
    clock: Callable[[], float]
    tokens: float = field(init=False)
    last: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = self.capacity
        self.last = self.clock()

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now

    def take(self) -> bool:
        """One token if there is one."""
        self._refill()
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False

    def empty(self) -> bool:
        self._refill()
        return self.tokens < 1.0


class Limits:
    """Every limit of one host."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.codes: dict[str, Bucket] = {}
        self.messages: dict[int, Bucket] = {}
        self.told: dict[int, float] = {}
        self.connections: dict[str, int] = {}

    # --- connections ---------------------------------------------------------------------
    def opened(self, address: str) -> bool:
        """A connection from ``address`` opens: False if it holds too many already."""
        if self.connections.get(address, 0) >= CONNECTIONS_PER_ADDRESS:
            return False
        self.connections[address] = self.connections.get(address, 0) + 1
        return True

    def closed(self, address: str, connection: int) -> None:
        self.connections[address] = max(0, self.connections.get(address, 1) - 1)
        if not self.connections[address]:
            del self.connections[address]
        self.messages.pop(connection, None)
        self.told.pop(connection, None)

    # --- wrong codes ---------------------------------------------------------------------
    def blocked(self, address: str) -> bool:
        """Whether ``address`` has sent too many wrong codes to try again now."""
        bucket = self.codes.get(address)
        return bucket is not None and bucket.empty()

    def wrong_code(self, address: str) -> None:
        bucket = self.codes.setdefault(address, Bucket(WRONG_CODES, WRONG_CODES_PER_SECOND, self.clock))
        bucket.take()

    # --- messages ------------------------------------------------------------------------
    def message(self, connection: int) -> str:
        """"ok" to handle a message, "drop" to drop it, "tell" to drop it and say why."""
        bucket = self.messages.setdefault(connection, Bucket(BURST, MESSAGES_PER_SECOND, self.clock))
        if bucket.take():
            return "ok"
        now = self.clock()
        if now - self.told.get(connection, -TELL_EVERY) >= TELL_EVERY:
            self.told[connection] = now
            return "tell"
        return "drop"
