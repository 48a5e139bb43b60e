"""The projector's screen (F9): the leaderboard, the news and, while the window hosts a class
game, how the teams join (``join``), in parts mixed into ``scene.ProjectorScene``."""

from game.ui.scenes.projector.scene import ProjectorScene, leaderboard_rows, shared_ranks

__all__ = ["ProjectorScene", "leaderboard_rows", "shared_ranks"]
