"""Advice on a valid scenario: figures the game accepts but that probably do not mean what the
designer wants, each with the file's line, for ``run_game.py validate`` to print as warnings.

A given yearly export of 0 calibrates the pair's gravity factor to 0, so that trade stays 0
whatever the two countries agree (the model multiplies a pair's trade by the agreements'
boost): the designer is told so and how to fix it.
"""

from __future__ import annotations

from game.scenario.loading import LoadedScenario
from game.scenario.locate import key_lines, line_of
from game.scenario.problems import Problem


def zero_flows(loaded: LoadedScenario) -> list[Problem]:
    """One warning per direction of a relation whose given exports are 0."""
    lines = key_lines(loaded.text)
    found = []
    for k, relation in enumerate(loaded.scenario.relations):
        if relation.exports is None:
            continue
        first, second = relation.between
        for direction, (value, (seller, buyer)) in enumerate(
                zip(relation.exports, ((first, second), (second, first)), strict=True)):
            if isinstance(value, int | float) and value == 0:
                path = ("relations", k, "exports")
                found.append(Problem(
                    f"relations[{k}].exports[{direction}]", line_of(lines, path),
                    f"{seller} exports 0 to {buyer}: the pair's trade stays 0 whatever they "
                    f"agree (trade agreements multiply the given trade); write a small figure, "
                    f'or "model" to let the gravity model fill it in',
                    key="zero_export", values={"seller": seller, "buyer": buyer}))
    return found


def advice(loaded: LoadedScenario) -> list[Problem]:
    """Every warning about a valid scenario, in file order."""
    return sorted(zero_flows(loaded), key=lambda p: p.line or 0)
