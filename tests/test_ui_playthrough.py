"""A whole game played through the window, as a class would: menu → new game → negotiate (an
offer accepted, one refused, one countered) → keep or break promises → end turn, to the end
screen → export. Once in each language."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.i18n import translate
from game.rules.game import Phase
from game.ui.settings import Settings
from game.ui.testing import (
    ScriptedController,
    answer,
    click,
    press,
    select_item,
    set_slider,
    step,
    visible_texts,
)


def negotiate(app, partner_name: str, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()):
    click(app, "negotiate")
    scene = app.scene
    assert scene.name == "negotiation"
    select_item(app, scene.partner_list, partner_name)
    for kind in remove + add:
        click(app, f"toggle:{kind}")
    step(app, 12)  # the projection follows the draft after a short pause
    assert app.scene.projection is not None
    click(app, "send")
    assert app.scene.name == "inbox"
    return app.scene.focus


@pytest.mark.parametrize("language", ["en", "id"])
def test_a_whole_game_through_the_window(language, tmp_path, monkeypatch):
    monkeypatch.setenv("DIPLOMASI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DIPLOMASI_DATA_DIR", str(tmp_path / "data"))
    from game.ui.app import App

    app = App(Settings(language=language))
    app.controller_factory = lambda difficulty: ScriptedController(["SAM"])
    app.to_menu()
    step(app)
    click(app, "new")
    click(app, "scenario:tutorial")
    assert app.scene.humans == ["SAM"]
    set_slider(app, app.scene.turns_slider, 2)
    assert app.scene.turns == 2
    click(app, "difficulty:easy")
    click(app, "start")
    session = app.session
    assert app.scene.name == "game" and session.game.last_turn == 2

    def t(key, **values):
        return translate(f"ui.{key}", language, **values)

    outcomes = set()
    while not session.game.finished:
        stage = session.stage
        if stage is Phase.NEWS:
            if app.scene.name == "report":
                press(app, pygame.K_ESCAPE)
            click(app, "next")
        elif stage is Phase.DIPLOMACY:
            if session.game.turn == 1:
                agreed = negotiate(app, "Karang")
                assert session.game.negotiation(agreed).status.value == "agreed"
                outcomes.add("accepted")
                press(app, pygame.K_ESCAPE)
                refused = negotiate(app, "Awan", add=("security_cooperation",),
                                    remove=("trade_liberalisation",))
                assert session.game.negotiation(refused).status.value == "rejected"
                texts = " ".join(visible_texts(app))
                assert t("inbox.answer.reject") in texts and t("inbox.because") in texts
                outcomes.add("refused")
                # the computer's own offer waits in the inbox: accept it
                waiting = session.inbox("SAM")
                assert waiting
                click(app, f"item:{waiting[0].id}")
                click(app, "accept")
                press(app, pygame.K_ESCAPE)
            else:
                countered = negotiate(app, "Awan", add=("education_exchange",),
                                      remove=("trade_liberalisation",))
                negotiation = session.game.negotiation(countered)
                assert negotiation.status.value == "open" and negotiation.current.by == "AWN"
                texts = " ".join(visible_texts(app))
                assert t("inbox.clauses_changed", name="Awan") in texts  # shown as a difference
                outcomes.add("countered")
                click(app, "accept")
                assert session.game.negotiation(countered).status.value == "agreed"
                press(app, pygame.K_ESCAPE)
            assert app.scene.name == "game"
            click(app, "next")  # end diplomacy
            answer(app)  # with delegations unused, the game asks first
        elif stage is Phase.COMPLIANCE:
            click(app, "next")
            assert app.scene.name == "compliance"
            obligations = session.game.obligations("SAM")
            assert obligations
            first = obligations[0]
            click(app, f"choice:{first[0].id}:{first[1]}:False")
            click(app, "end_turn")
            if not session.game.finished:
                assert app.scene.name == "report"
    assert outcomes == {"accepted", "refused", "countered"}
    assert app.scene.name == "end"
    texts = " ".join(visible_texts(app))
    assert t("end.leaderboard") in texts and t("end.award.most_trusted") in texts
    broken = sum(1 for a in session.game.agreements for _, _, c in a.broken if c == "SAM")
    assert broken == 2
    click(app, "export_csv")
    exports = tmp_path / "data" / "exports"
    csv_files = list(exports.glob("tutorial_results_*.csv"))
    assert len(csv_files) == 1 and "Samudra" in csv_files[0].read_text()
    click(app, "export_png")
    png_files = list(exports.glob("tutorial_SAM_charts_*.png"))
    assert len(png_files) == 1 and pygame.image.load(str(png_files[0])).get_width() == 1600
    click(app, "menu")
    assert app.scene.name == "menu" and "resume" not in app.scene.buttons
    pygame.display.quit()
