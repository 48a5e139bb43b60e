"""What one country may know, as plain JSON-ready data: the observation bots receive.

Public: every country's headline figures, the trade and trust matrices, agreements in force and
who broke what. Private to the observer: its own offers, obligations, delegations and its own
projections: the projected score change for itself of each offer on the table (``my_value``) and
of a menu of candidate proposals, and, in the compliance phase, for each clause it is bound by,
what breaking it gains now (``gain_if_broken``, welfare points), the whole score change a year
later (``score_change_if_broken``) and the trust each partner would lose (``trust_cost``).
Never another country's evaluation.

What every country sees alike (the figures, matrices and agreements) is made once while it
holds (``_public``) and copied for each observation; the projections of the seats asking in
the same round are made in one batch (``observation_values``). Either way every observation is
the same, value for value, as one made alone. ``observe_apart`` gives an observation in two
parts for a bot in another process: the country's own fields and the public ones as kept, not
copied (the sandbox serialises those once for every seat; the bot gets its copy from the bytes).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.agents.memo import memo_for
from game.agents.observation_values import gains, obligation_values
from game.agents.projection import Candidate
from game.model.state import SCORE_TERMS
from game.rules.agreements import Clause
from game.rules.game import Game, Phase, Status
from game.rules.records import records
from game.scenario.schema import ClauseKind

#: Partners offered in the menu of candidate proposals: the largest trade partners.
MENU_PARTNERS = 4
MENU_PACKAGES: tuple[tuple[Clause, ...], ...] = (
    (Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5),),
    (Clause(ClauseKind.EDUCATION_EXCHANGE, level=0.5),
     Clause(ClauseKind.VISA_FACILITATION, level=0.5)),
    (Clause(ClauseKind.SECURITY_COOPERATION, level=0.5),),
)


def _round(value: float) -> float:
    return float(round(float(value), 6))


def menu(game: Game, country: str) -> list[Candidate]:
    """Plausible proposals for ``country``: packages with its largest trade partners, and a
    trade package with its whole region when that has 3 to 12 countries."""
    me = game.index[country]
    trade = game.state.exports[0, me] + game.state.exports[0, :, me]
    order = [int(k) for k in np.argsort(-trade, kind="stable") if k != me][:MENU_PARTNERS]
    result: list[Candidate] = [
        ((country, game.country_ids[k]), package) for k in order for package in MENU_PACKAGES
    ]
    region = [c for c in game.country_ids if game.regions[c] == game.regions[country]]
    if 3 <= len(region) <= 12:
        result.append((tuple(region), MENU_PACKAGES[0]))
    return result


def seat_candidates(game: Game, country: str) -> list[Candidate]:
    """The candidates ``country``'s observation projects: the open negotiations it is party
    to (their offers on the table), then its menu when it has delegations left."""
    waiting = game.open_negotiations(country)
    candidates = kept_menu(game, country) if game.delegations_left(country) > 0 else []
    return [(n.parties, n.current.clauses) for n in waiting] + candidates


def kept_menu(game: Game, country: str) -> list[Candidate]:
    """``menu``, made once a model year (it follows the trade matrix); not to be changed."""
    return memo_for(game).get(f"observation menu {country}", lambda: menu(game, country),
                              yearly=True)


#: The fields of an observation that every country sees alike at a moment, in their order.
PUBLIC_FIELDS = ("countries", "trust", "trade", "agreements", "breaches_last_turn")


def observe(game: Game, country: str, round_number: int = 0,
            with_projections: bool = True) -> dict[str, Any]:
    """The observation of ``country`` now (see the module docstring and docs/bots.md)."""
    public = _public(game)
    return _observation(game, country, round_number, with_projections, public, {
        "countries": [dict(entry) for entry in public["countries"]],
        "trust": [list(row) for row in public["trust"]],
        "trade": [list(row) for row in public["trade"]],
        "agreements": [_agreement_copy(entry) for entry in public["agreements"]],
        "breaches_last_turn": [dict(entry) for entry in public["breaches_last_turn"]],
    })


def observe_apart(game: Game, country: str, round_number: int = 0,
                  with_projections: bool = True) -> tuple[dict[str, Any], dict[str, Any]]:
    """``observe``'s observation in two parts, for a bot in another process (issue 17): the
    country's own, with each of ``PUBLIC_FIELDS`` in its place set to None, and those fields as
    every country sees them now. The second part is the kept one itself, not a copy, and the
    same object while it holds: never to be changed nor handed to a bot, only serialised (once
    for every seat). ``own.update(public)`` gives ``observe``'s observation, in its key order."""
    public = _public(game)
    return (_observation(game, country, round_number, with_projections, public,
                         dict.fromkeys(PUBLIC_FIELDS)),
            public["alike"])


def _observation(game: Game, country: str, round_number: int, with_projections: bool,
                 public: dict[str, Any], alike: dict[str, Any]) -> dict[str, Any]:
    """The observation of ``country`` with ``alike`` as its public fields."""
    me = game.index[country]
    scores, terms = public["now"]["score"], public["now"]["terms"]
    waiting = [n for n in game.open_negotiations(country)]
    obligations = game.obligations(country)
    candidates = kept_menu(game, country) if game.delegations_left(country) > 0 else []
    offer_values: list[float] = []
    menu_values: list[float] = []
    if with_projections and (waiting or candidates):
        values = gains(game, country, [(n.parties, n.current.clauses) for n in waiting]
                       + candidates, seat_candidates)
        offer_values = [_round(v) for v in values[: len(waiting)]]
        menu_values = [_round(v) for v in values[len(waiting):]]
    breach_values: dict[tuple[str, int], dict[str, Any]] = {}
    if with_projections and obligations and game.phase is Phase.COMPLIANCE:
        for entry in obligation_values(game, country):
            breach_values[(entry["agreement"], entry["clause"])] = {
                "gain_if_broken": _round(entry["gain_now"]),
                "score_change_if_broken": _round(entry["score_change"]),
                "trust_cost": {p: _round(v) for p, v in entry["trust_cost"].items()},
            }
    return {
        "country": country,
        "turn": game.turn,
        "last_turn": game.last_turn,
        **game.end_facts(),
        "phase": game.phase.value,
        "round": round_number,
        "country_ids": list(game.country_ids),
        "countries": alike["countries"],
        "trust": alike["trust"],
        "trade": alike["trade"],
        "agreements": alike["agreements"],
        "breaches_last_turn": alike["breaches_last_turn"],
        "me": {
            "score": _round(scores[me]),
            "terms": {t: _round(terms[me, i]) for i, t in enumerate(SCORE_TERMS)},
            "delegations_left": game.delegations_left(country),
        },
        "negotiations": [
            {
                "id": n.id,
                "proposer": n.proposer,
                "parties": list(n.parties),
                "offer_by": n.current.by,
                "clauses": [c.to_dict() for c in n.current.clauses],
                "duration": n.current.duration,
                "accepted": sorted(n.accepted),
                "waiting_for_me": country in n.waiting_for and n.current.by != country,
                "offers_left": game.rules_of_play.negotiation_rounds - len(n.offers),
                "my_value": offer_values[i] if offer_values else None,
            }
            for i, n in enumerate(waiting)
            if n.status is Status.OPEN
        ],
        "obligations": [
            {"agreement": a.id, "clause": k, "partners": [p for p in a.parties if p != country],
             **a.clauses[k].to_dict(), **breach_values.get((a.id, k), {})}
            for a, k in obligations
        ],
        "menu": [
            {"parties": list(parties), "clauses": [c.to_dict() for c in clauses],
             "duration": 5, "my_value": menu_values[i] if menu_values else None}
            for i, (parties, clauses) in enumerate(candidates)
        ],
    }


def _public(game: Game) -> dict[str, Any]:
    """What every country's observation shows alike now, made once while it holds (until the
    turn, the phase, the model year or the number of agreements changes): ``PUBLIC_FIELDS``,
    also gathered under ``"alike"`` (for ``observe_apart``), and the year's records (``"now"``).
    Never handed out: ``observe`` copies it (a bot may change its own observation)."""
    return memo_for(game).get(f"observation public {game.phase.value} {game.state.year}",
                              lambda: _make_public(game))


def _make_public(game: Game) -> dict[str, Any]:
    state = game.state
    now = records(game).year(-1)
    trust, held, scores = now["trust"], now["trust_held"], now["score"]
    last_report = game.reports[-1] if game.reports else None
    alike = {
        "countries": [
            {
                "id": c.id,
                "region": c.region,
                "gdp": _round(state.gdp[0, k]),
                "population": _round(state.population[0, k]),
                "technology": _round(state.technology[0, k]),
                "human_capital": _round(state.human_capital[0, k]),
                "security": _round(state.security[0, k]),
                "trust_held": _round(held[k]),
                "score": _round(scores[k]),
            }
            for k, c in enumerate(game.scenario.countries)
        ],
        "trust": [[_round(x) for x in row] for row in trust],
        "trade": [[_round(x) for x in row] for row in state.exports[0]],
        "agreements": [
            {**a.to_dict(), "type": game.agreement_type(a.parties).value}
            for a in game.in_force()
        ],
        "breaches_last_turn": [
            {"agreement": a, "clause": k, "country": c}
            for a, k, c in (last_report.breaches if last_report else [])
        ],
    }
    return {"now": now, **alike, "alike": alike}


def _agreement_copy(agreement: dict[str, Any]) -> dict[str, Any]:
    """A copy of an agreement's entry (``Agreement.to_dict`` and its type) at every level: its
    lists, its clauses (flat dicts) and its name (a flat dict or None)."""
    name = agreement["name"]
    return {**agreement, "parties": agreement["parties"][:],
            "clauses": [dict(clause) for clause in agreement["clauses"]],
            "name": None if name is None else dict(name),
            "broken": [breach[:] for breach in agreement["broken"]]}
