"""Game feel (issue 15): country flags with their licence, a scenario's own flag file, the
clause kinds' icons, and the sound and animation of a deal or a broken promise (muted in the
settings, silent without an audio device, never in the way of input)."""

from __future__ import annotations

import csv
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import shutil
from pathlib import Path

import pygame
import pytest

from game.rules.game import Game
from game.rules.terms import ClauseKind
from game.scenario.loading import ScenarioError, built_in_ids, load_scenario, resolve
from game.ui import feel as feel_module
from game.ui.feel import EFFECT_SECONDS, Sounds, waveforms
from game.ui.flags import FLAG_FOLDER, built_in_flag, emblem_colours, flag, flag_file
from game.ui.icons import PAINTERS, clause_icon
from game.ui.settings import load_settings
from game.ui.testing import click, open_app, press, step
from game.ui.window.frames import FPS

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "assets" / "data" / "countries.csv"


def real_codes() -> set[str]:
    with TABLE.open(encoding="utf-8") as file:
        return {row["iso3"] for row in csv.DictReader(file)}


@pytest.fixture(scope="module")
def display():
    pygame.display.init()
    pygame.display.set_mode((64, 64))
    yield
    pygame.display.quit()


# --- flags -----------------------------------------------------------------------------------

def test_every_real_country_of_the_built_in_scenarios_has_a_flag_with_its_licence(display):
    codes = real_codes()
    real = set()
    for scenario_id in built_in_ids():
        real |= {c.id for c in load_scenario(resolve(scenario_id)).scenario.countries if c.id in codes}
    assert {"IDN", "JPN", "CHN", "KOR", "THA", "SGP", "MYS"} <= real and len(real) >= 200
    for code in sorted(real):
        path = built_in_flag(code)
        assert path is not None, f"{code} has no flag in {FLAG_FOLDER}"
        assert pygame.image.load(path).get_size() == (96, 72)
    licence = (FLAG_FOLDER / "LICENCE.md").read_text(encoding="utf-8")
    assert "flag-icons" in licence and "MIT" in licence and "Permission is hereby granted" in licence


def test_invented_countries_get_a_fixed_emblem_of_their_own(display):
    game = Game(load_scenario(resolve("tutorial")))
    assert all(flag_file(game, c) is None for c in game.country_ids)
    images = [flag(game, c, 24) for c in game.country_ids]
    assert all(image.get_size() == (32, 24) for image in images)
    assert len({emblem_colours(c) for c in game.country_ids}) == len(game.country_ids)
    assert emblem_colours("SAM") == emblem_colours("SAM")
    big = flag(game, "SAM", 48)
    assert big.get_size() == (64, 48)  # drawn at the size asked, not blown up


TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
SAMUDRA = 'id = "SAM"\n'


def test_a_missing_flag_file_is_named_with_its_line(tmp_path):
    text = TUTORIAL.replace(SAMUDRA, SAMUDRA + 'flag = "flags/samudra.png"\n', 1)
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    report = caught.value.report()
    line = text.splitlines().index('flag = "flags/samudra.png"') + 1
    assert f"{path}:{line}: countries[0].flag" in report
    assert str(tmp_path / "flags" / "samudra.png") in report and "SAM" in report
    assert "berkas bendera" in caught.value.report("id")


def test_a_scenario_names_its_own_flag_file(tmp_path, display):
    (tmp_path / "flags").mkdir()
    shutil.copy(FLAG_FOLDER / "IDN.png", tmp_path / "flags" / "samudra.png")
    path = tmp_path / "mine.toml"
    path.write_text(TUTORIAL.replace(SAMUDRA, SAMUDRA + 'flag = "flags/samudra.png"\n', 1),
                    encoding="utf-8")
    game = Game(load_scenario(path))
    assert flag_file(game, "SAM") == tmp_path / "flags" / "samudra.png"
    red = flag(game, "SAM", 30).get_at((20, 5))
    assert red.r > 180 and red.g < 80  # Indonesia's red half, not the emblem


def test_a_flag_must_be_a_png_or_svg_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(TUTORIAL.replace(SAMUDRA, SAMUDRA + 'flag = "samudra.gif"\n', 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert "countries[0].flag" in caught.value.report()


# --- icons -----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(ClauseKind))
def test_every_clause_kind_has_an_icon_sharp_at_every_scale(kind, display):
    assert kind in PAINTERS, f"no icon for the clause kind {kind.value} (game/ui/icons.py)"
    for size in (16, 22, 44):
        icon = clause_icon(kind.value, size, (255, 255, 255))
        assert icon.get_size() == (size, size)
        alpha = pygame.surfarray.array_alpha(icon)
        covered = (alpha > 128).mean()
        assert 0.1 < covered < 0.9, f"{kind.value} at {size} px covers {covered:.0%}"
    shapes = {pygame.image.tobytes(clause_icon(k.value, 22, (255, 255, 255)), "RGBA") for k in ClauseKind}
    assert len(shapes) == len(ClauseKind)  # seven different pictures


# --- sound and animation ---------------------------------------------------------------------

def test_the_sounds_are_short_and_made_by_the_game():
    sounds = waveforms(22050)
    assert set(sounds) == set(feel_module.KINDS)
    for wave in sounds.values():
        assert 0.2 < len(wave) / 22050 < 0.5
        assert abs(wave).max() <= 1.0


def test_no_audio_device_means_silence_not_a_crash(monkeypatch):
    def refuse(*args, **kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", refuse)
    sounds = Sounds()
    assert sounds.start() is False
    assert sounds.play("agreed", muted=False) is True  # asked, and nothing happens


@pytest.fixture
def app(folders):
    application = open_app(save_settings=True)
    played: list[str] = []
    application.feel.sounds.player = played.append
    application.played = played
    yield application
    pygame.display.quit()


def test_the_mute_setting_is_kept_and_silences_the_feedback(app):
    app.react("agreed")
    assert app.played == ["agreed"]
    click(app, "settings")
    click(app, "sound:False")
    assert app.settings.sound is False and load_settings().sound is False
    app.react("broken")
    app.react("agreed")
    assert app.played == ["agreed"], "a muted game played a sound"
    assert app.feel.active()  # the animation still shows
    click(app, "sound:True")
    assert load_settings().sound is True and app.played[-1] == "agreed"  # a taste of it


def test_the_sound_switch_is_reached_with_the_keyboard(app):
    click(app, "settings")
    for _ in range(40):
        press(app, pygame.K_TAB)
        if app.focused is app.scene.buttons["sound:False"]:
            break
    assert app.focused is app.scene.buttons["sound:False"]
    press(app, pygame.K_RETURN)
    step(app, 2)
    assert load_settings().sound is False


def test_the_animation_never_blocks_input(app):
    now = [1000.0]
    app.feel.clock = lambda: now[0]
    app.react("agreed")
    assert app.feel.active() and app.frame_rate() == FPS
    click(app, "settings")  # handled at once, while the effect shows
    assert app.scene.name == "settings" and app.feel.active()
    app.react("broken")
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "menu"
    now[0] += EFFECT_SECONDS + 0.01
    step(app, 1)
    assert not app.feel.active()


def test_offers_and_agreement_lists_show_the_icons_in_their_text_boxes(display):
    from game.ui.icons import icon_tag

    tags = [icon_tag(kind.value, 18, (240, 180, 50)) for kind in ClauseKind]
    paths = [tag.split("src='")[1].split("'")[0] for tag in tags]
    assert len(set(paths)) == len(ClauseKind)
    for path in paths:
        assert pygame.image.load(path).get_size() == (18, 18)
        assert not any(kind.value in path for kind in ClauseKind)  # no English in the HTML
    assert icon_tag("no_such_kind", 18, (0, 0, 0)) == ""


def test_the_host_serves_the_built_in_flags_to_the_browser_page():
    from game.net.web import static_files

    files = static_files()
    body, kind = files["/flags/IDN.png"]
    assert kind == "image/png" and body == (FLAG_FOLDER / "IDN.png").read_bytes()
    served = {path for path in files if path.startswith("/flags/")}
    assert served == {f"/flags/{path.name}" for path in FLAG_FOLDER.glob("*.png")}
    page = (Path(__file__).resolve().parents[1] / "game" / "net" / "static" / "app.js").read_text()
    assert "/flags/${id}.png" in page  # the page asks for them beside the countries' names
