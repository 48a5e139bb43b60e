"""What a team may know, as plain JSON-ready data: the view the host sends its devices.

A team's view is built from the observation bots receive (``game.agents.observation.observe``:
its own country's offers, obligations and projections, and the public figures), plus what is
public in the class anyway (this year's news, last year's report, the leaderboard, the team
names, the countdown) and its own negotiations of this turn with the partners' answers and the
computer partners' reasons given in them. Never another team's projections, offers it is not a
party to, reasons given to others, or compliance decisions before the resolution: the game's
``decisions`` are not read here at all, and every negotiation shown has the team as a party.

The teacher's view adds who is connected and the moderator's cards; it has no team's private
offers or projections either (the projector shows it).
"""

from __future__ import annotations

from typing import Any

from game.agents.observation import observe
from game.model.state import SCORE_TERMS
from game.rules.game import Game, Phase
from game.rules.moves import TurnReport
from game.session import views


def _report(report: TurnReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "turn": report.turn,
        "events": [e.to_dict() for e in report.events],
        "agreements_made": list(report.agreements_made),
        "agreements_ended": list(report.agreements_ended),
        "breaches": [{"agreement": a, "clause": k, "country": c} for a, k, c in report.breaches],
    }


def _reasons(session: Any, negotiation: int, partner: str) -> dict[str, Any] | None:
    """A computer partner's answer in a negotiation with the team, and its reasons (what the
    game's screens show; not its utility or threshold)."""
    if partner in session.humans:
        return None
    decision = session.reasons(negotiation, partner)
    if decision is None or not hasattr(decision, "reasons"):
        return None
    return {"accept": bool(decision.accept),
            "reasons": [{"key": r.key, "values": dict(r.values), "points": float(r.points)}
                        for r in decision.reasons]}


def negotiations(session: Any, country: str) -> list[dict[str, Any]]:
    """This turn's negotiations with ``country`` as a party, newest first, with every offer,
    each party's latest answer and the computer partners' reasons."""
    game: Game = session.game
    found = []
    for negotiation in session.this_turn(country):
        if country not in negotiation.parties:  # the privacy boundary, said twice
            continue
        partners = [p for p in negotiation.parties if p != country]
        found.append({
            **negotiation.to_dict(),
            "waiting_for_me": (negotiation.status.value == "open" and country in negotiation.waiting_for
                               and negotiation.current.by != country),
            "answers": {p: views.answer_of(game, negotiation.id, p) for p in partners},
            "reasons": {p: r for p in partners
                        if (r := _reasons(session, negotiation.id, p)) is not None},
        })
    return found


def timer_view(classroom: Any) -> dict[str, Any] | None:
    timer = getattr(classroom, "timer", None)
    if timer is None:
        return None
    return {"seconds": timer.seconds, "remaining": round(timer.remaining(), 3),
            "active": timer.active, "running": timer.running}


def _text(text: Any) -> dict[str, str]:
    return {"en": text.en, "id": text.id}


def setting(game: Game) -> dict[str, Any]:
    """The scenario's public facts a client needs to write and show offers by itself: the
    countries' names in both languages, regions (an agreement's type) and this year's GDP
    (a money clause's grid and limit), the currency, the event cards' words, and the rules'
    grid (levels, amount steps and limits, durations, clauses)."""
    rules = game.rules_of_play
    gdp = game.state.gdp[0]
    return {
        "countries": {c.id: {"name": _text(c.name), "region": c.region,
                             "gdp": float(gdp[game.index[c.id]])}
                      for c in game.scenario.countries},
        "currency": _text(game.scenario.scenario.currency),
        "score_terms": list(SCORE_TERMS),  # the page shows the score's terms in this order
        "cards": {card.id: {"title": _text(card.title), "text": _text(card.text)}
                  for card in game.scenario.events},
        "rules": {"levels": list(rules.levels), "amount_step": rules.amount_step,
                  "amount_steps": rules.amount_steps,
                  "default_amount_steps": rules.default_amount_steps,
                  "maximum_amount_share": rules.maximum_amount_share,
                  "maximum_received_share": rules.maximum_received_share,
                  "maximum_duration": rules.maximum_duration,
                  "default_duration": rules.default_duration,
                  "maximum_clauses": rules.maximum_clauses,
                  "negotiation_rounds": rules.negotiation_rounds},
    }


def common(session: Any) -> dict[str, Any]:
    """What every team and the teacher see alike: public."""
    game: Game = session.game
    classroom = session.classroom
    return {
        "scenario": game.scenario.scenario.id,
        "title": {"en": game.scenario.scenario.title.en, "id": game.scenario.scenario.title.id},
        "setting": setting(game),
        "turn": game.turn,
        "last_turn": game.last_turn,
        **game.end_facts(),
        "phase": game.phase.value,
        "round": game.round,
        "answers_only": game.phase is Phase.DIPLOMACY and game.answers_only,
        "news": [e.to_dict() for e in game.events],
        "last_report": _report(game.reports[-1] if game.reports else None),
        "leaderboard": session.leaderboard(),
        "teams": dict(getattr(classroom, "teams", {}) or {}),
        "timer": timer_view(classroom),
        "paused": bool(getattr(classroom, "paused", False)),
        "game_over": game.finished or bool(getattr(classroom, "ended", False)),
    }


def team_view(session: Any, country: str, public: dict[str, Any] | None = None,
              observation: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything ``country``'s team may know now (see the module's docstring); ``public``:
    ``common(session)`` made once for every view of the same moment; ``observation``: the
    team's observation now if kept (``game.net.observations``), else made here."""
    game: Game = session.game
    deciding = session.deciding()
    return {
        **(public if public is not None else common(session)),
        "country": country,
        "team": session.classroom.team(country) if session.classroom is not None else "",
        "deciding": country in deciding,
        "ended": country in game.ended,
        "observation": observation if observation is not None else observe(game, country, game.round),
        "negotiations": negotiations(session, country),
    }


def teacher_view(session: Any, devices: list[dict[str, Any]],
                 public: dict[str, Any] | None = None) -> dict[str, Any]:
    """The teacher's screen: public progress, who the game waits for, the devices, the cards
    (``public`` as for ``team_view``)."""
    game: Game = session.game
    return {
        **(public if public is not None else common(session)),
        "humans": list(session.humans),
        "deciding": session.deciding(),
        "done": sorted(session.done),
        "devices": devices,
        "cards": [{"id": card.id, "kind": card.kind.value, "targets": list(card.targets or [])}
                  for card in game.scenario.events],
        "moderated_this_year": [e.card for e in game.events if e.moderator],
    }
