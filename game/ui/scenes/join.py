"""Join a class game hosted on the network: the address and the team's code shown on the
projector, then the team's screen (``remote``), or the teacher's devices screen for the
teacher's code. The connection keeps trying by itself while the host cannot be reached; a wrong
code is said at once, in the host's words.
"""

from __future__ import annotations

import time

import pygame
import pygame_gui

from game.net.client import AddressError, Link
from game.ui import draw
from game.ui.scene import Scene
from game.ui.text import ui

#: After this many seconds without reaching the host, the screen says why it is still trying.
PATIENCE = 3.0


class JoinScene(Scene):
    name = "join"

    def __init__(self, app, address: str = "", code: str = "", connect: bool = False):
        super().__init__(app)
        self.address = address
        self.code = code
        self.link: Link | None = None
        self.started = 0.0
        self.message = ""
        self.message_kind = "muted"
        self.connect_now = connect

    def enter(self) -> None:
        if self.connect_now:
            self.connect_now = False
            self.on_join()

    def build(self) -> None:
        self.top_bar(ui("join.title"), ui("join.subtitle"))
        width = min(self.width - self.px(32), self.px(560))
        x = (self.width - width) // 2
        y = max(self.px(90), (self.height - self.px(360)) // 2)
        label_h, entry_h = self.px(26), self.px(40)
        self.label(pygame.Rect(x, y, width, label_h), ui("join.address"))
        self.address_entry = self.entry(pygame.Rect(x, y + label_h, width, entry_h), self.address,
                                        ui("join.address_placeholder"))
        self.address_entry.set_text_length_limit(120)
        y += label_h + entry_h + self.px(14)
        self.label(pygame.Rect(x, y, width, label_h), ui("join.code"))
        self.code_entry = self.entry(pygame.Rect(x, y + label_h, width, entry_h), self.code,
                                     ui("join.code_placeholder"))
        self.code_entry.set_text_length_limit(20)
        y += label_h + entry_h + self.px(20)
        trying = self.link is not None
        text = ui("join.cancel") if trying else ui("join.join")
        self.button(pygame.Rect(x, y, width, self.px(48)), text, self.on_cancel if trying else self.on_join,
                    None if trying else "#primary", key="join")
        self.message_rect = pygame.Rect(x, y + self.px(60), width, self.px(120))

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        rect = getattr(self, "message_rect", None)
        text = self.message or ui("join.hint")
        if rect is None:
            return
        colour = {"bad": self.colours.bad, "good": self.colours.good}.get(self.message_kind,
                                                                          self.colours.muted)
        draw.paragraph(surface, text, rect, self.font(), colour)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            if event.ui_element is self.address_entry:
                self.address = self.address_entry.get_text()
            elif event.ui_element is self.code_entry:
                self.code = self.code_entry.get_text()
        elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and self.link is None:
            self.app.defer(self.on_join)

    def update(self, dt: float) -> None:
        link = self.link
        if link is None:
            return
        if link.state == "joined" and (link.view is not None or link.teacher_view is not None):
            self.link = None
            if link.role == "teacher":
                self.app.goto("teacher", link)
            else:
                self.app.goto("remote", link)
            return
        if link.state == "refused":
            self.link = None
            link.close()
            self.say((link.refusal or {}).get("text") or ui("join.refused"), "bad")
            self.app.rebuild()
            return
        if link.problem and time.monotonic() - self.started > PATIENCE:
            self.say(ui("join.unreachable", address=link.address, problem=link.problem), "bad")

    def say(self, text: str, kind: str = "muted") -> None:
        self.message, self.message_kind = text, kind

    def on_join(self) -> None:
        if self.link is not None:
            return
        if not self.code.strip():
            self.say(ui("join.no_code"), "bad")
            return
        try:
            self.link = Link(self.address, self.code, self.app.settings.language).start()
        except AddressError as error:
            self.say(ui(f"join.{error.key}"), "bad")
            return
        self.started = time.monotonic()
        self.say(ui("join.connecting", address=self.address.strip()))
        self.app.rebuild()

    def on_cancel(self) -> None:
        if self.link is not None:
            self.link.close()
            self.link = None
        self.say("")
        self.app.rebuild()

    def back(self) -> None:
        self.on_cancel()
        self.app.pop()
