"""Numeric observations and the action menu, shared by the environment and the policy bot.

Both sides first build a ``View`` (from the game in ``game.env.aec``, from a bot's JSON
observation in ``game.env.policy_bot``), then ``encode`` it, so a policy sees the same numbers
in training and in a tournament. Only numpy and the rules' data records are needed here.

Action layout for a menu of size K (``action_layout``): 0 pass; 1..K propose menu candidate k;
K+1 accept the offer waiting for you; K+2 reject it; K+3..2K+2 counter it with counter
candidate k; 2K+3..3K+2 keep obligation k; 3K+3..4K+2 break obligation k.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.rules.agreements import Clause, step_variants
from game.rules.terms import AMOUNT_CLAUSES, DEFAULT_DURATION, ClauseKind

CLAUSE_KINDS = list(ClauseKind)
DEFAULT_MENU_SIZE = 16
#: Names of the ``indicators`` entries, in order (the score terms follow).
INDICATORS = ("turn_share", "diplomacy", "compliance", "round", "delegations_left",
              "proposals_allowed", "score", "offers_waiting")
#: Columns of ``offer``, ``menu``, ``counters`` and ``obligations`` rows before the parties
#: (n columns: 1 for each party other than you) and the clauses (per clause kind: its level,
#: or its amount in hundredths of your GDP; then +1 if you receive it, −1 if you give it).
ITEM_COLUMNS = ("valid", "value", "offers_left", "duration")
VALID, VALUE, OFFERS_LEFT, DURATION = range(4)

Candidate = tuple[tuple[str, ...], tuple[Clause, ...]]


@dataclass
class Offer:
    id: int
    parties: tuple[str, ...]
    clauses: tuple[Clause, ...]
    duration: int
    offers_left: int
    value: float = 0.0


@dataclass
class Obligation:
    agreement: str
    clause: int
    parties: tuple[str, ...]
    terms: Clause


@dataclass
class View:
    """What one country knows at one decision, in the shape the encoder needs."""

    country_ids: list[str]
    country: str
    phase: str
    turn: int
    last_turn: int
    round: int
    delegations_left: int
    proposals_allowed: bool
    score: float
    terms: list[float]
    gdp: float
    trust: np.ndarray  # (n, n) [i, j]: trust i holds in j
    trade: np.ndarray  # (n, n) [i, j]: exports of i to j
    offers: list[Offer] = field(default_factory=list)  # waiting for this country, in order
    menu: list[Candidate] = field(default_factory=list)
    menu_values: list[float] = field(default_factory=list)
    proposed: set = field(default_factory=set)  # candidates already proposed this turn
    obligations: list[Obligation] = field(default_factory=list)  # not yet decided

    @property
    def me(self) -> int:
        return self.country_ids.index(self.country)


def action_layout(menu_size: int) -> dict[str, int]:
    """Where each kind of action starts in the Discrete space, and its size ("size")."""
    k = menu_size
    return {"pass": 0, "propose": 1, "accept": k + 1, "reject": k + 2, "counter": k + 3,
            "keep": 2 * k + 3, "break": 3 * k + 3, "size": 4 * k + 3}


def item_width(n: int) -> int:
    return len(ITEM_COLUMNS) + n + 2 * len(CLAUSE_KINDS)


def indicator_width(terms: int) -> int:
    return len(INDICATORS) + terms


def counters(offer: Offer) -> list[tuple[Clause, ...]]:
    """Counter-offers one step from ``offer``: each level ±0.25, each amount halved, one clause
    dropped, or one common clause added (all legal whenever the offer is)."""
    return step_variants(offer.clauses)


def _item(row: np.ndarray, view: View, parties: tuple[str, ...], clauses: tuple[Clause, ...],
          value: float, offers_left: int = 0, duration: int = DEFAULT_DURATION) -> None:
    n = len(view.country_ids)
    row[VALID] = 1.0
    row[VALUE] = value
    row[OFFERS_LEFT] = offers_left
    row[DURATION] = duration
    base = len(ITEM_COLUMNS)
    for party in parties:
        if party != view.country and party in view.country_ids:
            row[base + view.country_ids.index(party)] = 1.0
    base += n
    kinds = len(CLAUSE_KINDS)
    for clause in clauses:
        k = CLAUSE_KINDS.index(clause.kind)
        if clause.kind in AMOUNT_CLAUSES:
            row[base + k] = clause.amount / (0.01 * view.gdp) if view.gdp > 0 else 0.0
        else:
            row[base + k] = clause.level
        if clause.receiver == view.country:
            row[base + kinds + k] = 1.0
        elif clause.giver == view.country:
            row[base + kinds + k] = -1.0


def choices(view: View, menu_size: int) -> dict[str, list]:
    """The candidates behind each slot: menu, counters and obligations (at most K each)."""
    diplomacy = view.phase == "diplomacy"
    menu = view.menu[:menu_size] if diplomacy and view.delegations_left > 0 else []
    offer = view.offers[0] if diplomacy and view.offers else None
    counter_list = counters(offer)[:menu_size] if offer is not None and offer.offers_left > 0 else []
    obligations = view.obligations[:menu_size] if view.phase == "compliance" else []
    return {"menu": menu, "offer": [offer] if offer else [], "counters": counter_list,
            "obligations": obligations}


def mask(view: View, menu_size: int, slots: dict[str, list] | None = None) -> np.ndarray:
    """The action mask (int8) of a view: 1 where the action is allowed now."""
    slots = choices(view, menu_size) if slots is None else slots
    layout = action_layout(menu_size)
    result = np.zeros(layout["size"], dtype=np.int8)
    result[0] = 1
    if view.proposals_allowed and view.delegations_left > 0:
        for k, candidate in enumerate(slots["menu"]):
            if candidate not in view.proposed:
                result[layout["propose"] + k] = 1
    if slots["offer"]:
        result[layout["accept"]] = 1
        result[layout["reject"]] = 1
        result[layout["counter"]: layout["counter"] + len(slots["counters"])] = 1
    count = len(slots["obligations"])
    result[layout["keep"]: layout["keep"] + count] = 1
    result[layout["break"]: layout["break"] + count] = 1
    return result


def encode(view: View, menu_size: int) -> tuple[dict[str, np.ndarray], dict[str, list]]:
    """The numeric observation of a view and the candidates behind its slots."""
    n = len(view.country_ids)
    me = view.me
    slots = choices(view, menu_size)
    width = item_width(n)
    indicators = np.array([
        view.turn / max(view.last_turn, 1), view.phase == "diplomacy", view.phase == "compliance",
        view.round, view.delegations_left, view.proposals_allowed,
        view.score, len(view.offers) if view.phase == "diplomacy" else 0, *view.terms,
    ], dtype=np.float32)
    imports = view.trade[:, me]
    total = imports.sum()
    dependency = imports / total if total > 0 else np.zeros(n)
    offer = np.zeros(width, dtype=np.float32)
    for item in slots["offer"]:
        _item(offer, view, item.parties, item.clauses, item.value, item.offers_left, item.duration)
    menu = np.zeros((menu_size, width), dtype=np.float32)
    for k, (parties, clauses) in enumerate(slots["menu"]):
        value = view.menu_values[k] if k < len(view.menu_values) else 0.0
        _item(menu[k], view, parties, clauses, value)
        if (parties, clauses) in view.proposed:
            menu[k, VALID] = 0.0
    counter_rows = np.zeros((menu_size, width), dtype=np.float32)
    if slots["offer"]:
        offered = slots["offer"][0]
        for k, clauses in enumerate(slots["counters"]):
            _item(counter_rows[k], view, offered.parties, clauses, 0.0, offered.offers_left - 1,
                  offered.duration)
    obligations = np.zeros((menu_size, width), dtype=np.float32)
    for k, obligation in enumerate(slots["obligations"]):
        _item(obligations[k], view, obligation.parties, (obligation.terms,), 0.0)
    observation = {
        "indicators": indicators,
        "trust_row": view.trust[me].astype(np.float32),
        "trust_column": view.trust[:, me].astype(np.float32),
        "dependency": dependency.astype(np.float32),
        "offer": offer,
        "menu": menu,
        "counters": counter_rows,
        "obligations": obligations,
        "action_mask": mask(view, menu_size, slots),
    }
    return observation, slots


def to_action(action: int, view: View, slots: dict[str, list], menu_size: int
              ) -> dict[str, Any] | None:
    """The action dict (``game.rules.actions.to_dict`` format) of a Discrete action; None for pass."""
    layout = action_layout(menu_size)
    if action == layout["pass"]:
        return None
    if layout["propose"] <= action < layout["accept"]:
        parties, clauses = slots["menu"][action - layout["propose"]]
        return {"type": "propose", "country": view.country, "parties": list(parties),
                "clauses": [c.to_dict() for c in clauses], "duration": DEFAULT_DURATION}
    if action in (layout["accept"], layout["reject"]):
        kind = "accept" if action == layout["accept"] else "reject"
        return {"type": kind, "country": view.country, "negotiation": slots["offer"][0].id}
    if layout["counter"] <= action < layout["keep"]:
        offer = slots["offer"][0]
        clauses = slots["counters"][action - layout["counter"]]
        return {"type": "counter", "country": view.country, "negotiation": offer.id,
                "clauses": [c.to_dict() for c in clauses], "duration": offer.duration}
    keep = action < layout["break"]
    obligation = slots["obligations"][action - (layout["keep"] if keep else layout["break"])]
    return {"type": "comply", "country": view.country, "agreement": obligation.agreement,
            "clause": obligation.clause, "keep": keep}
