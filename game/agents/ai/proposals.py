"""What a country proposes: its candidates, ranked, and the shortlists of the countries played.

Candidates are partners × clause packages × levels, plus regional and multilateral deals (the
legal ones; the legal packages of a pair, a region and a multilateral group kept for the year
in the memo). The shortlists of every country a negotiator plays are drawn up together as the
phase opens: every candidate screened, the best few per country (for different partners)
confirmed with one full projection for all of them, ranked by utility and then Nash product.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from game.agents.ai.valuation import Valuer
from game.agents.memo import Memo, memo_for
from game.agents.personalities import Difficulty
from game.agents.projection import LOCAL_LIMIT, Candidate, Projected, project
from game.agents.screening import screen
from game.rules.agreements import Clause
from game.rules.game import Game, Negotiation, Status
from game.scenario.schema import AidForm, ClauseKind

#: Candidates a proposer confirms with the full model beyond its delegations left, in case
#: screening misjudged one.
SPARE_PROPOSALS = 2
#: In large scenarios (more countries than ``LOCAL_LIMIT``, where every candidate is projected
#: in full on its neighbourhood: world), the share of its difficulty's partners a country tries
#: (its main partners), at least two; and it tries each package at one level, the highest of
#: its difficulty's (on world the AI proposed 0.8 in 625 of 638 first offers of two turns when
#: it could choose 0.4 or 0.8). Smaller scenarios try them all.
LARGE_PARTNER_SHARE = 0.6


def tried(difficulty: Difficulty, game: Game) -> tuple[int, tuple[float, ...]]:
    """How many partners a country tries and at which levels: all its difficulty's in
    scenarios of up to ``LOCAL_LIMIT`` countries, fewer in larger ones (a phase of world
    projects a third of the candidates: ``LARGE_PARTNER_SHARE``)."""
    if len(game.country_ids) <= LOCAL_LIMIT:
        return difficulty.partners, difficulty.levels
    return (max(2, round(difficulty.partners * LARGE_PARTNER_SHARE)),
            (max(difficulty.levels),))


def candidates(valuer: Valuer, game: Game, country: str, mine: list[Negotiation]
               ) -> list[Candidate]:
    """Partners × clause packages × levels, plus regional and multilateral deals (the legal
    ones; fewer partners and levels in large scenarios: ``tried``). The legal packages of a
    pair, of a region and of the multilateral deals are kept for the year (``bilateral_menu``,
    ``shared_menu``): both countries of a pair, and every country of a region, draw them up.
    ``mine``: the negotiations the country is a party to (or all of them), in the order they
    were opened."""
    me = game.index[country]
    wanted, levels = tried(valuer.difficulty, game)
    memo = valuer.memo(game)
    # Partners that turned down its proposals this turn or the last are not asked again
    # yet: it tries its next main partners instead.
    turned_down: set[str] = {country}
    for n in reversed(mine):  # in the order they were opened: the latest come last
        if n.turn < game.turn - 1:
            break
        if n.proposer == country and n.status in (Status.REJECTED, Status.WITHDRAWN):
            turned_down.update(n.parties)
    trade = game.state.exports[0, me] + game.state.exports[0, :, me]
    order = np.argsort(-trade, kind="stable")[: wanted + len(turned_down)].tolist()
    partners = [game.country_ids[k] for k in order
                if game.country_ids[k] not in turned_down][:wanted]
    menus = memo.get("ai candidate menus", dict, yearly=True)
    result: list[Candidate] = []
    for partner in partners:
        pair = (country, partner)
        for level in levels:
            result.extend((pair, package)
                          for package in bilateral_menu(game, menus, country, partner, level,
                                                        memo))
    region = memo.get("ai regions", lambda: region_members(game), yearly=True)[game.regions[country]]
    for level in levels:
        trade_clause = shared(ClauseKind.TRADE_LIBERALISATION, level)
        if 3 <= len(region) <= 10:
            result.extend((region, package) for package in shared_menu(game, menus, region, (
                (trade_clause,),
                (shared(ClauseKind.SECURITY_COOPERATION, level),),
                (shared(ClauseKind.EDUCATION_EXCHANGE, level),
                 shared(ClauseKind.VISA_FACILITATION, level)),
            )))
        groups = multilateral_groups(game, country, partners)
        if groups:
            package = (trade_clause, shared(ClauseKind.VISA_FACILITATION, level))
            result.extend((parties, package) for parties in groups
                          if shared_menu(game, menus, parties, (package,)))
    return result


def proposal_values(valuer: Valuer, game: Game, candidates: list[Candidate],
                    proposers: np.ndarray, projected: Projected) -> tuple[np.ndarray, np.ndarray]:
    """(utility for its proposer, lowest estimated partner utility) of every candidate."""
    members = np.arange(len(candidates))
    utility = valuer.valuations(game, candidates, projected, members, proposers).utility
    others = valuer.table(game, candidates).entries(members, proposers)  # but the proposer
    return utility, valuer.lowest_of_others(game, candidates, projected, others)


def rankings(valuer: Valuer, game: Game, countries: list[str], menus: list[list[Candidate]],
              projected: Projected) -> list[list[int]]:
    """Per country, its viable candidates (indices into the menus joined) in order of
    preference: by utility, then Nash product, all valued in one call."""
    candidates = [c for menu in menus for c in menu]
    sizes = [len(menu) for menu in menus]
    owner = np.repeat(np.arange(len(countries)), sizes)
    proposers = np.array([game.index[c] for c in countries], dtype=int)[owner]
    utility, theirs = proposal_values(valuer, game, candidates, proposers, projected)
    aspiration = np.array([valuer.threshold(game, c, 1) for c in countries])[owner]
    viable = (utility >= aspiration) & (theirs > 0)
    order = np.lexsort((-np.maximum(theirs, 0) * np.maximum(utility, 0), -utility, owner))
    order = order[viable[order]]
    bounds = np.searchsorted(owner[order], np.arange(len(countries) + 1))
    return [order[bounds[k]:bounds[k + 1]].tolist() for k in range(len(countries))]


def draw_up_shortlists(valuer: Valuer, game: Game, countries: list[str],
                       menus: list[list[Candidate]]) -> dict[str, list[Candidate]]:
    """Each country's viable candidates (of its ``menus``) in order of preference: all
    screened at once, the best few of each (for different partners) confirmed and re-ranked
    with one full projection for all of them."""
    horizon = valuer.difficulty.horizon
    memo = valuer.memo(game)
    candidates = [c for menu in menus for c in menu]
    screened = screen(game, candidates, horizon, memo=memo)
    ranked = rankings(valuer, game, countries, menus, screened)
    if screened.exact:
        return {country: [candidates[b] for b in ranking]
                for country, ranking in zip(countries, ranked, strict=True)}
    picks = []
    for country, ranking in zip(countries, ranked, strict=True):
        wanted = game.delegations_left(country) + SPARE_PROPOSALS
        picked: list[Candidate] = []
        partners: set[str] = set()
        for b in ranking:  # the best for each partner, in order of preference
            if not partners & set(candidates[b][0]) - {country}:
                picked.append(candidates[b])
                partners.update(p for p in candidates[b][0] if p != country)
            if len(picked) >= wanted:
                break
        picks.append(picked)
    confirmed = [c for picked in picks for c in picked]
    ranked = rankings(valuer, game, countries, picks, project(game, confirmed, horizon, memo=memo))
    return {country: [confirmed[b] for b in ranking]
            for country, ranking in zip(countries, ranked, strict=True)}


def multilateral_groups(game: Game, country: str, partners: list[str]) -> list[tuple[str, ...]]:
    """Groups of three or four across regions: the country with pairs of its main partners."""
    home = game.regions[country]
    abroad = [p for p in partners if game.regions[p] != home][:3]
    near = [p for p in partners if game.regions[p] == home][:2]
    groups: list[tuple[str, ...]] = []
    for a in range(len(abroad)):
        for b in range(a + 1, len(abroad)):
            groups.append((country, abroad[a], abroad[b]))
        for n in near:
            groups.append((country, n, abroad[a]))
    if near and len(abroad) >= 2:
        groups.append((country, near[0], abroad[0], abroad[1]))
    return groups


def packages(game: Game, country: str, partner: str, level: float, memo: Memo | None = None
             ) -> list[tuple[Clause, ...]]:
    """Clause packages between two countries at a level; richer and more advanced partners give
    investment, technology and aid. Packages of shared clauses alone are the same objects for
    every pair (``shared_packages``), so checking and costing them again finds them at once."""
    i, j = game.index[country], game.index[partner]
    gdp, per_person, tech = memo_for(game, memo).get("package figures",
                                                     lambda: package_figures(game), yearly=True)
    richer, poorer, r, q = ((country, partner, i, j) if per_person[i] >= per_person[j]
                            else (partner, country, j, i))
    leader, follower, a, b = (country, partner, i, j) if tech[i] >= tech[j] else (partner, country, j, i)
    amount = round(gdp[r] * 0.002 * level, 3)
    trade, trade_visa, learning, security = shared_packages(level)
    result = [trade, trade_visa, learning, security]
    if tech[a] > tech[b] + 0.05:
        result.append((Clause(ClauseKind.TECHNOLOGY_TRANSFER, level=level, giver=leader,
                              receiver=follower, training=True), learning[0]))
    if amount > 0:
        result.append((trade[0], Clause(ClauseKind.INVESTMENT, amount=amount, giver=richer,
                                        receiver=poorer)))
        if per_person[r] > 2.0 * per_person[q]:
            result.append((Clause(ClauseKind.DEVELOPMENT_AID, amount=amount / 2, giver=richer,
                                  receiver=poorer, form=AidForm.LOAN),))
    return result


@lru_cache(maxsize=64, typed=True)
def shared_packages(level: float) -> tuple[tuple[Clause, ...], ...]:
    """The packages of shared clauses at a level, as ``packages`` offers them: trade, trade
    with visas, education with visas, security (one object each for every pair)."""
    trade = shared(ClauseKind.TRADE_LIBERALISATION, level)
    visa = shared(ClauseKind.VISA_FACILITATION, level)
    return ((trade,), (trade, visa), (shared(ClauseKind.EDUCATION_EXCHANGE, level), visa),
            (shared(ClauseKind.SECURITY_COOPERATION, level),))


def bilateral_menu(game: Game, menus: dict, country: str, partner: str, level: float,
                   memo: Memo | None = None) -> list[tuple[Clause, ...]]:
    """The legal ``packages`` of a pair at a level, kept in ``menus`` (the year's). Both
    countries of the pair get the same list unless a tie of GDP per person or technology
    makes the packages depend on which of them asks (the rules check parties as a set). The
    packages of shared clauses alone (``shared_packages``) are checked once a year."""
    key = (country, partner, level, type(level))
    menu = menus.get(key)
    if menu is None:
        pair = (country, partner)
        shared = {id(package) for package in shared_packages(level)}  # shared clauses alone:
        legal = {id(package) for package in shared_menu(game, menus, pair,  # checked once
                                                         shared_packages(level))}
        menu = menus[key] = [package for package in packages(game, country, partner, level, memo)
                             if (id(package) in legal if id(package) in shared
                                 else game.check_terms(pair, package, 5) is None)]
        _, per_person, tech = memo_for(game, memo).get("package figures",
                                                       lambda: package_figures(game), yearly=True)
        i, j = game.index[country], game.index[partner]
        if per_person[i] != per_person[j] and tech[i] != tech[j]:
            menus[partner, country, level, type(level)] = menu
    return menu


def shared_menu(game: Game, menus: dict, parties: tuple[str, ...],
                 options: tuple[tuple[Clause, ...], ...]) -> list[tuple[Clause, ...]]:
    """The legal ones of ``options``, packages of shared clauses alone (their legality does not
    depend on the parties: only a directed clause's giver and receiver must be parties), kept
    in ``menus`` (the year's)."""
    key = ("shared", options)
    menu = menus.get(key)
    if menu is None:
        menu = menus[key] = [package for package in options
                             if game.check_terms(parties, package, 5) is None]
    return menu


def region_members(game: Game) -> dict[str, tuple[str, ...]]:
    """The countries of each region, in scenario order."""
    members: dict[str, list[str]] = {}
    for country in game.country_ids:
        members.setdefault(game.regions[country], []).append(country)
    return {region: tuple(countries) for region, countries in members.items()}


@lru_cache(maxsize=1024, typed=True)
def shared(kind: ClauseKind, level: float) -> Clause:
    """A shared clause (no giver or receiver) at a level: one object for every package."""
    return Clause(kind, level=level)


def package_figures(game: Game) -> tuple[list[float], list[float], list[float]]:
    """GDP, GDP per person and technology of every country as Python floats (the same
    numbers as the arrays: ``packages`` compares them one by one, for thousands of pairs)."""
    state = game.state
    gdp = state.gdp[0]
    return gdp.tolist(), (gdp / state.population[0]).tolist(), state.technology[0].tolist()
