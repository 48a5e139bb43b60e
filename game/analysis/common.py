"""What the self-play reports (balance, tournament) share: a scenario parsed once per worker
process, the statistics they report, and JSON-safe numbers."""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache
from typing import Any

from game.scenario.loading import load_text


@cache
def scenario_from_text(source: str, text: str) -> Any:
    """The scenario of a job (its file's text), parsed once per process."""
    return load_text(text, source)


def geometric_mean(values: Iterable[float]) -> float:
    values = list(values)
    if not values or any(v <= 0 for v in values):
        return 0.0
    return math.exp(sum(math.log(v) for v in values) / len(values))


def ranks(values: list[float]) -> list[float]:
    """Each value's rank from 1 (smallest), ties sharing their mean rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            result[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return result


def rank_correlation(first: list[float], second: list[float]) -> float:
    """Spearman's rank correlation of two equally long lists (NaN when either is constant or
    shorter than two): Pearson's correlation of their ranks."""
    if len(first) != len(second) or len(first) < 2:
        return math.nan
    a, b = ranks(first), ranks(second)
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    covariance = sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True))
    spread = math.sqrt(sum((x - mean_a) ** 2 for x in a) * sum((y - mean_b) ** 2 for y in b))
    return covariance / spread if spread else math.nan


#: Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom.
_T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def mean_interval(values: list[float]) -> tuple[float, float, float]:
    """(mean, low, high): the mean and its 95% confidence interval (Student's t)."""
    if not values:
        return (math.nan, math.nan, math.nan)
    n = len(values)
    mean = sum(values) / n
    if n == 1:
        return (mean, mean, mean)
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    t = _T95[n - 2] if n - 1 <= len(_T95) else 1.96 + 2.4 / (n - 1)
    half = t * math.sqrt(variance / n)
    return (mean, mean - half, mean + half)


def mean_or_nan(values: list[float]) -> float:
    """The mean, NaN for no values."""
    return sum(values) / len(values) if values else math.nan


def json_safe(value: Any) -> Any:
    """JSON-safe numbers: NaN becomes null, floats keep 9 significant digits."""
    if isinstance(value, float):
        return None if not math.isfinite(value) else float(f"{value:.9g}")
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value
