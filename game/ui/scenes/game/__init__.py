"""The game screen: your country, the map, agreements in force, the year's news and the one
clear next step.

The screen in parts by job, each mixed into ``GameScene`` (``scene.py``: its state, layout and
drawing): ``panel`` (your country's score, terms and indicators), ``cards`` (the agreements in
force and the news), ``map`` (the map, its lenses and view tools), ``actions`` (the bottom bar,
the status line and what the buttons do) and ``events`` (the map's mouse events and the keys).
"""

from game.ui.scenes.game.panel import INDICATORS, indicator_value
from game.ui.scenes.game.scene import GameScene

__all__ = ["INDICATORS", "GameScene", "indicator_value"]
