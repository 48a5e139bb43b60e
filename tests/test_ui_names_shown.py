"""Issue 15, the screenshot tour looked at: a screen names things by their names, not by the ids
the game keeps them by. A team's device listed its obligations "With South Korea
(IDN-KOR-special-strategic-partnership)"; the layout audit over the tour now fails any such
identifier on a screen, and the device's words for an agreement are its name in the player's
language (an agreement made in the game, "T3N5", has no name to show). A clause's name on the
negotiation screen shows whole at every size and scale."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from types import SimpleNamespace

import pygame
import pygame_gui
import pytest
from pygame_gui.elements import UILabel

from game.i18n import translate
from game.rules.game import Game
from game.scenario.schema import ClauseKind
from game.session.session import Session
from game.ui import text
from game.ui.app import App
from game.ui.layout_audit import text_slips
from game.ui.netview import agreement_label, names_of
from game.ui.settings import Settings
from game.ui.testing import ScriptedController, step
from game.ui.text import cap, clause_name
from game.ui.tour import SETS


def test_a_device_names_a_starting_agreement_by_its_name_in_the_players_language():
    names = names_of("indonesia-partners")
    before = text.language()
    try:
        text.set_language("id")
        assert agreement_label(names, "IDN-KOR-special-strategic-partnership") == \
            "Kemitraan Strategis Khusus Indonesia–Korea Selatan"
        text.set_language("en")
        assert agreement_label(names, "AKFTA") == "ASEAN–Korea Free Trade Area"
    finally:
        text.set_language(before)
    assert agreement_label(names, "T3N5") is None  # made in the game: no name, no id shown
    assert agreement_label(None, "AKFTA") is None  # a scenario this machine does not have
    for language in ("en", "id"):
        assert "T3N5" not in translate("netplay.remote.breach_made", language, country="Japan")


def test_the_audit_fails_an_identifier_on_screen_and_not_a_path_or_a_file_name():
    pygame.init()
    app = SimpleNamespace(manager=pygame_gui.UIManager((200, 100)))
    slips = text_slips(app, ["With South Korea (IDN-KOR-special-strategic-partnership)",
                             "trade_liberalisation 50%"])
    assert len(slips) == 2 and all("identifier" in slip for slip in slips)
    assert text_slips(app, ["/tmp/diplomasi-tour-host-wa7k9zo6/class", "indonesia-partners.toml",
                            "Indonesia dan Negara-Negara Mitranya", "ASEAN–Korea"]) == []
    pygame.display.quit()


#: The window sizes and scales whose clause column can hold a direction beside a clause's name.
WIDE_SETS = [s for s in SETS if s[2] == 1.0 or s[0] == "1920x1080@1.5"]


@pytest.mark.parametrize("language", ["en", "id"])
def test_a_clause_name_beside_its_direction_is_never_shortened(language, folders, tutorial):
    """The negotiation screen gave "Technology tr…" (with its tooltip) at 1280×720: the name
    beside the "from … to …" button. A clause whose name does not fit there gets its direction
    on a line of its own. Measured where the clause column is wide enough for a direction beside
    the name (every size at 1.0, full HD at 1.5); narrower columns always give it its own line."""
    directed = (ClauseKind.INVESTMENT, ClauseKind.TECHNOLOGY_TRANSFER, ClauseKind.DEVELOPMENT_AID)
    shortened = []
    for name, size, scale in WIDE_SETS:
        app = App(Settings(language=language, scale=scale), size=size, save_settings_on_change=False)
        app.autosave = folders / "autosave.json"
        session = Session(Game(tutorial, 7, 3), ["SAM"], "normal", ScriptedController(["SAM"]),
                          autosave_path=app.autosave)
        app.start_session(session)
        negotiation = app.make("negotiation", partners=["KAR"])
        for kind in directed:
            negotiation.draft.set(kind, giver="KAR", receiver="SAM")
        app.push(negotiation)
        step(app, 2)
        names = {cap(clause_name(kind)) for kind in ClauseKind}
        shortened += [f"{name}: {label.text!r}" for label in app.manager.get_sprite_group().sprites()
                      if isinstance(label, UILabel) and label.text.endswith("…")
                      and any(whole.startswith(label.text[:-1].rstrip()) for whole in names)]
        assert all(app.scene.rows[kind].get("direction") is not None for kind in directed)
    pygame.display.quit()
    assert shortened == []
