"""What is wrong with the layout of the screen shown now: text cut, widgets below their minimum
size, interactive widgets on top of each other. Measured, not guessed: each widget's text with
the widget's own font against its rectangle, the texts the client draws itself as it draws them
(``draw.lost``), and the rectangles of pygame_gui's elements. Used by the layout tests over the
screenshot tour at every window size and scale (tests/test_ui_layout.py).

Also where the window's toasts go (over no widget a player uses, nor the player's country) and
whether a number on the screen is written with a hyphen instead of a minus sign, or a catalog
key shows instead of its text.

A text shortened with "…" is not cut when the whole text is one hover away (a tooltip on the
widget, or a drawn text's tooltip the window shows); a text that overflows its box, a paragraph
that loses lines and a shortened text nobody can read whole are.
"""

from __future__ import annotations

import re
from html import unescape

import pygame
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UIHorizontalSlider,
    UILabel,
    UISelectionList,
    UITextBox,
    UITextEntryLine,
)

from game.i18n import LANGUAGES, numbers, translate
from game.ui import draw

#: The widgets a player clicks, drags or types into.
INTERACTIVE = (UIButton, UITextEntryLine, UIHorizontalSlider, UISelectionList, UIDropDownMenu)
#: Lines a text box with a scroll bar shows at least (fewer cannot be read by scrolling).
SCROLLED_LINES = 3


def shown(element) -> bool:
    return element.alive() and getattr(element, "visible", True) and element.rect.width > 0


def visible_rect(element) -> pygame.Rect:
    """The part of ``element`` on screen: its rectangle clipped by every container around it."""
    rect = pygame.Rect(element.rect)
    container = getattr(element, "ui_container", None)
    while container is not None:
        rect = rect.clip(container.get_container().rect if hasattr(container, "get_container")
                         else container.rect)
        parent = getattr(container, "ui_container", None)
        container = parent if parent is not container else None
    return rect


def text_width(element, text: str) -> int:
    return element.font.size(text)[0] if text else 0


def side_borders(element) -> int:
    """The width of the left and right borders (a number, or one per side in pygame_gui 0.6.14)."""
    border = getattr(element, "border_width", 0) or 0
    if isinstance(border, dict):
        return int(border.get("left", 0)) + int(border.get("right", 0))
    return 2 * int(border)


def cut_widget_texts(app) -> list[str]:
    """Buttons' and labels' texts wider than their box, or shortened without a tooltip."""
    found = []
    for element in app.manager.get_sprite_group().sprites():
        if not shown(element) or not isinstance(element, UIButton | UILabel):
            continue
        if getattr(element, "parent_element", None) is not None:
            continue  # the arrows of scroll bars and sliders
        text = element.text or ""
        room = element.rect.width - side_borders(element)
        if text_width(element, text) > room:
            found.append(f"{type(element).__name__} {text!r} is {text_width(element, text)} px "
                         f"wide in {room} px")
        elif text.endswith("…") and text[:-1].rstrip() not in unescape(
                getattr(element, "tool_tip_text", None) or ""):
            found.append(f"{type(element).__name__} {text!r} is shortened with no tooltip")
    return found


def small_text_boxes(app) -> list[str]:
    """Text boxes too low to read: under one line, or under a few lines with a scroll bar."""
    found = []
    line = draw.font("normal", app.scale).get_linesize()
    for element in app.manager.get_sprite_group().sprites():
        if not shown(element) or not isinstance(element, UITextBox):
            continue
        height = visible_rect(element).height
        if height == 0:
            continue
        needed = line * (SCROLLED_LINES if element.scroll_bar is not None else 1)
        if height < needed:
            found.append(f"text box {element.html_text[:40]!r} is {height} px high, needs {needed}")
    return found


def overlapping_widgets(app) -> list[str]:
    """Pairs of interactive widgets whose visible parts overlap."""
    elements = [e for e in app.manager.get_sprite_group().sprites()
                if shown(e) and isinstance(e, INTERACTIVE)
                and getattr(e, "parent_element", None) is None]
    rects = [visible_rect(e) for e in elements]
    found = []
    for i, a in enumerate(rects):
        for j in range(i + 1, len(rects)):
            overlap = a.clip(rects[j])
            if overlap.width > 1 and overlap.height > 1:
                found.append(f"{describe(elements[i])} overlaps {describe(elements[j])}")
    return found


def describe(element) -> str:
    text = getattr(element, "text", None) or ""
    return f"{type(element).__name__}({text[:30]!r} at {tuple(element.rect)})"


#: A number written with a hyphen-minus ("-3.5"), not a true minus: a hyphen right before a
#: digit with no letter, digit or path mark before it (dates, codes and paths keep theirs).
HYPHEN_NUMBER = re.compile(r"(?<![\w/.:\-])-\d")
NARROW_MINUS_NUMBER = re.compile("\u2212\\d")


#: A catalog key shown instead of its text ("ui.negotiation.duration").
CATALOG_KEY = re.compile(r"\b(?:ui|reason|term|clause|explain|guard)\.[a-z_]+\.[a-z_.]+")


#: An identifier shown instead of a name: a scenario's id of an agreement
#: ("IDN-KOR-special-strategic-partnership") or a kind in code ("trade_liberalisation"); not in
#: a path or a file name ("/tmp/diplomasi-tour-host/…", "indonesia-partners.toml").
IDENTIFIER = re.compile(r"(?<![\w/.\-])(?:[A-Za-z]+(?:-[A-Za-z]+){3,}|[a-z]+(?:_[a-z]+)+)(?![\w/.\-])")


def text_slips(app, drawn: list[str]) -> list[str]:
    """Numbers on the screen (drawn or in widgets) whose sign is a hyphen, catalog keys shown
    instead of their text, and identifiers shown instead of names."""
    texts = list(drawn)
    for element in app.manager.get_sprite_group().sprites():
        if shown(element) and isinstance(element, UIButton | UILabel):
            texts.append(element.text or "")
        elif shown(element) and isinstance(element, UITextBox):
            texts.append(unescape(element.html_text or ""))
    # where the window's font draws U+2212 as a hyphen, it counts as one
    narrow = numbers.minus() != numbers.TRUE_MINUS
    # a scenario file's value quoted as the file writes it ("found -3") keeps its hyphen, so
    # that it can be found in the file
    quoted = [re.escape(translate("scenario_file.problem.found", language, found="\x00")
                        .split("\x00")[0].strip()) for language in LANGUAGES]
    quote = re.compile(rf"(?:{'|'.join(quoted)}) -")
    texts = [quote.sub("", text) for text in dict.fromkeys(texts)]
    return [f"{text[:60]!r} writes a number with a hyphen" for text in texts
            if HYPHEN_NUMBER.search(text) or (narrow and NARROW_MINUS_NUMBER.search(text))] + \
        [f"{text[:60]!r} shows the catalog key {CATALOG_KEY.search(text).group(0)}"
         for text in texts if CATALOG_KEY.search(text)] + \
        [f"{text[:60]!r} shows the identifier {IDENTIFIER.search(text).group(0)}"
         for text in texts if IDENTIFIER.search(text)]


def covered_by_toasts(app) -> list[str]:
    """Interactive widgets, or what the screen keeps clear (the player's country), under a
    toast."""
    elements = [e for e in app.manager.get_sprite_group().sprites()
                if shown(e) and isinstance(e, INTERACTIVE)
                and getattr(e, "parent_element", None) is None]
    found = []
    for toast in getattr(app, "toast_rects", []):
        for element in elements:
            overlap = toast.clip(visible_rect(element))
            if overlap.width > 1 and overlap.height > 1:
                found.append(f"a toast at {tuple(toast)} covers {describe(element)}")
        for rect in app.scene.keep_clear() if app.scene is not None else []:
            if toast.colliderect(rect):
                found.append(f"a toast at {tuple(toast)} covers {tuple(rect)}, kept clear")
    return found


#: The message the audit shows when the screen shows none, to see where toasts go (as long as
#: the longest the game says).
SAMPLE_TOAST = ("The report and its charts were written to "
                "/home/teacher/Documents/diplomasi/results/indonesia-partners/reports")


def audit(app) -> list[str]:
    """Every layout problem of one frame of the current screen (with a toast shown)."""
    draw.lost.clear()
    sample = not app.toasts
    if sample:
        app.toast(SAMPLE_TOAST, "good")
    with draw.recording() as drawn:
        app.step([], 1 / 60)
    lost = [f"drawn text {text[:60]!r} is cut" for text in dict.fromkeys(draw.lost)]
    toasts = covered_by_toasts(app)
    if sample:
        app.toasts = [t for t in app.toasts if t[1] != SAMPLE_TOAST]
    return (lost + cut_widget_texts(app) + small_text_boxes(app) + overlapping_widgets(app)
            + toasts + text_slips(app, drawn))
