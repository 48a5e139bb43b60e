"""The browser page in a real browser (Debian's Chromium driven by Playwright), over 127.0.0.1
only: a `run_game.py host` plays `indonesia-partners` (2 turns) with one team in the page (it
joins with its typed code, answers an offer while its connection drops and comes back, sends a
proposal after seeing its projected effect and asking "What would it take?", breaks a promise
in compliance, reaches the end) and one team played by a scripted WebSocket client; the host's
log replays to the same final state hash. On the way, the page is photographed at 360x740 and
1280x800 in both languages at the game's moments, and the Indonesian page is checked for
English texts of the catalogs.

`python3 tests/test_net_browser.py --write` writes the photographs to docs/images/browser-*.png.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script to write the photographs
    sys.path.insert(0, str(ROOT))

from game.rules.storage import load_game, read_log, replay_log  # noqa: E402
from game.scenario.loading import load_scenario, resolve  # noqa: E402
from tests.netplay import Client, HostProcess, play  # noqa: E402

BROWSER = "/usr/bin/chromium"  # Debian's package (.ci/run installs it); Playwright's download is not used
ARGUMENTS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"]
TEAMS = ["IDN", "JPN"]
BROWSER_TEAM, SCRIPTED_TEAM = TEAMS
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
SIZES = {"360": PHONE, "1280": LAPTOP}
MOMENTS = ("offer", "proposal", "compliance", "end")
#: Set by ``--write``: where the photographs go (else a temporary folder).
OUT = os.environ.get("DIPLOMASI_BROWSER_SHOTS")
BLOCKED = "#propose [data-test=builder-blocked]"  # no proposal now (answers only, no delegations)
WAIT = 30_000  # ms, for one thing to appear on the page


@pytest.fixture
def browser_context(tmp_path):
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=BROWSER, args=ARGUMENTS, headless=True,
            viewport=PHONE, device_scale_factor=1, locale="en-US")
        context.set_default_timeout(WAIT)
        try:
            yield context
        finally:
            context.close()


def catalog(port: int, language: str) -> dict[str, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/i18n/{language}.json", timeout=10) as reply:
        return json.loads(reply.read())


class Photographer:
    """Takes the page at each moment in both sizes and languages; checks the Indonesian page
    shows none of the catalogs' English texts."""

    def __init__(self, page: Page, folder: Path, port: int):
        self.page = page
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        english, indonesian = catalog(port, "en"), catalog(port, "id")
        self.english = sorted({text for key, text in english.items()
                               if text != indonesian[key] and "%{" not in text and len(text) >= 10},
                              key=len)
        self.taken: list[Path] = []

    def language(self, wanted: str) -> None:
        if self.page.evaluate("document.documentElement.lang") != wanted:
            self.page.click("#top [data-test=language]")
            self.page.wait_for_function("w => document.documentElement.lang === w", arg=wanted)

    def shoot(self, moment: str, focus: str | None) -> None:
        """``focus``: the element at the top of the screen (None: the page's top)."""
        for language in ("en", "id"):
            self.language(language)
            keys = re.findall(r"\b(?:ui|browser|explain)\.[a-z_]+\.[a-z_.]+", self.page.inner_text("body"))
            assert not keys, f"catalog keys instead of their texts at {moment} ({language}): {keys}"
            if language == "id":
                shown = self.page.inner_text("body")
                found = [text for text in self.english if text in shown]
                assert not found, f"English on the Indonesian page at {moment}: {found}"
            for size, viewport in SIZES.items():
                self.page.set_viewport_size(viewport)
                self.page.evaluate("s => { const e = s && document.querySelector(s);"
                                   " if (e) e.scrollIntoView({block: 'start'});"
                                   " else window.scrollTo(0, 0); }", focus)
                self.page.evaluate("document.activeElement && document.activeElement.blur();"
                                   "document.getElementById('toasts').replaceChildren()")
                time.sleep(0.3)
                broken = self.page.evaluate(
                    "[...document.querySelectorAll('.badge')].filter(b => b.offsetParent &&"
                    " b.getClientRects().length !== 1).map(b => b.textContent)")
                assert not broken, f"a label broken over two lines at {moment} ({language}, {size}): {broken}"
                path = self.folder / f"browser-{moment}-{language}-{size}.png"
                self.page.screenshot(path=str(path))
                self.taken.append(path)
        self.language("en")
        self.page.set_viewport_size(PHONE)


def view_of(page: Page) -> dict:
    """What the page shows now, read from the page itself (the test plays by what it sees)."""
    return page.evaluate("""() => ({
        phase: (document.querySelector('[data-test=turn]') || {}).textContent || '',
        notice: (document.querySelector('[data-test=notice]') || {}).textContent || '',
        next: [...document.querySelectorAll('#next [data-act]')].map(b => b.dataset.act),
        over: !!document.querySelector('[data-test=end]'),
        waiting: document.querySelectorAll('[data-test=offer][data-waiting=yes]').length,
    })""")


def play_in_the_browser(page: Page, photographer: Photographer, deadline: float) -> dict:
    """IDN's team, by what its page shows: start diplomacy, answer an offer (its connection
    dropping on the way), propose to China after the projected effect and "What would it
    take?", end diplomacy, break one promise the first year, keep the rest; until the end."""
    done = {"answered": 0, "proposed": set(), "broke": False, "dropped": False, "photos": set()}
    while time.monotonic() < deadline:
        seen = view_of(page)
        if seen["over"]:
            page.click(".tab[data-tab=home]")
            photographer.shoot("end", None)
            return done
        turn = re.search(r"\d+", seen["phase"]).group(0)
        if "begin-diplomacy" in seen["next"]:
            move(page, "[data-act=begin-diplomacy]")
        elif "end-diplomacy" in seen["next"]:
            if seen["waiting"]:
                answer_an_offer(page, photographer, done)
            elif turn not in done["proposed"] and not page.locator(BLOCKED).count():
                done["proposed"].add(turn)
                propose(page, photographer, done)
            else:
                move(page, "[data-act=end-diplomacy]")
        elif "go-compliance" in seen["next"] or "end-compliance" in seen["next"]:
            decide(page, photographer, done)
        else:
            time.sleep(0.2)
    raise TimeoutError("the browser's team did not reach the end in time")


def move(page: Page, button: str) -> None:
    """Click a move's button and wait for the host's answer (the page shows the move as
    waiting for its confirmation until then)."""
    shown = int(page.evaluate("document.body.dataset.sequence"))
    try:
        page.click(button, timeout=3000)
    except PlaywrightTimeout:  # gone meanwhile (the game moved on): look again
        return
    page.wait_for_selector("[data-test=pending]", state="detached")
    with contextlib.suppress(PlaywrightTimeout):  # the view after the move (if it changed any)
        page.wait_for_function("n => Number(document.body.dataset.sequence) > n", arg=shown,
                               timeout=5000)


def answer_an_offer(page: Page, photographer: Photographer, done: dict) -> None:
    page.click(".tab[data-tab=offers]")
    offer = page.locator("[data-test=offer][data-waiting=yes]").first
    negotiation = offer.get_attribute("data-negotiation")
    offer.locator("[data-test=offer-effect]").wait_for()  # its projected effect on us
    assert offer.locator(".answer").count() >= 1
    if "offer" not in done["photos"]:
        done["photos"].add("offer")
        photographer.shoot("offer", None)
    card = f"[data-test=offer][data-negotiation='{negotiation}']"
    if not done["dropped"]:
        # the connection drops; the answer is sent meanwhile: shown as sending until its ack,
        # sent again once the page has reconnected by itself, applied once
        done["dropped"] = True
        page.evaluate("window.diplomasi.drop(1500)")
        page.wait_for_selector("[data-test=connection][data-state=lost]")
        page.click(f"{card} [data-act=accept]")
        assert page.inner_text(f"{card} [data-act=accept]") == "Sending…"
        assert page.is_visible("[data-test=pending]")
        page.wait_for_selector("[data-test=connection][data-state=open]")
    else:
        page.click(f"{card} [data-act=accept]")
    page.wait_for_selector(f"{card}[data-waiting=no]")
    page.wait_for_selector("[data-test=pending]", state="detached")
    done["answered"] += 1


def propose(page: Page, photographer: Photographer, done: dict) -> None:
    page.click(".tab[data-tab=propose]")
    page.click("[data-partner=CHN]")
    page.click("[data-clause=trade_liberalisation]")
    page.click("[data-clause=education_exchange]")
    page.wait_for_selector("[data-test=effect-total]")  # the projected effect, before sending
    page.click("[data-act=wwit]")
    page.wait_for_function(
        "() => { const l = document.querySelector('[data-test=wwit-answers]');"
        " return l && !/Calculating|Asking/.test(l.textContent) && l.textContent.length > 0; }")
    page.wait_for_selector("[data-test=effect-total]")
    if "proposal" not in done["photos"]:
        done["photos"].add("proposal")
        photographer.shoot("proposal", "[data-test=effect]")
    before = page.locator("#offers [data-test=offer]").count()
    page.click("[data-act=send]")
    page.wait_for_function("n => document.querySelectorAll('#offers [data-test=offer]').length > n",
                           arg=before)
    page.wait_for_selector(".tab[data-tab=offers].on")


def decide(page: Page, photographer: Photographer, done: dict) -> None:
    page.click(".tab[data-tab=compliance]")
    try:
        page.wait_for_selector("[data-act=end-compliance]", timeout=3000)
    except PlaywrightTimeout:  # decided meanwhile
        return
    obligations = page.locator("[data-test=obligation]")
    if not done["broke"] and obligations.count():
        done["broke"] = True
        obligations.first.locator("[data-act=break]").click()
        page.wait_for_selector("[data-test=obligation].broken")
        photographer.shoot("compliance", "[data-test=obligation].broken")
    move(page, "[data-act=end-compliance]")


def test_a_team_plays_a_whole_game_in_the_browser(tmp_path, browser_context):
    host = HostProcess(tmp_path / "game", "--minutes", "10", teams=TEAMS)
    errors: list[BaseException] = []
    page_errors: list[str] = []
    try:
        scripted = Client(host.url, host.codes[SCRIPTED_TEAM])

        def run() -> None:
            try:
                play(scripted, partner=BROWSER_TEAM)
            except BaseException as error:  # reported below
                errors.append(error)

        thread = threading.Thread(target=run)
        thread.start()

        page = browser_context.new_page()
        page.on("pageerror", lambda error: page_errors.append(str(error)))
        page.goto(f"http://127.0.0.1:{host.port}/")
        page.fill("[data-test=code]", host.codes[BROWSER_TEAM].lower())  # typed as a student may
        page.click("[data-test=join]")
        page.wait_for_selector("[data-test=country]")
        assert page.inner_text("[data-test=country]") == "Indonesia"
        photographer = Photographer(page, Path(OUT) if OUT else tmp_path / "shots", host.port)

        done = play_in_the_browser(page, photographer, time.monotonic() + 300)
        assert done["answered"] >= 1 and done["dropped"] and done["broke"]
        assert done["proposed"] == {"1", "2"}
        assert "Indonesia finished in place" in page.inner_text("[data-test=end]")
        assert page.locator("[data-test=leaderboard] .row").count() == 7
        thread.join(timeout=120)
        assert not thread.is_alive() and not errors, errors
        assert scripted.view["game_over"]
        scripted.close()
        page.close()
    finally:
        error_output = host.stop()
    assert "Traceback" not in error_output
    assert page_errors == []

    # every moment photographed in both languages and sizes
    names = sorted(path.name for path in photographer.taken)
    assert names == sorted(f"browser-{m}-{lang}-{size}.png" for m in MOMENTS for lang in ("en", "id")
                           for size in SIZES)
    assert all(path.stat().st_size > 5000 for path in photographer.taken)

    # the host's log replays to the final state of its save; the page's moves are in it, once
    folder = tmp_path / "game"
    game, _ = load_game(folder / "autosave.json")
    assert game.finished
    _, actions, footer = read_log(folder / "game.jsonl")
    replayed = replay_log(folder / "game.jsonl", load_scenario(resolve("indonesia-partners")))
    assert replayed.state_hash() == footer["final_state_hash"] == game.state_hash()
    mine = [r for r in actions if r.get("country") == BROWSER_TEAM]
    assert sum(r["type"] == "propose" for r in mine) == 2
    assert sum(r["type"] == "accept" for r in mine) == done["answered"]
    assert any(r["type"] == "comply" and not r["keep"] for r in mine)
    proposals = [r for r in mine if r["type"] == "propose"]
    assert all(r["parties"] == ["IDN", "CHN"] for r in proposals)
    assert any(r.get("country") == SCRIPTED_TEAM and r["type"] == "propose" for r in actions)


if __name__ == "__main__":
    if "--write" in sys.argv:
        os.environ["DIPLOMASI_BROWSER_SHOTS"] = str(ROOT / "docs" / "images")
        sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT)]))
    print(__doc__)
