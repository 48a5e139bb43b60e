"""Round tick values for chart axes: steps of 1, 2, 2.5 or 5 × 10^k chosen for the plot's
height, labels with as many decimals as the step needs, and an anchor (the start line at exactly
100 %) that is always a tick. Shared by the screen's charts and the tools' report charts."""

from __future__ import annotations

import math


def nice_step(span: float, count: int = 6) -> float:
    """The round step (1, 2, 2.5 or 5 × 10^k) that cuts ``span`` into at most ``count - 1``
    intervals."""
    raw = span / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9)),
               default=10 * magnitude)


def nice_ticks(low: float, high: float, count: int = 6, anchor: float | None = None) -> list[float]:
    """Round tick values covering [low, high]: multiples of a round step (``nice_step``), about
    ``count`` of them. With ``anchor`` (a value the axis must show, such as 100 %), one tick is
    exactly the anchor (a step of 2.5 × 10^k is skipped when the anchor is not a multiple of it)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0]
    if anchor is not None:
        low, high = min(low, anchor), max(high, anchor)
    if high - low < 1e-9:
        pad = abs(high) * 0.05 or 1.0
        low, high = low - pad, high + pad
    step = nice_step(high - low, count)
    origin = 0.0
    if anchor is not None and abs(anchor / step - round(anchor / step)) > 1e-6:
        origin = anchor  # the grid through the anchor
    first = math.floor((low - origin) / step + 1e-9)
    last = math.ceil((high - origin) / step - 1e-9)
    return [round(origin + k * step, 10) for k in range(first, last + 1)]


def tick_decimals(step: float) -> int:
    """The decimals that write every multiple of ``step`` exactly (0.25 -> 2, 5 -> 0)."""
    if not (math.isfinite(step) and step > 0):
        return 0
    exponent = math.floor(math.log10(step) + 1e-9)
    mantissa = step / 10 ** exponent
    return max(0, -exponent + (1 if abs(mantissa - 2.5) < 1e-6 else 0))
