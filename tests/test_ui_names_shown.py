"""Issue 15, the screenshot tour looked at: a screen names things by their names, not by the ids
the game keeps them by. A team's device listed its obligations "With South Korea
(IDN-KOR-special-strategic-partnership)"; the layout audit over the tour now fails any such
identifier on a screen, and the device's words for an agreement are its name in the player's
language (an agreement made in the game, "T3N5", has no name to show)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from types import SimpleNamespace

import pygame
import pygame_gui

from game.i18n import translate
from game.ui import text
from game.ui.layout_audit import text_slips
from game.ui.netview import agreement_label, names_of


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
