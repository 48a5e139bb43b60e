"""The balance report from the menu: AI self-play of a scenario with a progress bar, then a
summary on screen and the full report written to the user's data folder.

The games are the balance tool's (``game.analysis.balance``: ``BalanceRun`` plays ``work_list``
with ``play_job`` in a background thread, ``analyse`` makes the figures and
``game.ui.balance_report.write_report`` the files), so the
figures are the same as ``python run_game.py balance SCENARIO --games N --seed S``. The window
stays responsive while the games run; Cancel, Back and Esc stop them.

The screen in parts by job, each mixed into ``BalanceScene`` (``scene.py``: the choices, the
progress, drawing and events): ``run`` (the games played in the background and the report
written), ``summary`` (the finished report's figures on screen) and ``texts`` (durations and
the command line); ``examples`` are the screenshot tour's.
"""

from game.ui.scenes.balance.examples import example
from game.ui.scenes.balance.run import report_folder
from game.ui.scenes.balance.scene import DEFAULT_GAMES, GAME_CHOICES, BalanceScene
from game.ui.scenes.balance.summary import MAXIMUM_ROWS
from game.ui.scenes.balance.texts import command_text, duration_text

__all__ = ["DEFAULT_GAMES", "GAME_CHOICES", "MAXIMUM_ROWS", "BalanceScene", "command_text",
           "duration_text", "example", "report_folder"]
