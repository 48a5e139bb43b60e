"""Driving the game window from code, headless: clicks and keys posted on widgets' rectangles,
and the texts a screen shows. Used by the tests (and handy in a Python shell). The computer
countries of a test's games are ``game.agents.scripted.ScriptedController`` (no pygame)."""

from __future__ import annotations

import os
from typing import Any

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UISelectionList, UITextBox, UITextEntryLine

from game.agents.scripted import ScriptedController
from game.ui import draw
from game.ui.app import App
from game.ui.settings import Settings


def step(app, frames: int = 1, events: list | None = None) -> None:
    for k in range(frames):
        app.step(events if k == 0 and events else [], 1 / 60)


def click_at(app, position: tuple[int, int], button: int = 1, frames: int = 1) -> None:
    """A press and a release at ``position`` (with the mouse moved there first)."""
    position = (int(position[0]), int(position[1]))
    events = [
        pygame.event.Event(pygame.MOUSEMOTION, pos=position, rel=(0, 0), buttons=(0, 0, 0)),
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=position, button=button),
        pygame.event.Event(pygame.MOUSEBUTTONUP, pos=position, button=button),
    ]
    app.step(events, 1 / 60)
    step(app, frames)


def click(app, target: Any, frames: int = 1) -> None:
    """Click a widget (or a rectangle, or a button key of the current scene) in its middle."""
    if isinstance(target, str):
        target = app.scene.buttons[target]
    rect = target.rect if hasattr(target, "rect") else pygame.Rect(target)
    click_at(app, rect.center, frames=frames)


def press(app, key: int, mod: int = 0, unicode: str = "", frames: int = 1) -> None:
    events = [pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0),
              pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0)]
    app.step(events, 1 / 60)
    step(app, frames)


def drag(app, start: tuple[int, int], end: tuple[int, int], steps: int = 5) -> None:
    """Press at ``start``, move to ``end`` in a few steps, release."""
    app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=start, rel=(0, 0), buttons=(0, 0, 0)),
              pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1)], 1 / 60)
    for k in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * k // steps
        y = start[1] + (end[1] - start[1]) * k // steps
        app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(1, 1), buttons=(1, 0, 0))],
                 1 / 60)
    app.step([pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1)], 1 / 60)
    step(app, 1)


def select_item(app, selection_list: UISelectionList, text: str) -> None:
    """Click the item of a selection list that shows ``text``."""
    for item in selection_list.item_list:
        if item["text"] == text and item.get("button_element") is not None:
            click(app, item["button_element"])
            return
    raise LookupError(f"no visible item {text!r}")


def set_slider(app, slider: pygame_gui.elements.UIHorizontalSlider, value: float) -> None:
    """Drag a slider's handle until it shows ``value``."""
    low, high = slider.value_range
    for _ in range(6):
        current = slider.get_current_value()
        if abs(current - value) < 0.5:
            return
        dx = round((value - current) / (high - low) * slider.scrollable_width)
        centre = slider.sliding_button.rect.center
        drag(app, centre, (centre[0] + dx, centre[1]), steps=3)


def widget_texts(app) -> list[str]:
    """The texts of every visible widget (buttons, labels, text boxes, lists, entries)."""
    texts = []
    for element in app.manager.get_sprite_group().sprites():
        if not getattr(element, "visible", True):
            continue
        if isinstance(element, UIButton | UILabel):
            texts.append(element.text)
        elif isinstance(element, UITextBox):
            texts.append(element.html_text)
        elif isinstance(element, UITextEntryLine):
            texts.append(element.get_text())
        elif isinstance(element, UISelectionList):
            texts.extend(item["text"] for item in element.item_list)
        tip = getattr(element, "tool_tip_text", None)
        if tip:
            texts.append(tip)
    return texts


def visible_texts(app) -> list[str]:
    """Everything one frame of the current scene shows as text: widgets, drawn text, and
    texts the scene declares."""
    with draw.recording() as drawn:
        app.step([], 1 / 60)
    scene = app.scene
    return widget_texts(app) + list(drawn) + (scene.texts() if scene is not None else [])


def buttons(app) -> list[UIButton]:
    """Every enabled, visible button on the screen."""
    return [e for e in app.manager.get_sprite_group().sprites()
            if isinstance(e, UIButton) and e.is_enabled and getattr(e, "visible", True)
            and e.alive()]


def open_app(settings: Any = None, humans: list[str] | None = None, frames: int = 2,
             menu: bool = True, save_settings: bool = False, par: bool = False) -> Any:
    """A game window for a test, on the main menu (settings saved only with
    ``save_settings``), and with ``humans`` the computer countries of new games played by a
    ``ScriptedController``; games have their par computed in the background only with ``par``.
    Point the config and data folders somewhere temporary first (the tests' ``folders`` fixture
    does)."""
    application = App(settings or Settings(), save_settings_on_change=save_settings)
    application.par = par
    if humans is not None:
        application.controller_factory = lambda difficulty: ScriptedController(list(humans))
    if menu:
        application.to_menu()
        step(application, frames)
    return application


def sized_window(folder: Any, size: tuple[int, int], scale: float, language: str = "en") -> App:
    """A window of ``size`` pixels at interface ``scale`` for a module of tests (not on any
    scene yet), its config and data folders pointed at ``folder`` (settings never saved)."""
    os.environ["DIPLOMASI_CONFIG_DIR"] = str(folder)
    os.environ["DIPLOMASI_DATA_DIR"] = str(folder)
    return App(Settings(language=language, scale=scale), size=size, save_settings_on_change=False)


def type_text(app, entry: UITextEntryLine, text: str) -> None:
    """Click a text entry and type ``text`` into it."""
    click(app, entry)
    app.step([pygame.event.Event(pygame.TEXTINPUT, text=text)], 1 / 60)
    step(app, 1)


def give_pin(app, pin: str) -> None:
    """Answer the teacher's PIN question on screen: type ``pin`` (twice where a new one is
    chosen) and press its OK button."""
    scene = app.scene
    assert scene is not None and scene.name == "pin", f"no PIN question on screen ({scene})"
    for entry in scene.entries:
        type_text(app, entry, pin)
    click(app, "ok", frames=2)


def answer(app, key: str = "confirm") -> None:
    """Press the answer ``key`` of the question on screen, if one is asked."""
    if app.scene is not None and app.scene.name == "ask":
        click(app, key, frames=2)
