"""The teacher's PIN: checked before the teacher-only actions (reloading a scenario, the
moderator's events, leaving a competition), stored only as a salted hash. No pygame here.

A PIN is 4 to 8 digits. It is set when a competition is created (kept in the competition's
classroom and its saves) or once on a computer as the teacher's profile in the settings; the
game keeps ``pbkdf2-sha256$<rounds>$<salt>$<hash>`` and never the PIN itself.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

MINIMUM_LENGTH = 4
MAXIMUM_LENGTH = 8
#: Enough rounds that trying every 4-digit PIN from a copied save takes a while, few enough
#: that a check is instant on a school laptop.
ROUNDS = 60_000
_SCHEME = "pbkdf2-sha256"


def valid_pin(pin: str) -> bool:
    """Whether ``pin`` can be a teacher PIN: 4 to 8 digits."""
    return pin.isdigit() and pin.isascii() and MINIMUM_LENGTH <= len(pin) <= MAXIMUM_LENGTH


def hash_pin(pin: str, salt: str | None = None) -> str:
    """The stored form of ``pin`` (a new random salt unless one is given)."""
    salt = salt if salt is not None else secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt.encode(), ROUNDS).hex()
    return f"{_SCHEME}${ROUNDS}${salt}${digest}"


def is_pin_hash(stored: object) -> bool:
    """Whether ``stored`` looks like what ``hash_pin`` makes."""
    if not isinstance(stored, str):
        return False
    parts = stored.split("$")
    return len(parts) == 4 and parts[0] == _SCHEME and parts[1].isdigit() and bool(parts[2]) \
        and len(parts[3]) == 64


def pin_matches(pin: str, stored: str | None) -> bool:
    """Whether ``pin`` is the PIN whose hash is ``stored`` (False without a stored hash)."""
    if not stored or not is_pin_hash(stored):
        return False
    _, rounds, salt, digest = stored.split("$")
    tried = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt.encode(), int(rounds)).hex()
    return hmac.compare_digest(tried, digest)
