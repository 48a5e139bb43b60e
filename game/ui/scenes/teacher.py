"""The teacher's screen of a class game on the network: who is connected, and the teacher's
commands — move a device to another team, remove it, pause and go on — sent with the teacher's
code like any device's messages (``game.net.client.Link``). When this window hosts the game
(``game.ui.hosting``), it also shows the join address, the teams' codes and the teacher's own
code (here only: the projector shows the teams' codes, never the teacher's), opens the
projector (F9) and stops the host.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList

from game.net.client import Link, Pending
from game.ui import draw
from game.ui.netview import Names, names_of, phase_name, team_label
from game.ui.scene import Scene
from game.ui.text import country_name, scenario_text, turns_shown, ui


def short_device(identifier: str) -> str:
    """The first six letters and digits of a device's id, for the teacher to tell devices apart
    (ids given before hex ids may hold '-' and '_', which would read as a minus or a gap)."""
    return "".join(c for c in identifier if c.isalnum())[:6]


class TeacherScene(Scene):
    name = "teacher"

    def __init__(self, app, link: Link | None = None):
        super().__init__(app)
        hosting = getattr(app, "hosting", None)
        self.hosting = hosting if link is None or (hosting is not None and hosting.teacher is link) \
            else None
        self.link: Link = link if link is not None else hosting.teacher
        self.pending: Pending | None = None
        self.confirm: str | None = None  # "stop" or "remove:<device>": a second click does it
        self.chooser: UISelectionList | None = None
        self.chooser_for: str | None = None
        self.chooser_names: dict[str, str] = {}
        self.shown: tuple | None = None
        self.page = 0  # which page of devices is shown (those that fit the screen)
        #: the status line and the devices' heading, changed in place (``update``).
        self.status_label: Any = None
        self.status_text = ""
        self.heading_label: Any = None
        self.heading_text = ""

    @property
    def view(self) -> dict[str, Any]:
        return self.link.teacher_view or {}

    @property
    def names(self) -> Names | None:
        return names_of(self.view.get("scenario", ""))

    def devices(self) -> list[dict[str, Any]]:
        return [d for d in self.view.get("devices", []) if d.get("role") == "team"]

    def signature(self) -> tuple:
        """What the widgets show; a change rebuilds them. The status line (the year, the phase,
        whom the game waits for) is not in it: it changes in place (``update``). Only the page
        of devices shown counts, so that a device joining or leaving on another page (40 devices
        in a class) does not rebuild the screen."""
        view = self.view
        page, shown = self.page_of_devices()
        count, per_page = len(self.devices()), self.rows_per_page()
        return (self.link.state, page, shown, count > per_page, (page + 1) * per_page < count,
                len(view.get("humans", [])), view.get("paused"), view.get("game_over"),
                view.get("title") is not None, self.confirm, self.pending is not None,
                self.app.settings.language)

    def devices_heading(self) -> str:
        """How many devices are connected (and which of them this page shows)."""
        count = len(self.devices())
        per_page = self.rows_per_page()
        heading = ui("teacher.devices", count=count)
        if count <= per_page:
            return heading
        page, shown = self.page_of_devices()
        first = page * per_page + 1
        return f"{heading}  ·  {ui('teacher.page', first=first, last=first + len(shown) - 1, count=count)}"

    def rows_per_page(self) -> int:
        return max(1, (self.height - self.px(70) - self.px(16) - self.px(36)) // self.px(66))

    def page_of_devices(self) -> tuple:
        """(page, the devices on it as (device, country, address)) after clamping the page."""
        devices = self.devices()
        per_page = self.rows_per_page()
        self.page = min(self.page, max(0, (len(devices) - 1) // per_page))
        shown = devices[self.page * per_page:(self.page + 1) * per_page]
        return self.page, tuple((d["device"], d["country"], d["address"]) for d in shown)

    def status(self) -> str:
        view = self.view
        if self.link.state == "lost":
            return ui("remote.reconnecting")
        if not view:
            return ui("join.connecting", address=self.link.address)
        year = ui("game.turn_status", turn=view.get("turn", 1), turns=turns_shown(view),
                  phase=phase_name(view.get("phase", "news")))
        if view.get("game_over"):
            return f"{year}  ·  {ui('remote.over')}"
        if view.get("paused"):
            return f"{year}  ·  {ui('teacher.paused')}"
        teams = view.get("teams") or {}
        waiting = [teams.get(c) or country_name(self.names, c) for c in view.get("deciding", [])]
        state = ui("teacher.waiting_for", teams=", ".join(waiting)) if waiting else ui("teacher.computers")
        return f"{year}  ·  {state}"

    # --- layout --------------------------------------------------------------------------------
    def build(self) -> None:
        self.shown = self.signature()
        self.chooser = None
        self.chooser_for = None
        margin = self.px(16)
        stop = ui("teacher.stop") if self.hosting is not None else ui("remote.leave")
        if self.confirm == "stop":
            stop = ui("teacher.stop_confirm") if self.hosting is not None else ui("remote.leave_confirm")
        stop_w = max(self.px(150), self.font().size(stop)[0] + self.px(28))
        self.button(pygame.Rect(margin, self.px(12), stop_w, self.px(38)), stop, self.back, key="back",
                    tooltip=ui("teacher.stop_tip") if self.hosting is not None else ui("remote.leave_tip"))
        # the commands at the top right
        x = self.width - margin
        buttons = []
        if self.hosting is not None:
            buttons.append(("projector", ui("projector.button"), self.on_projector,
                            ui("projector.button_tip")))
        paused = bool(self.view.get("paused"))
        buttons.append(("pause", ui("teacher.resume") if paused else ui("teacher.pause"), self.on_pause,
                        ui("teacher.pause_tip")))
        for key, text, action, tip in buttons:
            width = max(self.px(120), self.font().size(text)[0] + self.px(28))
            x -= width
            enabled = key == "projector" or (self.link.state == "joined" and self.pending is None
                                             and not self.view.get("game_over"))
            self.button(pygame.Rect(x, self.px(12), width, self.px(38)), text, action,
                        "#on" if key == "pause" and paused else None, tooltip=tip, enabled=enabled,
                        key=key)
            x -= self.px(8)
        text_x = margin + stop_w + self.px(16)
        title = scenario_text(_Title(self.view.get("title"))) if self.view.get("title") else ""
        self.label(pygame.Rect(text_x, self.px(8), x - text_x, self.px(32)), title, "#heading")
        self.status_text = self.status()
        self.status_label = self.label(pygame.Rect(text_x + self.px(2), self.px(38), x - text_x, self.px(20)),
                                       self.status_text, "#muted")
        top = self.px(70)
        left_w = round((self.width - 3 * margin) * 0.42)
        self.left_rect = pygame.Rect(margin, top, left_w, self.height - top - margin)
        right = pygame.Rect(self.left_rect.right + margin, top,
                            self.width - self.left_rect.right - 2 * margin, self.left_rect.height)
        everyone = self.devices()
        page, shown = self.page_of_devices()
        devices = [d for d in everyone if (d["device"], d["country"], d["address"]) in shown]
        per_page = self.rows_per_page()
        heading_w = right.width
        self.heading_text = self.devices_heading()
        if len(everyone) > per_page:  # pages of the devices that fit: ‹ first–last of count ›
            step_w = self.px(44)
            heading_w -= 2 * step_w + self.px(12)
            self.button(pygame.Rect(right.right - 2 * step_w - self.px(6), right.y - self.px(4), step_w,
                                    self.px(34)), ui("teacher.page_previous"), lambda: self.turn_page(-1),
                        key="devices_previous", tooltip=ui("teacher.page_previous_tip"),
                        enabled=page > 0)
            self.button(pygame.Rect(right.right - step_w, right.y - self.px(4), step_w, self.px(34)),
                        ui("teacher.page_next"), lambda: self.turn_page(1), key="devices_next",
                        tooltip=ui("teacher.page_next_tip"),
                        enabled=(page + 1) * per_page < len(everyone))
        self.heading_label = self.label(pygame.Rect(right.x, right.y, heading_w, self.px(30)),
                                        self.heading_text, "#subheading")
        area = pygame.Rect(right.x, right.y + self.px(36), right.width, right.height - self.px(36))
        if not devices:
            self.textbox(area, ui("teacher.no_devices"), "#boxed")
            return
        row_h = self.px(66)
        box = self.scrolling(area, len(devices) * row_h)
        width = area.width - (self.px(22) if len(devices) * row_h > area.height else 0)
        buttons_w = min(self.px(250), width // 2)
        half = (buttons_w - self.px(6)) // 2
        for k, device in enumerate(devices):
            y = k * row_h
            identifier = device["device"]
            country = device["country"]
            team = (self.view.get("teams") or {}).get(country) or country_name(self.names, country)
            self.label(pygame.Rect(0, y, width - buttons_w - self.px(8), self.px(26)), team, "#subheading",
                       container=box)
            self.label(pygame.Rect(0, y + self.px(26), width - buttons_w - self.px(8), self.px(22)),
                       ui("teacher.device", country=country_name(self.names, country),
                          address=device["address"], device=short_device(identifier)),
                       "#muted", container=box)
            enabled = self.link.state == "joined" and self.pending is None
            can_move = len(self.view.get("humans", [])) > 1
            self.button(pygame.Rect(width - buttons_w, y + self.px(8), half, self.px(38)), ui("teacher.move"),
                        lambda d=identifier: self.on_choose(d), enabled=enabled and can_move, container=box,
                        key=f"move:{identifier}", tooltip=ui("teacher.move_tip"), fit=True)
            remove = ui("teacher.remove_confirm") if self.confirm == f"remove:{identifier}" else \
                ui("teacher.remove")
            self.button(pygame.Rect(width - half, y + self.px(8), half, self.px(38)), remove,
                        lambda d=identifier: self.on_remove(d),
                        "#on" if self.confirm == f"remove:{identifier}" else None,
                        enabled=enabled, container=box, key=f"remove:{identifier}",
                        tooltip=ui("teacher.remove_tip"), fit=True)

    # --- drawing ---------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        pygame.draw.rect(surface, self.colours.panel, pygame.Rect(0, 0, self.width, self.px(62)))
        rect = getattr(self, "left_rect", None)
        if rect is None:
            return
        draw.card(surface, rect, self.colours.panel, self.colours.border, self.px(8))
        key = (self.shown, self.hosting is not None)
        surface.blit(self.cached("join", key, rect.size, self.paint_join), rect)

    def paint_join(self, image: pygame.Surface) -> None:
        """The join address, the teams' codes and (hosting) the teacher's code and the folder."""
        colours = self.colours
        pad = self.px(14)
        width = image.get_width() - 2 * pad
        heading, large, normal, small = (self.font("heading", True), self.font("large", True),
                                         self.font("normal"), self.font("small"))
        y = self.px(10)
        address = self.hosting.address if self.hosting is not None else self.link.address
        draw.text(image, ui("teacher.join_at"), (pad, y), heading, colours.muted, max_width=width)
        y += heading.get_linesize()
        draw.text(image, address, (pad, y), large, colours.accent, max_width=width)
        y += large.get_linesize() + self.px(10)
        if self.hosting is None:
            draw.paragraph(image, ui("teacher.codes_elsewhere"), pygame.Rect(pad, y, width, self.px(80)),
                           normal, colours.muted)
            return
        draw.text(image, ui("teacher.team_codes"), (pad, y), heading, colours.text, max_width=width)
        y += heading.get_linesize() + self.px(2)
        code_font = self.font("large", True)
        for team, country, code in self.hosting.team_codes():
            code_w = code_font.size(code)[0]
            label = team_label({"teams": {country: team}}, self.names, country)
            draw.text(image, label, (pad, y + self.px(3)), normal, colours.text,
                      max_width=width - code_w - self.px(12))
            draw.text(image, code, (pad + width, y), code_font, colours.text, "topright")
            y += code_font.get_linesize()
        y += self.px(10)
        draw.text(image, ui("teacher.teacher_code"), (pad, y), heading, colours.text, max_width=width)
        y += heading.get_linesize()
        draw.text(image, self.hosting.teacher_code, (pad, y), code_font, colours.bad)
        y += code_font.get_linesize() + self.px(2)
        y += draw.paragraph(image, ui("teacher.teacher_code_tip"),
                            pygame.Rect(pad, y, width, image.get_height() - y), small, colours.muted)
        y += self.px(8)
        draw.paragraph(image, ui("teacher.folder", folder=str(self.hosting.folder)),
                       pygame.Rect(pad, y, width, image.get_height() - y - self.px(6)), small, colours.muted)

    # --- every frame -----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.link.state == "refused":
            message = (self.link.refusal or {}).get("text") or ui("remote.lost")
            self.app.goto("menu")
            self.app.show_error(ui("remote.left_title"), message)
            return
        pending = self.pending
        if pending is not None and pending.done:
            self.pending = None
            if not pending.ok:
                self.app.toast((pending.reply or {}).get("text", ""), "bad")
        if self.signature() != self.shown and self.chooser is None:
            self.app.rebuild()
        else:
            self.status_text = self._in_place(self.status_label, self.status_text, self.status(), "#muted")
            self.heading_text = self._in_place(self.heading_label, self.heading_text,
                                               self.devices_heading(), "#subheading")

    def _in_place(self, label: Any, shown: str, text: str, style: str) -> str:
        """``label`` showing ``text`` now (shortened to fit, as ``Scene.label`` does)."""
        if label is not None and text != shown and label.alive():
            label.set_text(draw.fit(text, self.label_font(style), label.rect.width - self.px(6)))
        return text

    def turn_page(self, step: int) -> None:
        self.close_chooser()
        self.page = max(0, self.page + step)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and self.chooser is not None \
                and event.ui_element is self.chooser:
            country = self.chooser_names.get(event.text)
            device = self.chooser_for
            self.close_chooser()
            if country is not None and device is not None:
                self.send({"kind": "move_device", "device": device, "to": country})
        elif event.type == pygame.MOUSEBUTTONDOWN and self.chooser is not None \
                and not self.chooser.rect.collidepoint(event.pos):
            button = self.buttons.get(f"move:{self.chooser_for}")
            if button is None or not button.rect.collidepoint(event.pos):
                self.close_chooser()

    # --- the teacher's commands ------------------------------------------------------------------
    def send(self, command: dict[str, Any]) -> None:
        if self.pending is None and self.link.state == "joined":
            self.pending = self.link.command(command)

    def on_pause(self) -> None:
        self.confirm = None
        self.send({"kind": "resume" if self.view.get("paused") else "pause"})

    def on_projector(self) -> None:
        if self.hosting is not None:
            self.app.push("projector", hosting=self.hosting)

    def on_choose(self, device: str) -> None:
        """The teams a device may be moved to, in a list under its button."""
        was = self.chooser_for
        self.close_chooser()
        if was == device:
            return
        current = next((d["country"] for d in self.devices() if d["device"] == device), None)
        self.chooser_names = {team_label(self.view, self.names, c): c for c in self.view.get("humans", [])
                              if c != current}
        items = list(self.chooser_names)
        button = self.buttons[f"move:{device}"]
        row = self.px(30)
        rect = pygame.Rect(button.rect.x, button.rect.bottom + self.px(2),
                           max(button.rect.width, self.px(260)),
                           min(len(items) * row + self.px(6), self.height - self.px(80)))
        if rect.bottom > self.height - self.px(8):
            rect.bottom = button.rect.top - self.px(2)
        rect.right = min(rect.right, self.width - self.px(8))
        self.chooser = UISelectionList(rect, items, self.app.manager, starting_height=8)
        self.chooser_for = device

    def close_chooser(self) -> None:
        if self.chooser is not None:
            self.chooser.kill()
        self.chooser = None
        self.chooser_for = None

    def on_remove(self, device: str) -> None:
        if self.confirm != f"remove:{device}":
            self.confirm = f"remove:{device}"
            return
        self.confirm = None
        self.send({"kind": "remove_device", "device": device})

    def back(self) -> None:
        """Stop hosting (or leave): a second click to be sure."""
        if self.chooser is not None:
            self.close_chooser()
            return
        if self.confirm != "stop":
            self.confirm = "stop"
            return
        if self.hosting is not None:
            self.hosting.stop()
            self.app.hosting = None
        else:
            self.link.close()
        self.app.goto("menu")
        if self.hosting is not None:
            self.app.toast(ui("teacher.stopped", folder=str(self.hosting.folder)))


class _Title:
    """A view's title ({"en": …, "id": …}) for ``scenario_text``."""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts

    def get(self, language: str) -> str:
        return self.texts.get(language) or self.texts.get("en", "")
