"""The screens of the game by name: the one place that knows every scene class.

Scenes never import the app or each other; a scene asks the app for another screen by name
(``self.app.push("negotiation", partners=["KOR"])``) and the app builds it from this table, as
Tuxemon's state manager does. The import order is one way: app → registry → scenes → scene.
"""

from __future__ import annotations

from typing import Any

from game.ui.scene import Scene
from game.ui.scenes.ask import AskScene
from game.ui.scenes.balance import BalanceScene
from game.ui.scenes.competition import CompetitionScene
from game.ui.scenes.compliance import ComplianceScene
from game.ui.scenes.end import EndScene
from game.ui.scenes.game import GameScene
from game.ui.scenes.handover import HandoverScene
from game.ui.scenes.help import HelpScene
from game.ui.scenes.inbox import InboxScene
from game.ui.scenes.join import JoinScene
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.misc import ErrorScene, LoadScene
from game.ui.scenes.moderator import ModeratorScene
from game.ui.scenes.negotiation import NegotiationScene
from game.ui.scenes.pin import PinScene
from game.ui.scenes.preview import PreviewScene
from game.ui.scenes.projector import ProjectorScene
from game.ui.scenes.reflection import ReflectionScene
from game.ui.scenes.reload import ReloadScene
from game.ui.scenes.remote import RemoteScene
from game.ui.scenes.report import ReportScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.setup import SetupScene
from game.ui.scenes.teacher import TeacherScene

#: Scene name (``Scene.name``) → its class.
SCENES: dict[str, type[Scene]] = {scene.name: scene for scene in (
    AskScene, BalanceScene, CompetitionScene, ComplianceScene, EndScene, ErrorScene, GameScene,
    HandoverScene, HelpScene, InboxScene, JoinScene, LoadScene, MenuScene, ModeratorScene,
    NegotiationScene, PinScene, PreviewScene, ProjectorScene, ReflectionScene, ReloadScene,
    RemoteScene, ReportScene, SettingsScene, SetupScene, TeacherScene,
)}


def make(name: str, app: Any, *args: Any, **kwargs: Any) -> Scene:
    """A new scene of the screen called ``name`` (KeyError for an unknown name)."""
    return SCENES[name](app, *args, **kwargs)
