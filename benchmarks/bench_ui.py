"""Speed of the game window: frame time on the game screen and start-up time to the main menu.

    python benchmarks/bench_ui.py [--frames 300] [--runs 5]

Frame time is one ``App.step`` (events, update, draw; the display flip is left out, as with the
dummy video driver it costs nothing) on the game screen of ``asean-plus-three`` and of ``world``
at 1280×720, with the mouse moving over the map (hover outline and tooltip) every frame. The map
is rendered to its cache before timing, as it is once per view change in play. Start-up is the
wall time of a fresh ``python`` process from launch until the main menu's first frame is drawn.
Targets (issue 4): median frame under 8 ms (asean-plus-three) and 12 ms (world); start-up under 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
_SCRATCH = tempfile.mkdtemp(prefix="diplomasi-bench-")
os.environ.setdefault("DIPLOMASI_CONFIG_DIR", _SCRATCH)
os.environ.setdefault("DIPLOMASI_DATA_DIR", _SCRATCH)

STARTUP_SCRIPT = """
import os, sys, time
sys.path.insert(0, {root!r})
from game.ui.app import App
from game.ui.settings import Settings
app = App(Settings(), save_settings_on_change=False)
app.to_menu()
app.step([], 0.0)
print("ready")
"""


def frame_times(scenario: str, frames: int) -> list[float]:
    import pygame

    from game.scenario.loading import load_scenario, resolve
    from game.session.session import Session
    from game.ui.app import App
    from game.ui.scenes.game import GameScene
    from game.ui.settings import Settings

    loaded = load_scenario(resolve(scenario))
    human = loaded.scenario.countries[0].id
    if scenario == "world":
        human = "IDN"
    session = Session.new(loaded, [human], "normal")
    session.begin_diplomacy(human)
    app = App(Settings(), save_settings_on_change=False)
    app.session, app.viewer = session, human
    app.goto(GameScene(app))
    for _ in range(5):
        app.step([], 1 / 60)
    scene = app.scene
    rect = scene.map_rect
    times = []
    for k in range(frames):
        x = rect.left + (k * 7) % rect.width
        y = rect.top + (k * 5) % rect.height
        event = pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(1, 1), buttons=(0, 0, 0))
        start = time.perf_counter()
        app.step([event], 1 / 60)
        times.append(time.perf_counter() - start)
    return times


def startup_times(runs: int) -> list[float]:
    result = []
    script = STARTUP_SCRIPT.format(root=str(ROOT))
    for _ in range(runs):
        start = time.perf_counter()
        output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                env=os.environ.copy(), check=True).stdout
        result.append(time.perf_counter() - start)
        assert "ready" in output
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for scenario, target in (("asean-plus-three", 8.0), ("world", 12.0)):
        times = frame_times(scenario, args.frames)
        median = statistics.median(times) * 1000
        p95 = sorted(times)[int(0.95 * len(times))] * 1000
        verdict = "meets" if median < target else "MISSES"
        print(f"game screen {scenario:17s} median {median:6.2f} ms  p95 {p95:6.2f} ms  "
              f"fastest {min(times) * 1000:6.2f} ms  ({verdict} the {target:.0f} ms target)")
    startup = startup_times(args.runs)
    median = statistics.median(startup)
    verdict = "meets" if median < 2.0 else "MISSES"
    print(f"start-up to the main menu  median {median:5.2f} s  fastest {min(startup):5.2f} s  "
          f"({verdict} the 2 s target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
