"""A QR code of the join address, drawn into a pygame surface: segno encodes the text (its
module matrix), and each module becomes a square of whole pixels here, dark on light with the
standard quiet zone of four modules, so that a phone held up at the back of a classroom reads it.
No image file is written and nothing is fetched.
"""

from __future__ import annotations

from functools import lru_cache

import pygame
import segno

#: The light border around the symbol, in modules (what the QR standard asks for).
QUIET_ZONE = 4
DARK = (0, 0, 0)
LIGHT = (255, 255, 255)


@lru_cache(maxsize=8)
def matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules (True: dark), without the quiet zone: segno's encoding of ``text``
    at error correction level M (or better, when it costs no larger symbol)."""
    code = segno.make_qr(text, error="m")
    return tuple(tuple(bool(module) for module in row) for row in code.matrix)


def module_size(text: str, side: int) -> int:
    """The whole pixels of one module when the code with its quiet zone fits ``side``."""
    return max(1, side // (len(matrix(text)) + 2 * QUIET_ZONE))


def surface(text: str, side: int) -> pygame.Surface:
    """The QR code of ``text`` as a square surface of at most ``side`` pixels (a whole number
    of pixels per module, quiet zone included)."""
    modules = matrix(text)
    size = module_size(text, side)
    width = (len(modules) + 2 * QUIET_ZONE) * size
    image = pygame.Surface((width, width))
    image.fill(LIGHT)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                image.fill(DARK, ((x + QUIET_ZONE) * size, (y + QUIET_ZONE) * size, size, size))
    return image


def read_modules(image: pygame.Surface, count: int) -> list[list[bool]]:
    """The modules of a QR code drawn by ``surface`` (``count`` modules a side), read back from
    the pixels at each module's centre: what the tests compare with segno's own encoding."""
    size = image.get_width() // (count + 2 * QUIET_ZONE)
    return [[sum(image.get_at(((x + QUIET_ZONE) * size + size // 2,
                               (y + QUIET_ZONE) * size + size // 2))[:3]) < 384
             for x in range(count)] for y in range(count)]
