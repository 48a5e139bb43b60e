"""The lesson's seventeen ideas in one game: which a country met, each with its debrief line.

``CONCEPTS.md`` (the article's ideas) lists seventeen ideas, each a mechanic of the game. Here
each idea has its glossary entries (``ui.glossary.<key>``) and its debrief line
(``ui.end.debrief.idea.<key>``, sometimes with a variant, e.g. for the giver or the receiver of
a clause). ``ideas_met`` reads a game (its agreements, negotiations, events and records) and says
which ideas happened to a country, with the figures of its line; ``idea_lines`` translates them.
Pure functions of the game: nothing here draws or changes anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.i18n import translate
from game.i18n.numbers import number, signed
from game.rules.agreements import Agreement, Clause
from game.rules.game import Game, Status
from game.rules.records import records
from game.rules.results import agreements_made
from game.scenario.schema import AidForm, ClauseKind, EventKind

#: Catalog prefixes of the glossary and of the debrief's idea lines.
GLOSSARY = "ui.glossary"
LINES = "ui.end.debrief.idea"


@dataclass(frozen=True)
class Idea:
    """One idea of CONCEPTS.md: its number, its glossary entries and its debrief line keys
    (the first is the idea's own; the others are variants of it)."""

    number: int
    glossary: tuple[str, ...]
    lines: tuple[str, ...]


#: The seventeen ideas of CONCEPTS.md, in its order.
IDEAS: tuple[Idea, ...] = (
    Idea(1, ("mutual_benefit",), ("mutual_benefit",)),
    Idea(2, ("cooperation", "agreement"), ("cooperation",)),
    Idea(3, ("negotiation", "treaty"), ("negotiation",)),
    Idea(4, ("trust",), ("trust",)),
    Idea(5, ("sovereignty", "non_interference", "free_active"),
         ("sovereignty", "sovereignty_refused")),
    Idea(6, ("bilateral", "regional", "multilateral"), ("agreement_types",)),
    Idea(7, ("welfare",), ("welfare",)),
    Idea(8, ("production_costs",), ("production_costs",)),
    Idea(9, ("technology",), ("technology", "technology_given")),
    Idea(10, ("dependency",), ("dependency",)),
    Idea(11, ("security",), ("security", "border_tension")),
    Idea(12, ("investment",), ("investment", "investment_given")),
    Idea(13, ("aid",), ("aid", "aid_given")),
    Idea(14, ("msme",), ("quality",)),
    Idea(15, ("visa",), ("visa",)),
    Idea(16, ("education",), ("education",)),
    Idea(17, ("state_name",), ("state_name", "state_name_other")),
)


@dataclass(frozen=True)
class IdeaMet:
    """An idea that happened to a country in a game: which line says so, with its figures."""

    idea: int
    line: str  # a key under ``LINES``
    values: dict[str, Any] = field(default_factory=dict)  # numbers (float), names (str), turns


# --- what the game holds ---------------------------------------------------------------------
def _resolved_turns(game: Game) -> range:
    """The turns whose year the model has run (1 .. the last report)."""
    return range(1, len(game.reports) + 1)


def _was_in_force(agreement: Agreement, turn: int) -> bool:
    """Whether ``agreement`` was in force in ``turn`` (``Agreement.in_force`` answers for now:
    an agreement that has ended is not in force in any turn, even those it ran in)."""
    ended = agreement.ended_turn
    return (agreement.start_turn <= turn < agreement.start_turn + agreement.duration
            and (ended is None or turn <= ended))


def _in_play(game: Game) -> list[Agreement]:
    """Agreements in force in at least one year that was played."""
    turns = _resolved_turns(game)
    return [a for a in game.agreements if any(_was_in_force(a, t) for t in turns)]


def _clauses(game: Game, country: str, kind: ClauseKind) -> list[tuple[Agreement, int, Clause]]:
    """Clauses of ``kind`` in play that bind or benefit ``country``."""
    return [(a, k, c) for a in _in_play(game) if country in a.parties
            for k, c in enumerate(a.clauses) if c.kind is kind]


def _partners(found: Iterable[tuple[Agreement, int, Clause]], country: str,
              side: str | None = None) -> list[str]:
    """The other side of each clause: the giver or receiver (directed clauses, ``side``), or
    every other party (shared clauses); in first-seen order."""
    partners: list[str] = []
    for agreement, _, clause in found:
        others = ([getattr(clause, side)] if side is not None
                  else [p for p in agreement.parties if p != country])
        partners.extend(p for p in others if p not in partners and p != country)
    return partners


def _delivered(game: Game, found: Iterable[tuple[Agreement, int, Clause]]) -> float:
    """The amount money clauses delivered over the played years (broken years left out)."""
    total = 0.0
    for agreement, k, clause in found:
        broken = {turn for turn, index, _ in agreement.broken if index == k}
        total += clause.amount * sum(1 for t in _resolved_turns(game)
                                     if _was_in_force(agreement, t) and t not in broken)
    return total


def _promises(game: Game, country: str) -> tuple[int, int]:
    """(kept, due): the yearly clauses ``country`` was bound to in the played years, and how
    many of them it kept."""
    due = broken = 0
    for agreement in game.agreements:
        for turn in _resolved_turns(game):
            if _was_in_force(agreement, turn):
                due += sum(1 for clause in agreement.clauses
                           if country in clause.obligated(agreement.parties))
        broken += sum(1 for _, _, who in agreement.broken if who == country)
    return due - broken, due


# --- which ideas a country met ---------------------------------------------------------------
def ideas_met(game: Game, country: str) -> list[IdeaMet]:
    """The ideas of CONCEPTS.md that happened to ``country`` in ``game``, in the ideas' order,
    each with the figures of its debrief line (raw numbers, country ids and turns)."""
    if not game.reports:  # no year was played: nothing has happened yet
        return []
    collected = records(game)
    me = game.index[country]

    def figure(name: str) -> tuple[float, float]:
        values = collected.values(name)
        return float(values[0][me]), float(values[-1][me])

    met: list[IdeaMet] = []
    add = met.append
    made = agreements_made(game, country)
    mine = [a for a in game.agreements if country in a.parties and a.id not in game.opening]
    welfare = collected.values("welfare_index")
    change = welfare[-1] / welfare[0] - 1.0
    if mine:  # 1: agreements leave every party better off
        partners = sorted({p for a in mine for p in a.parties if p != country})
        add(IdeaMet(1, "mutual_benefit", {
            "you": float(change[me]),
            "partners": float(np.mean([change[game.index[p]] for p in partners]))}))
    in_play = [a for a in _in_play(game) if country in a.parties]
    if in_play:  # 2: agreements to meet the people's needs
        add(IdeaMet(2, "cooperation", {"count": len(in_play), "new": made["agreements"]}))
    negotiations = [n for n in game.negotiations if country in n.parties]
    if negotiations:  # 3: negotiation first, then a treaty that binds
        counters = sum(len(n.offers) - 1 for n in negotiations)
        kept, due = _promises(game, country)
        add(IdeaMet(3, "negotiation", {
            "negotiations": len(negotiations), "counters": counters,
            "agreed": sum(1 for n in negotiations if n.status is Status.AGREED),
            "kept": kept, "due": due}))
    start, end = figure("trust_held")  # 4: trust, always
    add(IdeaMet(4, "trust", {"start": start, "end": end}))
    refused = sum(1 for record in game.log
                  if record.get("type") == "reject" and record.get("country") == country)
    add(IdeaMet(5, "sovereignty_refused" if refused else "sovereignty", {"count": refused}))
    if made["agreements"]:  # 6: bilateral, regional, multilateral
        add(IdeaMet(6, "agreement_types", {k: made[k] for k in
                                           ("bilateral", "regional", "multilateral")}))
    add(IdeaMet(7, "welfare", {"change": float(change[me])}))  # 7: the people's welfare
    trade = _clauses(game, country, ClauseKind.TRADE_LIBERALISATION)
    if trade:  # 8: lower production costs
        start, end = figure("imports")
        add(IdeaMet(8, "production_costs",
                    {"partners": _partners(trade, country), "start": start, "end": end}))
    technology = _clauses(game, country, ClauseKind.TECHNOLOGY_TRANSFER)
    received = [f for f in technology if f[2].receiver == country]
    given = [f for f in technology if f[2].giver == country]
    if received:  # 9: technology and experts borrowed for a while
        start, end = figure("technology")
        own = float(game.state.own_capability[0, me])
        add(IdeaMet(9, "technology", {"partners": _partners(received, country, "giver"),
                                      "start": start, "end": end, "own": own}))
    elif given:
        add(IdeaMet(9, "technology_given", {"partners": _partners(given, country, "receiver")}))
    start, end = figure("dependency_excess")
    if start > 0 or end > 0 or received:  # 10: over-dependency, and what lowers it
        add(IdeaMet(10, "dependency", {"start": start, "end": end}))
    security = _clauses(game, country, ClauseKind.SECURITY_COOPERATION)
    tensions = [e for r in game.reports for e in r.events
                if e.kind is EventKind.BORDER_TENSION and country in e.countries]
    if security:  # 11: security and borders
        start, end = figure("security")
        add(IdeaMet(11, "security", {"partners": _partners(security, country),
                                     "start": start, "end": end}))
    elif tensions:
        other = next((c for c in tensions[0].countries if c != country), country)
        add(IdeaMet(11, "border_tension", {"turn": tensions[0].turn, "partner": other}))
    investment = _clauses(game, country, ClauseKind.INVESTMENT)
    hosted = [f for f in investment if f[2].receiver == country]
    invested = [f for f in investment if f[2].giver == country]
    start, end = figure("foreign_investment")
    if hosted or start > 0 or end > 0:  # 12: investment, jobs and stability
        stock = game.state.investment_stock[0][:, me]
        investors = [game.country_ids[k] for k in np.argsort(-stock, kind="stable") if stock[k] > 0]
        add(IdeaMet(12, "investment", {
            "start": start, "end": end, "jobs": figure("investment_jobs")[1],
            "partners": investors[:3]}))
    elif invested:
        add(IdeaMet(12, "investment_given", {"partners": _partners(invested, country, "receiver"),
                                             "amount": _delivered(game, invested)}))
    aid = _clauses(game, country, ClauseKind.DEVELOPMENT_AID)
    aid_received = [f for f in aid if f[2].receiver == country]
    aid_given = [f for f in aid if f[2].giver == country]
    if aid_received:  # 13: development aid, grants and soft loans
        debt = float(game.state.debt[0][:, me].sum())
        add(IdeaMet(13, "aid", {
            "partners": _partners(aid_received, country, "giver"),
            "amount": _delivered(game, aid_received),
            "loans": any(f[2].form is AidForm.LOAN for f in aid_received), "debt": debt}))
    elif aid_given:
        add(IdeaMet(13, "aid_given", {"partners": _partners(aid_given, country, "receiver"),
                                      "amount": _delivered(game, aid_given)}))
    quality = float(game.state.quality[0, me] / game.history[0].quality[0, me] - 1.0)
    if quality > 1e-6:  # 14: small businesses reach world markets, quality rises
        add(IdeaMet(14, "quality", {"change": quality}))
    visa = _clauses(game, country, ClauseKind.VISA_FACILITATION)
    if visa:  # 15: visa-free travel
        add(IdeaMet(15, "visa", {"partners": _partners(visa, country)}))
    education = _clauses(game, country, ClauseKind.EDUCATION_EXCHANGE)
    trained = [f for f in received if f[2].training]
    if education or trained:  # 16: education exchange builds local experts
        start, end = figure("human_capital")
        partners = _partners(education, country) + [
            p for p in _partners(trained, country, "giver") if p not in _partners(education, country)]
        add(IdeaMet(16, "education", {"partners": partners, "start": start, "end": end}))
    scandals = [e for r in game.reports for e in r.events if e.kind is EventKind.CORRUPTION_SCANDAL]
    own = [e for e in scandals if country in e.countries]
    if own:  # 17: no private use of the state's name
        add(IdeaMet(17, "state_name", {"turn": own[0].turn}))
    elif scandals:
        add(IdeaMet(17, "state_name_other", {"turn": scandals[0].turn,
                                             "country": scandals[0].countries[0]}))
    return met


# --- the lines in words ----------------------------------------------------------------------
def _signed_percent(share: float, language: str, digits: int = 1) -> str:
    return signed(100.0 * share, digits, language) + "%"


def _country(game: Game, country: str, language: str) -> str:
    found = next((c for c in game.scenario.countries if c.id == country), None)
    return found.name.get(language) if found is not None else country


def _names(game: Game, countries: list[str], language: str) -> str:
    names = [_country(game, c, language) for c in countries]
    if len(names) <= 2:
        return translate(f"{LINES}.and", language).join(names)
    return ", ".join(names[:-1]) + translate(f"{LINES}.and_list", language) + names[-1]


#: How a line's figures are written: levels 0..1, shares as percentages, signed changes; the
#: figures of other lines are money in the scenario's currency ("jobs": millions of jobs).
STYLE = {"trust": "percent", "technology": "level", "security": "level", "education": "level",
         "dependency": "fine", "welfare": "signed", "quality": "share", "mutual_benefit": "signed"}


def _written(value: float, style: str, language: str, currency: str) -> str:
    if style == "signed":
        return _signed_percent(value, language)
    if style in ("percent", "share"):  # a level as a percentage; a change without its sign
        return number(100.0 * value, 0 if style == "percent" else 1, language) + "%"
    if style in ("level", "fine"):
        return number(value, 2 if style == "level" else 3, language)
    return f"{number(value, 0 if abs(value) >= 100 else 1, language)} {currency}"


def words(game: Game, met: IdeaMet, language: str) -> dict[str, str]:
    """The figures of an idea's line as the reader writes them: country names in the reader's
    language, numbers with the reader's decimal mark."""
    currency = game.scenario.scenario.currency.get(language)
    values: dict[str, str] = {}
    for name, value in met.values.items():
        if isinstance(value, list):
            values[name] = _names(game, value, language)
        elif isinstance(value, str):
            values[name] = _country(game, value, language)
        elif isinstance(value, bool | int):
            values[name] = str(int(value))
        elif name == "jobs":
            values[name] = number(value, 2, language)
        else:
            values[name] = _written(value, STYLE.get(met.line, "money"), language, currency)
    return values


@dataclass(frozen=True)
class IdeaLine:
    """An idea met, in words: its number, its glossary term and its debrief line."""

    idea: int
    term: str
    text: str


def idea_lines(game: Game, country: str, language: str = "en") -> list[IdeaLine]:
    """The debrief lines of the ideas ``country`` met in ``game``, translated into
    ``language``, each under the glossary term of its idea."""
    lines = []
    for met in ideas_met(game, country):
        idea = IDEAS[met.idea - 1]
        text = translate(f"{LINES}.{met.line}", language, **words(game, met, language))
        if met.line == "aid" and met.values.get("loans"):  # soft loans leave a debt to repay
            text += " " + translate(f"{LINES}.aid_debt", language,
                                    debt=words(game, met, language)["debt"])
        lines.append(IdeaLine(met.idea, translate(f"{GLOSSARY}.{idea.glossary[0]}.term", language),
                              text))
    return lines
