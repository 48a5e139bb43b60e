"""Part of the projector's screen (``ProjectorScene``) while the window hosts a class game: the
join column with the address, the QR code (segno's matrix drawn in pygame) and the teams' codes."""

from __future__ import annotations

import pygame

from game.ui import draw, qr
from game.ui.text import ui


class ProjectorJoin:
    """Part of ``ProjectorScene``: how the teams join the class game this window hosts."""

    def join_lines(self) -> tuple[pygame.font.Font, pygame.font.Font, int]:
        """The join column's fonts (headings, codes) and the height of its text under the QR."""
        heading, code = self.big(22, True), self.big(30, True)
        teams = len(self.hosting.team_codes())
        return heading, code, 3 * heading.get_linesize() + teams * code.get_linesize() + self.u(24)

    def qr_side(self) -> int:
        """The QR code's side: as large as the column leaves above the address and the codes."""
        assert self.join_rect is not None
        pad = self.u(16)
        _, _, text_h = self.join_lines()
        return max(self.u(80), min(self.join_rect.width - 2 * pad,
                                   self.join_rect.height - 2 * pad - text_h))

    def paint_join(self, image: pygame.Surface) -> None:
        """How to join: the QR code of the address, the address, and each team's code."""
        colours = self.colours
        pad = self.u(16)
        width = image.get_width() - 2 * pad
        address = self.hosting.address
        heading, code_font, _ = self.join_lines()
        normal = self.big(20)
        y = self.u(10)
        draw.text(image, ui("hosting.join"), (pad, y), heading, colours.text, max_width=width)
        y += heading.get_linesize() + self.u(4)
        code = qr.surface(address, self.qr_side())
        image.blit(code, ((image.get_width() - code.get_width()) // 2, y))
        self.qr_rect = pygame.Rect(self.join_rect.x + (image.get_width() - code.get_width()) // 2,
                                   self.join_rect.y + y, code.get_width(), code.get_height())
        y += code.get_height() + self.u(6)
        draw.text(image, address, (image.get_width() // 2, y), heading, colours.accent, "midtop",
                  max_width=width)
        y += heading.get_linesize() + self.u(8)
        draw.text(image, ui("hosting.team_codes"), (pad, y), normal, colours.muted, max_width=width)
        y += heading.get_linesize()
        for team, _, team_code in self.hosting.team_codes():
            code_w = code_font.size(team_code)[0]
            draw.text(image, team, (pad, y + code_font.get_linesize() // 2), normal, colours.text, "midleft",
                      max_width=width - code_w - self.u(12))
            draw.text(image, team_code, (pad + width, y), code_font, colours.text, "topright")
            y += code_font.get_linesize()
