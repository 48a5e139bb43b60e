"""The built-in example bots: one small class per strategy, Axelrod-style.

Each reads only its observation and returns action dicts, exactly as a student's bot does, so
each is also a worked example for docs/bots.md. ``classifier`` states each one's traits the way
the Axelrod library does (does it use memory, randomness, does it ever break its word first).
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

from game.agents.bots.base import Action, Bot, accept, keep, propose, reject


def _waiting(observation: dict[str, Any]) -> list[dict[str, Any]]:
    """The negotiations whose offer waits for this country's answer."""
    return [n for n in observation["negotiations"] if n["waiting_for_me"]]


def _best_menu_item(observation: dict[str, Any], trusted_only: bool = False
                    ) -> dict[str, Any] | None:
    """The menu entry with the highest projected value for me, if that value is above 0 (with
    ``trusted_only``, among partners trusted at least TRUST_TO_DEAL)."""
    if not observation.get("proposals_allowed", True) or observation["me"]["delegations_left"] <= 0:
        return None
    valued = [m for m in observation["menu"] if m["my_value"] is not None and m["my_value"] > 0
              and (not trusted_only or _trusted(observation, m.get("parties", [])))]
    return max(valued, key=lambda m: m["my_value"], default=None)


#: Trust below which the cooperating bots deal with a partner no more: they refuse its offers
#: and stop proposing to it (a broken word costs later, through the partners who walk away).
#: A third: in beta reputation (trust = (kept + 1) / (kept + broken + 2)) a partner below it
#: has shown about twice as much evidence of breaking its word as of keeping it.
TRUST_TO_DEAL = 1.0 / 3.0


def _trusted(observation: dict[str, Any], parties: list[str]) -> bool:
    """Whether this country trusts every other party at least TRUST_TO_DEAL."""
    ids = observation.get("country_ids", [])
    if "trust" not in observation or observation["country"] not in ids:
        return True
    trust = observation["trust"][ids.index(observation["country"])]
    return all(trust[ids.index(p)] >= TRUST_TO_DEAL for p in parties
               if p in ids and p != observation["country"])


def _propose_item(item: dict[str, Any]) -> Action:
    return propose(item["parties"], item["clauses"], item.get("duration", 5))


class Cooperator(Bot):
    """Accepts every offer that does not lose it score, proposes its best menu item and always
    keeps its word; it deals only with partners it trusts at least TRUST_TO_DEAL (a partner
    that broke its word to it or before its eyes is refused until trust grows back).

    After Axelrod's *Cooperator* (always cooperates; Axelrod 1984, *The Evolution of
    Cooperation*), made a little sensible: it still refuses offers its own projection says lose.
    """

    name = "cooperator"
    classifier: ClassVar[dict[str, Any]] = {"memory_depth": 0, "stochastic": False, "breaks_first": False}

    def act(self, observation: dict[str, Any]) -> list[Action]:
        if observation["phase"] == "compliance":
            return [keep(o) for o in observation["obligations"]]
        return self.negotiate(observation)

    def negotiate(self, observation: dict[str, Any]) -> list[Action]:
        actions = []
        for negotiation in _waiting(observation):
            value = negotiation["my_value"]
            good = (value is None or value >= 0) and _trusted(observation, negotiation.get("parties", []))
            actions.append(accept(negotiation) if good else reject(negotiation))
        item = _best_menu_item(observation, trusted_only=True)
        if item is not None:
            actions.append(_propose_item(item))
        return actions


class Reciprocator(Cooperator):
    """Tit for tat: cooperates like the cooperator, but when a partner broke a clause of an
    agreement with it last turn, it breaks for one turn one of its own clauses aimed at that
    partner only for each clause broken (``answers``; ``aimed_at``: a directed clause whose
    receiver it is, or a shared clause of an agreement with no other party), the one that pays
    it most, then forgives. A shared clause of a regional agreement binds it towards every
    member, so breaking it would wrong the innocent ones too (observers judge by standing: only
    retaliation against the offender is justified).

    After Anatol Rapoport's *Tit For Tat*, the winner of both of Axelrod's tournaments
    (Axelrod 1980, "Effective choice in the Prisoner's Dilemma", J. Conflict Resolution 24(1)).
    """

    name = "reciprocator"
    classifier: ClassVar[dict[str, Any]] = {"memory_depth": 1, "stochastic": False, "breaks_first": False}

    def act(self, observation: dict[str, Any]) -> list[Action]:
        if observation["phase"] != "compliance":
            return self.negotiate(observation)
        answered = answers(observation)
        return [keep(o, keep_it=k not in answered)
                for k, o in enumerate(observation["obligations"])]


def answers(observation: dict[str, Any]) -> set[int]:
    """The obligations (their positions) the reciprocator breaks this turn: one for each clause
    an offender broke towards it last turn (a proportionate answer), aimed at that offender
    (``aimed_at``), only one that pays (``cheap``), and of those the one that pays it most
    (``payoff``), of the same kind as the offence among equals: tit for tat answers a breach
    with one breach, at a gain to itself rather than a loss (branch ``dilemma3``: before, an
    answer that saved it 0.02 points now cost it 0.02 a year later, the trust lost counted).
    Why answers earn it little in this game anyway: docs/model.md, "What reciprocity earns
    here"."""
    obligations = observation["obligations"]
    chosen: set[int] = set()
    for offender, kind in offences_against(observation):
        aimed = [k for k, o in enumerate(obligations)
                 if k not in chosen and aimed_at(o, {offender}) and cheap(o)]
        if aimed:
            chosen.add(max(aimed, key=lambda k: (payoff(obligations[k]),
                                                 obligations[k].get("kind") == kind)))
    return chosen


def payoff(obligation: dict[str, Any]) -> float:
    """What breaking ``obligation`` is worth to this country: its whole score change a year
    later, the trust it loses counted (``score_change_if_broken``), else what it gains now
    (``gain_if_broken``), else 0 (the observation does not say)."""
    for figure in ("score_change_if_broken", "gain_if_broken"):
        value = obligation.get(figure)
        if value is not None:
            return float(value)
    return 0.0


def cheap(obligation: dict[str, Any]) -> bool:
    """Whether breaking ``obligation`` pays this country: its score a year later rises
    (``score_change_if_broken`` above 0), or, without that figure, its breach costs nothing
    now (``gain_if_broken`` not below 0), or nothing is given. Tit for tat answers with a breach
    that hurts the offender, not itself; it has another answer that costs it little, refusing
    the offender's deals."""
    change = obligation.get("score_change_if_broken")
    if change is not None:
        return change > 0
    gain = obligation.get("gain_if_broken")
    return gain is None or gain >= 0


def aimed_at(obligation: dict[str, Any], offenders: set[str]) -> bool:
    """Whether breaking ``obligation`` hurts only ``offenders``: a directed clause (aid,
    investment, technology...) whose receiver is one of them, or a shared clause whose other
    parties all are."""
    receiver = obligation.get("receiver")
    if receiver is not None:
        return receiver in offenders
    return bool(obligation["partners"]) and set(obligation["partners"]) <= offenders


def offenders_against(observation: dict[str, Any]) -> set[str]:
    """Countries that broke, last turn, a clause owed to this country: a clause of an agreement
    it is a party to that binds all parties alike, or a directed one whose receiver it is."""
    return {offender for offender, _ in offences_against(observation)}


def offences_against(observation: dict[str, Any]) -> list[tuple[str, str | None]]:
    """Each clause broken last turn that was owed to this country (``offenders_against``): the
    offender and the clause's kind (None when the observation does not say)."""
    me = observation["country"]
    mine = {a["id"]: a for a in observation["agreements"] if me in a["parties"]}
    offences = []
    for breach in observation["breaches_last_turn"]:
        agreement = mine.get(breach["agreement"])
        if agreement is None or breach["country"] == me:
            continue
        clauses = agreement.get("clauses", [])
        clause = clauses[breach["clause"]] if 0 <= breach["clause"] < len(clauses) else {}
        if clause.get("receiver") in (None, me):
            offences.append((breach["country"], clause.get("kind")))
    return offences


class Opportunist(Cooperator):
    """Negotiates as the cooperator does, and breaks a clause whenever breaking it pays this
    year: the two differ only in keeping their word, so that a tournament measures what
    breaking it is worth (an opportunist that also refused every offer worth exactly nothing
    to it or with no value given ended 7 welfare points below the cooperator in 2 turns
    without breaking anything).

    A short-sighted defector: Axelrod's *Defector* only when defecting pays, as in the
    "opportunistic" players of repeated trade games (Greif 1993, "Contract enforceability and
    economic institutions in early trade", American Economic Review 83(3)). It uses each
    obligation's ``gain_if_broken`` (what breaking the clause gains it now, before any loss of
    trust) and ignores the cost later. Where an observation lacks that figure it spends its
    reputation instead: it breaks
    clauses towards partners that still trust it (trust at least TRUST_TO_SPEND), and keeps them
    while trust in it is low, so that it keeps being offered deals.
    """

    name = "opportunist"
    classifier: ClassVar[dict[str, Any]] = {"memory_depth": 0, "stochastic": False, "breaks_first": True}
    TRUST_TO_SPEND = 0.5

    def act(self, observation: dict[str, Any]) -> list[Action]:
        if observation["phase"] == "compliance":
            return [keep(o, keep_it=not self.breaking_pays(observation, o))
                    for o in observation["obligations"]]
        return self.negotiate(observation)

    def breaking_pays(self, observation: dict[str, Any], obligation: dict[str, Any]) -> bool:
        gain = obligation.get("gain_if_broken")
        if gain is not None:
            return gain > 0
        ids = observation["country_ids"]
        me = ids.index(observation["country"])
        partners = [ids.index(p) for p in obligation["partners"] if p in ids]
        if not partners:
            return False
        trust_in_me = sum(observation["trust"][p][me] for p in partners) / len(partners)
        return trust_in_me >= self.TRUST_TO_SPEND


class Bystander(Bot):
    """Does nothing: proposes nothing, answers nothing (offers to it lapse) and, deciding
    nothing, keeps every clause it is bound by.

    A probe for designers rather than a strategy: what a seat is worth when its player sits
    still (a balanced scenario ranks it below anyone who plays).
    """

    name = "bystander"
    classifier: ClassVar[dict[str, Any]] = {"memory_depth": 0, "stochastic": False, "breaks_first": False}

    def act(self, observation: dict[str, Any]) -> list[Action]:
        return []


class LastTurnBreaker(Cooperator):
    """Cooperates like the cooperator, then breaks every clause in the last turn, when no
    partner can pay it back.

    End-game defection in a finitely repeated game (Selten 1978, "The chain store paradox",
    Theory and Decision 9; Axelrod 1984 on the shadow of the future): a probe of whether
    keeping one's word still pays when the game is about to end.
    """

    name = "last-turn-breaker"
    classifier: ClassVar[dict[str, Any]] = {"memory_depth": 0, "stochastic": False, "breaks_first": True}

    def act(self, observation: dict[str, Any]) -> list[Action]:
        if observation["phase"] == "compliance" and observation["turn"] >= observation["last_turn"]:
            return [keep(o, keep_it=False) for o in observation["obligations"]]
        return super().act(observation)


class RandomBot(Bot):
    """Answers, proposes, counters and keeps or breaks at random (each choice a coin toss).

    Axelrod's *Random* player (Axelrod 1980 entered it as the baseline every strategy should
    beat). Its generator is seeded from the observation's game seed, country, turn, phase and
    round, so the same game always gets the same "random" moves.
    """

    name = "random"
    classifier: ClassVar[dict[str, Any]] = {"memory_depth": 0, "stochastic": True, "breaks_first": True}

    def act(self, observation: dict[str, Any]) -> list[Action]:
        rng = random.Random(
            f"{observation.get('seed', 0)}|{observation['country']}|{observation['turn']}|"
            f"{observation['phase']}|"
            f"{observation['round']}"
        )
        if observation["phase"] == "compliance":
            return [keep(o, keep_it=rng.random() < 0.5) for o in observation["obligations"]]
        actions: list[Action] = []
        for negotiation in _waiting(observation):
            choice = rng.random()
            if choice < 0.4:
                actions.append(accept(negotiation))
            elif choice < 0.7 or negotiation["offers_left"] <= 0:
                actions.append(reject(negotiation))
            else:
                clauses = [_shake(clause, rng) for clause in negotiation["clauses"]]
                actions.append({"type": "counter", "negotiation": negotiation["id"],
                                "clauses": clauses, "duration": rng.randint(1, 10)})
        allowed = observation.get("proposals_allowed", True)
        can_propose = allowed and observation["me"]["delegations_left"] > 0 and observation["menu"]
        if can_propose and rng.random() < 0.5:
            item = rng.choice(observation["menu"])
            clauses = [_shake(clause, rng) for clause in item["clauses"]]
            actions.append(propose(item["parties"], clauses, rng.randint(1, 10)))
        return actions


def _shake(clause: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The clause with a random level (level clauses) or a changed amount (money clauses)."""
    changed = dict(clause)
    if changed.get("amount", 0.0):
        changed["amount"] = round(changed["amount"] * rng.uniform(0.5, 1.5), 3)
    else:
        changed["level"] = round(rng.uniform(0.1, 1.0), 2)
    return changed


BUILT_IN: dict[str, type[Bot]] = {
    "cooperator": Cooperator,
    "reciprocator": Reciprocator,
    "opportunist": Opportunist,
    "random": RandomBot,
    "bystander": Bystander,
    "last-turn-breaker": LastTurnBreaker,
}
