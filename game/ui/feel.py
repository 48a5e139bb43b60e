"""A short sound and animation when a deal is agreed or a promise broken.

The sounds are made by the game with numpy when first needed (no sound files): a rising major
chord for a deal, a falling pair of low tones with a crackle for a broken promise. Without an
audio device (the mixer cannot start) the game stays silent and goes on; the settings' sound
switch (``Settings.sound``) mutes them.

The animation is drawn over the screen for EFFECT_SECONDS from the clock alone: nothing waits
for it, so every click and key during it is handled as usual.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable

import numpy as np
import pygame

#: How long an effect shows (under half a second).
EFFECT_SECONDS = 0.45
#: The kinds of feedback: a deal agreed, a promise broken.
KINDS = ("agreed", "broken")
SAMPLE_RATE = 22050


def tone(frequencies: list[float], seconds: float, rate: int = SAMPLE_RATE,
         crackle: float = 0.0, seed: int = 1) -> np.ndarray:
    """A short sound in [-1, 1]: the frequencies one after another (an arpeggio) each with a
    soft attack and decay, plus optional noise."""
    count = max(1, round(seconds * rate))
    t = np.arange(count) / rate
    sound = np.zeros(count)
    step = seconds / len(frequencies)
    for k, frequency in enumerate(frequencies):
        local = t - k * step
        envelope = np.where(local >= 0, np.minimum(local / 0.01, 1.0) * np.exp(-np.maximum(local, 0)
                                                                                  * 9.0), 0.0)
        sound += envelope * (np.sin(2 * np.pi * frequency * t)
                             + 0.3 * np.sin(4 * np.pi * frequency * t))
    if crackle:
        noise = np.random.default_rng(seed).uniform(-1.0, 1.0, count)
        sound += crackle * noise * np.exp(-t * 25.0)
    fade = np.minimum(1.0, (count - np.arange(count)) / (0.02 * rate))  # no click at the end
    sound *= fade
    return sound / max(1e-9, float(np.abs(sound).max()))


def waveforms(rate: int = SAMPLE_RATE) -> dict[str, np.ndarray]:
    """The sound of each kind of feedback."""
    return {
        "agreed": tone([523.25, 659.25, 783.99, 1046.5], 0.42, rate),  # C E G C, rising
        "broken": tone([233.08, 174.61], 0.4, rate, crackle=0.6),  # B flat, F: falling
    }


class Sounds:
    """The feedback sounds, made and the mixer started at the first play; silent for good when
    the mixer cannot start (no audio device)."""

    def __init__(self) -> None:
        self.started = False
        self.available = False
        self.sounds: dict[str, pygame.mixer.Sound] = {}
        #: What plays a sound (tests replace it with a stub that records the names).
        self.player: Callable[[str], None] = self._play

    def start(self) -> bool:
        if self.started:
            return self.available
        self.started = True
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(SAMPLE_RATE, -16, 2, 512)
            rate, _, channels = pygame.mixer.get_init()
            for name, wave in waveforms(rate).items():
                samples = (wave * 0.45 * 32767).astype(np.int16)
                if channels > 1:
                    samples = np.repeat(samples[:, None], channels, axis=1)
                self.sounds[name] = pygame.sndarray.make_sound(np.ascontiguousarray(samples))
            self.available = True
        except (pygame.error, ValueError, TypeError, NotImplementedError):
            self.available = False
        return self.available

    def _play(self, name: str) -> None:
        if self.start() and name in self.sounds:
            with contextlib.suppress(pygame.error):
                self.sounds[name].play()

    def play(self, name: str, muted: bool) -> bool:
        """Play a feedback sound unless muted; whether it was asked of the player."""
        if muted:
            return False
        self.player(name)
        return True


class Feel:
    """The window's feedback: the effects on screen now and the sounds."""

    def __init__(self) -> None:
        self.sounds = Sounds()
        self.effects: list[tuple[str, float]] = []
        self.clock: Callable[[], float] = time.monotonic

    def react(self, kind: str, sound: bool) -> None:
        """Start the effect of ``kind`` ("agreed" or "broken") and its sound unless muted."""
        self.effects = [e for e in self.effects if e[0] != kind] + [(kind, self.clock())]
        self.sounds.play(kind, muted=not sound)

    def active(self) -> bool:
        now = self.clock()
        self.effects = [e for e in self.effects if now - e[1] < EFFECT_SECONDS]
        return bool(self.effects)

    def draw(self, surface: pygame.Surface, palette, scale: float) -> None:
        if not self.active():
            return
        now = self.clock()
        for kind, started in self.effects:
            progress = min(1.0, (now - started) / EFFECT_SECONDS)
            colour = palette.good if kind == "agreed" else palette.bad
            draw_effect(surface, kind, progress, colour, scale)


def draw_effect(surface: pygame.Surface, kind: str, progress: float, colour, scale: float) -> None:
    """One frame of an effect at ``progress`` (0 to 1): a glow along the window's edge that
    fades, and a ring that widens with a tick (a deal) or a crack that spreads (a broken
    promise)."""
    width, height = surface.get_size()
    alpha = round(200 * (1.0 - progress))
    layer = pygame.Surface((width, height), pygame.SRCALPHA)
    edge = max(2, round(10 * scale * (1.0 - progress * 0.5)))
    pygame.draw.rect(layer, (*colour, alpha), layer.get_rect(), width=edge)
    centre = (width // 2, height // 2)
    radius = round((30 + 90 * progress) * scale)
    line = max(2, round(5 * scale))
    if kind == "agreed":
        pygame.draw.circle(layer, (*colour, alpha), centre, radius, width=line)
        tick = [(-0.35, 0.0), (-0.1, 0.28), (0.4, -0.3)]
        size = round(40 * scale)
        pygame.draw.lines(layer, (*colour, alpha), False,
                          [(centre[0] + x * size, centre[1] + y * size) for x, y in tick], line + 1)
    else:
        reach = 0.2 + 0.8 * min(1.0, progress * 2.5)
        points = []
        for k in range(9):
            x = centre[0] - radius * 1.6 + k * radius * 0.4
            y = centre[1] + (1 if k % 2 else -1) * radius * 0.18 * math.sin(1 + k)
            points.append((centre[0] + (x - centre[0]) * reach, y))
        pygame.draw.lines(layer, (*colour, alpha), False, points, line)
    surface.blit(layer, (0, 0))
