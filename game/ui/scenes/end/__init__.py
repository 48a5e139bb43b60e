"""The end of the game: leaderboard (by score − par once par is known, with both), awards, the
class's shared result (Nash social welfare), a debrief that ties what happened to the concepts,
and exports (CSV results, PNG charts).

The screen in parts by job, each mixed into ``EndScene`` (``scene.py``: the results it shows, its
layout, par arriving late): ``debrief`` (the debrief's text), ``panels`` (the leaderboard, the
awards and the shared result, drawn) and ``exports`` (whose debrief, and the exports).
"""

from game.ui.scenes.end.panels import AWARDS
from game.ui.scenes.end.scene import EndScene

__all__ = ["AWARDS", "EndScene"]
