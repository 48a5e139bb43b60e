"""The balance screen as the screenshot tour shows it: running, or finished with its summary."""

from __future__ import annotations

from typing import Any

from game.analysis.balance import BalanceRun
from game.scenario.loading import LoadedScenario
from game.ui.scenes.balance.scene import BalanceScene

_EXAMPLES: dict[tuple[str, int, int], list[dict[str, Any]]] = {}


def example(app, loaded: LoadedScenario, total: int, played: int) -> BalanceScene:
    """A balance screen with ``played`` of ``total`` games already played (here, not in a
    thread): running when fewer, the summary (with its report written) when all. For the
    screenshot tour; the games are remembered, so that each language and size shows the same."""
    scene = BalanceScene(app, loaded)
    scene.games = total
    run = BalanceRun(loaded, total, scene.seed, None, scene.level)
    key = (loaded.sha256, total, played)
    if key not in _EXAMPLES:
        run.play(played)
        _EXAMPLES[key] = run.results()
    run.started = run.clock() - 1.5 * played
    run.records = list(_EXAMPLES[key])
    if run.finished:
        run.ended = run.clock()
    scene.run = run
    if run.finished:
        scene.finish()
    return scene
