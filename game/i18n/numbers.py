"""Numbers as people write them, the one place every visible number is formatted: 1,234.5 in
English and 1.234,5 in Indonesian, signed ones with "+" or a true minus sign (never a hyphen),
never "−0" (a value that rounds to zero is 0).

The minus sign is U+2212 where the font shows it as a minus; the window checks its font once
(``game.ui.draw.minus_sign``: the Noto Sans shipped with pygame_gui draws U+2212 as narrow as a
hyphen) and sets the en dash, the sign typesetters use when a font has no minus, with
``use_minus``.
"""

from __future__ import annotations

#: The true minus sign, and the en dash that stands in for it where a font has none.
TRUE_MINUS = "\u2212"
EN_DASH = "\u2013"
_minus = TRUE_MINUS


def use_minus(sign: str) -> None:
    """The sign negative numbers take from now on (``TRUE_MINUS`` or ``EN_DASH``)."""
    global _minus
    _minus = sign


def minus() -> str:
    return _minus


def number(value: float, digits: int = 1, language: str = "en") -> str:
    """``value`` with ``digits`` decimals, its thousands grouped in the language's way."""
    if round(value, digits) == 0:
        value = 0.0
    text = f"{value:,.{digits}f}"
    if language == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text.replace("-", _minus)


def signed(value: float, digits: int = 1, language: str = "en") -> str:
    """+1.2 or −1.2; a value that rounds to zero shows as 0."""
    rounded = round(value, digits)
    if rounded == 0:
        return number(0.0, digits, language)
    return ("+" if rounded > 0 else "") + number(rounded, digits, language)


def short(value: float, language: str = "en") -> str:
    """A number handed to a catalog text: at most two decimals, trailing zeros dropped."""
    text = number(value, 2, language)
    decimal = "," if language == "id" else "."
    if decimal in text:
        text = text.rstrip("0").rstrip(decimal)
    return text
