"""A team's screen in a class game hosted on the network (``scene.RemoteScene``)."""

from game.ui.scenes.remote.scene import RemoteScene

__all__ = ["RemoteScene"]
