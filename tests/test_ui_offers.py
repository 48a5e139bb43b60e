"""Offers that read well (issue 15): a refused proposal can be revised and sent again, a
counter-offer shows the whole offer before what changed, reasons say which offer they answered,
and the turn report lists the player's own agreements first."""

from __future__ import annotations

import os
from dataclasses import replace

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.rules.agreements import Agreement, Clause
from game.rules.game import Game, Status
from game.scenario.schema import ClauseKind
from game.session.session import Session
from game.ui.scene import escape
from game.ui.testing import ScriptedController, click, open_app, step
from game.ui.text import clause_text

TRADE = ClauseKind.TRADE_LIBERALISATION
SECURITY = ClauseKind.SECURITY_COOPERATION
EDUCATION = ClauseKind.EDUCATION_EXCHANGE


@pytest.fixture
def app(folders):
    application = open_app(humans=["SAM"], save_settings=True)
    yield application
    pygame.display.quit()


def play(app, loaded, humans=("SAM",)):
    session = Session(Game(loaded, 7, 3), list(humans), "normal", ScriptedController(list(humans)),
                      autosave_path=app.autosave)
    app.start_session(session)
    step(app, 2)
    click(app, "next")  # diplomacy
    return session


def test_a_refused_proposal_can_be_revised_and_sent_again(app, tutorial):
    session = play(app, tutorial)
    clauses = (Clause(TRADE, level=0.6), Clause(SECURITY, level=0.3))
    identifier, refusal = session.propose("SAM", ("SAM", "KAR"), clauses, 4)
    assert refusal is None
    assert session.game.negotiation(identifier).status is Status.REJECTED  # no security for Karang
    app.push("inbox", focus=identifier)
    step(app, 2)
    assert "revise" in app.scene.buttons and app.scene.buttons["revise"].is_enabled
    click(app, "revise")
    scene = app.scene
    assert scene.name == "negotiation" and scene.negotiation is None
    assert scene.draft.parties == ["SAM", "KAR"] and scene.draft.duration == 4
    assert scene.draft.build(session.game) == clauses  # the draft is not lost
    click(app, "toggle:security_cooperation")  # revise: without security
    step(app, 12)
    click(app, "send")
    newest = session.game.negotiations[-1]
    assert newest.id != identifier and newest.status is Status.AGREED
    assert newest.current.clauses == (Clause(TRADE, level=0.6),)
    assert app.scene.name == "inbox" and app.scene.focus == newest.id
    # and the player hears it: a deal agreed is said at once
    assert any("Agreed with Karang" in message and kind == "good" for _, message, kind in app.toasts)


def test_a_counter_offer_shows_the_whole_offer_then_what_changed(app, tutorial):
    session = play(app, tutorial)
    # Karang answers an education offer with a counter-offer (less education, plus trade)
    identifier, refusal = session.propose("SAM", ("SAM", "KAR", "AWN"),
                                          (Clause(EDUCATION, level=0.6),), 4)
    assert refusal is None
    negotiation = session.game.negotiation(identifier)
    assert len(negotiation.offers) == 2 and negotiation.current.by == "KAR"
    app.push("inbox", focus=identifier)
    step(app, 2)
    html = app.scene.detail_html(negotiation)
    whole = html.index("The whole offer")
    changed = html.index("What Karang changed in offer 1 (by Samudra)")
    assert whole < changed
    # every clause of the offer on the table is listed in the whole offer, before the changes
    for clause in negotiation.current.clauses:
        assert whole < html.index(escape(clause_text(session.game, clause)), whole) < changed
    # Karang's reasons explain why it changed offer 1, not the offer now on the table
    assert "Why Karang changed offer 1 (by Samudra):" in html


def test_the_report_shows_your_agreements_first(app, tutorial):
    session = play(app, tutorial)
    session.propose("SAM", ("SAM", "KAR"), (Clause(TRADE, level=0.5),), 4)
    session.end_diplomacy("SAM")
    for _ in range(3):
        if session.game.reports:
            break
        session.end_compliance("SAM", {})
    assert session.game.reports
    app.push("report", turn=1)
    step(app, 2)
    scene = app.scene
    mine = scene.report.agreements_made
    assert mine
    # another pair's agreement made the same year, listed first in the game's record
    others = Agreement("others", ("KAR", "AWN"), (Clause(TRADE, level=0.3),), 1, 4)
    session.game.agreements.append(others)
    scene.report = replace(scene.report, agreements_made=["others", *mine])
    html = scene.report_html()
    yours, theirs = html.index("Your agreements"), html.index("Other countries' agreements")
    assert yours < html.index("Samudra") < theirs < html.index("Awan", theirs)


def test_a_promise_broken_to_you_is_said_once(app, tutorial):
    from game.ui.feedback import broken_promises

    session = play(app, tutorial)
    report = session.game.reports[0] if session.game.reports else None
    if report is None:
        session.end_diplomacy("SAM")
        session.end_compliance("SAM", {})
        report = session.game.reports[0]
    fisheries = next(a for a in session.game.agreements if a.id == "fisheries")
    app.toasts.clear()
    broken = replace(report, breaches=[("fisheries", 0, "KAR"), ("fisheries", 0, "SAM")])
    broken_promises(app, broken, "SAM")
    said = [message for _, message, kind in app.toasts if kind == "bad"]
    assert len(said) == 1 and said[0].startswith("Karang broke a promise to you")
    assert fisheries.parties == ("SAM", "KAR")
    broken_promises(app, broken, "SAM")  # the same report again: not said twice
    assert len([m for _, m, k in app.toasts if k == "bad"]) == 1


def test_only_your_own_offers_are_revised(app, tutorial):
    session = play(app, tutorial)
    waiting = session.inbox("SAM")  # Karang's trade offer to Samudra
    assert waiting
    assert session.reject("SAM", waiting[0].id) is None
    app.push("inbox", focus=waiting[0].id)
    step(app, 2)
    assert session.game.negotiation(waiting[0].id).status is Status.REJECTED
    assert "revise" not in app.scene.buttons  # Samudra refused it: nothing of its own to revise
