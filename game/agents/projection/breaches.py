"""Breaches in large scenarios: every obligation of the countries asked about, broken alone
this year, in one batch.

The economy is projected on each breach's own neighbourhood (``breach_keeps``), the breaker's
welfare and dependency measured against the whole world kept (``breaker_terms``), and trust
projected exactly on the whole world (``breach_trust``, with the model's ``update_trust``): a
breach moves only the trust in the breaker, which feeds back into nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import SimpleNamespace

import numpy as np

from game.agents.memo import Memo, memo_for
from game.agents.projection.rows import distinct_values
from game.agents.projection.years import advance_years
from game.model import indicators
from game.model.indicators import quantised
from game.model.state import (
    GRANT,
    INVESTMENT,
    LOAN,
    SCORE_TERMS,
    TRADE,
    Compliance,
    Shocks,
)
from game.model.subset import gather_economy, gather_state, repeat_economy, repeat_members
from game.model.update import (
    aid_goodwill,
    capped,
    gravity_base,
    multilateral_resistance,
    trade_openness,
    update_trust,
)
from game.rules.agreements import cap_levels
from game.rules.game import Game

#: Countries in the neighbourhood of a breach in large scenarios (``breach_keeps``), at least.
BREACH_SIZE = 8

#: Receivers of a broken clause kept in its neighbourhood at most (those it trades most with).
BREACH_RECEIVERS = 31

#: Pair entries (members × k × k) advanced together at most by ``_breach_runs``: bounds the
#: memory of a batch (about 40 MB of provisions).
BREACH_BATCH = 2**19


@dataclass
class Breaches:
    """One country's obligations, each projected broken alone this year against kept
    (``breaches``): the neighbourhood of each, its score-term changes there (k, terms), the
    change of the trust every country holds in the breaker (B, n), and the breaker's own
    term changes (B, terms)."""

    obligations: list
    keeps: list[np.ndarray]
    changes: list[np.ndarray]
    trust: np.ndarray
    own: np.ndarray


def project_breaches(game: Game, countries: list[str], years: int, memo: Memo,
                     least: int = BREACH_SIZE) -> dict[str, Breaches]:
    """``breaches`` of ``countries``, none of them cached yet: every obligation, one batch
    (neighbourhoods of ``least`` countries at least, ``breach_keeps``)."""
    rows = game.provision_rows()
    by_obligation = _rows_by_obligation(game, memo)
    positions = {a.id: p for p, a in enumerate(game.agreements)}
    obligations = {country: list(game.obligations(country)) for country in countries}
    breakers, withheld, partners = [], [], []
    for country in countries:
        me = game.index[country]
        for agreement, k in obligations[country]:
            breakers.append(me)
            withheld.append(by_obligation.get((positions[agreement.id], k, me), _NO_ROWS))
            partners.append(np.array([game.index[p] for p in agreement.parties if p != country],
                                     dtype=int))
    count, n = len(breakers), len(game.index)
    keeps: list[np.ndarray] = []
    changes: list[np.ndarray] = []
    trust = np.zeros((0, n))
    own = np.zeros((0, len(SCORE_TERMS)))
    if count:
        breaker = np.array(breakers, dtype=int)
        keeps = breach_keeps(game, breaker, [rows.receiver[w] for w in withheld], memo, least)
        changes, shifts = _breach_runs(game, keeps, withheld, breaker, years, memo)
        trust, trust_term = breach_trust(game, breaker, partners, years, withheld)
        levelled = breaker_terms(game, breaker, shifts, years, memo)
        columns = [SCORE_TERMS.index(term) for term in ("trust", "welfare", "independence")]
        own = np.zeros((count, len(SCORE_TERMS)))
        for b, (keep, change) in enumerate(zip(keeps, changes, strict=True)):
            position = int(np.searchsorted(keep, breaker[b]))
            change[position, columns] = (trust_term[b], *levelled[b])
            own[b] = change[position]
    result, start = {}, 0
    for country in countries:
        span = slice(start, start + len(obligations[country]))
        result[country] = Breaches(obligations[country], keeps[span], changes[span],
                                   trust[span], own[span])
        start = span.stop
    return result


_NO_ROWS = np.zeros(0, dtype=int)


def _rows_by_obligation(game: Game, memo: Memo) -> dict[tuple[int, int, int], np.ndarray]:
    """(agreement position, clause, provider) -> the indices of the rows of
    ``game.provision_rows()`` that the provider gives under that clause (cached)."""
    def build() -> dict[tuple[int, int, int], np.ndarray]:
        rows = game.provision_rows()
        groups: dict[tuple[int, int, int], list[int]] = {}
        keys = zip(rows.agreement.tolist(), rows.clause.tolist(), rows.provider.tolist(),
                   strict=True)
        for r, key in enumerate(keys):
            groups.setdefault(key, []).append(r)
        return {key: np.array(found, dtype=int) for key, found in groups.items()}
    return memo.get("rows by obligation", build)


def breach_keeps(game: Game, breakers: np.ndarray, receivers: list[np.ndarray],
                 memo: Memo | None = None, least: int = BREACH_SIZE) -> list[np.ndarray]:
    """The neighbourhood of each breach, in scenario order: the breaker, the receivers of
    what it withholds (the BREACH_RECEIVERS it trades most with), then its own largest trade
    partners, ``least`` countries at least (BREACH_SIZE)."""
    n = len(game.index)
    trade = memo_for(game, memo).get("trade both ways", lambda: game.state.exports[0]
                                     + game.state.exports[0].T, yearly=True)
    count = len(breakers)
    everyone = np.arange(count)
    member = np.repeat(everyone, [len(r) for r in receivers])
    towards = np.concatenate(receivers).astype(int) if count else _NO_ROWS
    score = trade[breakers]
    receiving = np.zeros(score.shape, dtype=bool)
    receiving[member, towards] = True
    receiving[everyone, breakers] = False
    score += np.where(receiving, (2.0 * score.max(axis=1) + 1.0)[:, None], 0.0)  # first
    score[everyone, breakers] = np.inf
    sizes = np.minimum(np.maximum(least, 1 + np.minimum(receiving.sum(axis=1),
                                                              BREACH_RECEIVERS)), n)
    order = np.argsort(-score, axis=1, kind="stable")
    keeps: list[np.ndarray] = [_NO_ROWS] * count
    for size in distinct_values(sizes):
        chosen = np.flatnonzero(sizes == size)
        for b, keep in zip(chosen, np.sort(order[chosen, :size], axis=1), strict=True):
            keeps[b] = keep
    return keeps


def _breach_runs(game: Game, keeps: list[np.ndarray], withheld: list[np.ndarray],
                 breakers: np.ndarray, years: int, memo: Memo
                 ) -> tuple[list[np.ndarray], dict[str, np.ndarray]]:
    """Per breach: the score-term changes (k, terms) of its neighbourhood ``keeps[b]`` after
    ``years`` when the provision rows ``withheld[b]`` (indices into ``game.provision_rows()``)
    are left out, against the neighbourhood with every clause kept (one run per
    neighbourhood, shared; batches of one neighbourhood size); and what the breach changes
    for its breaker ``breakers[b]`` (``BREAKER_FIELDS``: columns in global indices, zero
    outside the neighbourhood), for ``breaker_terms``. No compliance is recorded: trust, the
    only thing it moves, feeds back into nothing else (``breach_trust`` projects it), so the
    trust terms of these runs are left unchanged by the breach."""
    n = len(game.index)
    rows = game.provision_rows()
    uncapped = memo.get("uncapped", lambda: rows.total(n))
    results: list[np.ndarray] = [np.zeros((0, 0))] * len(keeps)
    shifts = {name: np.zeros((len(keeps), n) if name in _BREAKER_COLUMNS else len(keeps))
              for name in BREAKER_FIELDS}
    groups: dict[tuple[int, bytes], list[int]] = {}  # the breaches of each neighbourhood
    for b, keep in enumerate(keeps):
        groups.setdefault((len(keep), keep.tobytes()), []).append(b)
    chunks: list[list[list[int]]] = []
    for size in sorted({size for size, _ in groups}):
        chunk: list[list[int]] = []
        members = 0
        for (length, _), chosen in groups.items():
            if length != size:
                continue
            if chunk and (members + len(chosen) + 1) * size * size > BREACH_BATCH:
                chunks.append(chunk)
                chunk, members = [], 0
            chunk.append(chosen)
            members += len(chosen) + 1
        chunks.append(chunk)
    for chunk in chunks:
        distinct = np.array([keeps[chosen[0]] for chosen in chunk], dtype=int)
        size = distinct.shape[1]
        breach = np.array([b for chosen in chunk for b in chosen], dtype=int)
        base = np.repeat(np.arange(len(chunk)), [len(chosen) for chosen in chunk])
        which = np.concatenate([base, np.arange(len(chunk))])  # the breaches, then the bases
        members = len(breach)
        rows_index, columns_index = distinct[:, :, None], distinct[:, None, :]
        provisions = np.moveaxis(uncapped[:, rows_index, columns_index], 0, 1)[which]
        local = np.full((len(distinct), n), -1)
        np.put_along_axis(local, distinct, np.arange(size)[None, :], axis=1)
        taken = np.concatenate([withheld[b] for b in breach]).astype(int)
        owner = np.repeat(np.arange(members), [len(withheld[b]) for b in breach])
        provider = local[base[owner], rows.provider[taken]]
        receiver = local[base[owner], rows.receiver[taken]]
        inside = (provider >= 0) & (receiver >= 0)  # receivers left out have no rows here
        np.add.at(provisions, (owner[inside], rows.channel[taken][inside], provider[inside],
                               receiver[inside]), -rows.size[taken][inside])
        cap_levels(provisions)
        # Investment withheld stays at home (whether or not its receiver is in the
        # neighbourhood), and this year's domestic pressure weighs on open markets.
        money = (provider >= 0) & (rows.channel[taken] == INVESTMENT)
        withheld_money = np.zeros((len(which), size))
        np.add.at(withheld_money, (owner[money], provider[money]), rows.size[taken][money])
        none = Compliance.none(size)
        compliance = replace(none, withheld=withheld_money) if money.any() else none
        pressure = game.year_shocks().pressure
        shocks = None if pressure is None else replace(
            Shocks.quiet(size), pressure=pressure[distinct][which])
        state = repeat_members(gather_state(game.state, distinct), which)
        economy = repeat_economy(gather_economy(game.economy, distinct), which)
        state = advance_years(state, economy, provisions, compliance, years, shocks=shocks)
        terms = indicators.score_terms(state, economy)
        changes = terms[:members] - terms[members + base]
        for b, change in zip(breach, changes, strict=True):
            results[b] = change
        me = local[base, breakers[breach]]
        everyone = np.arange(members)
        arrays = _breaker_arrays(state, economy, provisions)
        for name in BREAKER_FIELDS:
            array = arrays[name]
            if name in _BREAKER_COLUMNS:
                shifts[name][breach[:, None], distinct[base]] = (
                    array[everyone, :, me] - array[members + base, :, me])
            else:
                shifts[name][breach] = array[everyone, me] - array[members + base, me]
    return results, shifts


#: What ``_breach_runs`` measures of a breaker for ``breaker_terms``: its income and GDP, the
#: columns of what it receives (imports before diversion and the cap, technology, investment),
#: its imports from the rest of the world before diversion, and its market's Π.
BREAKER_FIELDS = ("income", "gdp", "own_capability", "exports", "technology_received",
                  "investment_stock", "world_imports", "resistance")


_BREAKER_COLUMNS = frozenset({"exports", "technology_received", "investment_stock"})


def _before_diversion(state, economy, provisions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The exports of the last year of a projection before trade diversion and the import cap
    (B, n, n: the gravity equation with the agreements' boosts and export quality where markets
    opened, as ``game.model.update`` makes them), and each market's multilateral resistance
    Π_j (B, n), by which every sale to j is divided."""
    base = gravity_base(state.gdp, 1.0, economy)
    opening = np.swapaxes(provisions[:, TRADE], -1, -2) * state.trade_phase
    openness = trade_openness(provisions, state.trade_phase, economy)
    openness += opening * np.log(state.quality)[:, :, None]  # where markets opened
    return base * np.exp(openness), multilateral_resistance(openness, economy)


def _breaker_arrays(state, economy, provisions: np.ndarray) -> dict[str, np.ndarray]:
    """``BREAKER_FIELDS`` of a projection's last year: the state's fields, but exports and
    imports from the rest of the world before diversion (times Π), and Π itself. A breach
    moves Π of the breaker's market by what it changes there; outside its neighbourhood the
    sales to the breaker change only through Π, so ``breaker_terms`` divides by Π again on the
    whole world."""
    exports, resistance = _before_diversion(state, economy, provisions)
    arrays = {name: getattr(state, name) for name in BREAKER_FIELDS
              if name not in ("exports", "world_imports", "resistance")}
    arrays["exports"] = exports
    arrays["world_imports"] = state.world_imports * resistance
    arrays["resistance"] = resistance
    return arrays


def kept_everything(game: Game, years: int, memo: Memo | None = None):
    """The whole world after ``years`` with every clause in force kept (cached for the turn),
    for its economy: no compliance is recorded (trust feeds back into nothing else)."""
    return memo_for(game, memo).get(f"kept everything {years}", lambda: advance_years(
        game.state, game.economy, game.provisions_in_force()[None].copy(),
        Compliance.none(len(game.index)), years))


def breaker_terms(game: Game, breakers: np.ndarray, shifts: dict[str, np.ndarray], years: int,
                  memo: Memo | None = None) -> np.ndarray:
    """(B, 2): the change of the welfare and independence terms of each breaker: the whole
    world kept (``kept_everything``) shifted by what the breach changes in its neighbourhood
    (``shifts`` from ``_breach_runs``), as ``indicators.score_terms`` makes these terms, on
    the breaker's column only.

    A neighbourhood leaves out the breaker's trade with the rest of the world and what it
    gives there. What a breach changes of its imports and income hardly depends on that, but
    the welfare and dependency they make do: a small country that imports most of its GDP
    gains far more from a point of market access than its trade with a few neighbours shows,
    and none at all at the import cap, where the others' goods take the place of the
    partners' (``capped`` applies to the world's imports shifted before the cap). Trade
    diversion is applied on the whole world: the breach moves Π of the breaker's market, which
    every supplier's sales to it are divided by, those outside the neighbourhood too."""
    memo = memo_for(game, memo)
    whole = kept_everything(game, years, memo)
    economy = game.economy
    p = economy.parameters
    arrays = memo.get(f"kept everything before diversion {years}", lambda: _breaker_arrays(
        whole, economy, game.provisions_in_force()[None]))

    def column(name: str, shifted: bool) -> np.ndarray:
        values = arrays[name][0][:, breakers].T  # (B, n): what each breaker receives
        return values + shifts[name] if shifted else values

    def scalar(name: str, shifted: bool) -> np.ndarray:
        values = arrays[name][0, breakers]
        return values + shifts[name] if shifted else values

    weights = economy.weights[breakers][:, [SCORE_TERMS.index("welfare"),
                                            SCORE_TERMS.index("independence")]]
    trend = whole.year * np.log((1.0 + economy.growth[breakers])
                                / (1.0 + economy.population_growth))
    terms = []
    for shifted in (False, True):
        gdp = scalar("gdp", shifted)[:, None]
        resistance = scalar("resistance", shifted)[:, None]  # Π of the breaker's market
        exports = capped(column("exports", shifted)[..., None] / resistance[:, None, :], gdp, p)
        world = scalar("world_imports", shifted)[:, None] / resistance
        lam = indicators.domestic_share(exports, world, gdp, p)[:, 0]
        welfare = indicators.welfare(scalar("income", shifted), whole.population[0, breakers],
                                     lam, p)
        received = SimpleNamespace(
            gdp=gdp, exports=exports, world_imports=world,
            technology_received=column("technology_received", shifted)[..., None],
            own_capability=scalar("own_capability", shifted)[:, None],
            investment_stock=column("investment_stock", shifted)[..., None])
        excess = indicators.dependency(received, p)["excess"][:, 0]  # type: ignore[arg-type]
        raw = np.stack([np.log(welfare / economy.start.welfare[0, breakers]) - trend,
                        -(excess - economy.start_dependency[0, breakers])], axis=-1)
        terms.append(quantised(p.score_scale * raw * weights))
    return terms[1] - terms[0]


def kept_columns(game: Game, countries: np.ndarray) -> np.ndarray:
    """(len(countries), n): [b, i] how many clauses in force country ``countries[b]`` must keep
    towards i (its columns of ``kept_in_force``, from its obligations alone)."""
    columns = np.zeros((len(countries), len(game.index)))
    for b, me in enumerate(countries.tolist()):
        country = game.country_ids[me]
        towards = [game.index[p] for agreement, _ in game.obligations(country)
                   for p in agreement.parties if p != country]
        np.add.at(columns[b], np.array(towards, dtype=int), 1.0)
    return columns


def breach_trust(game: Game, breakers: np.ndarray, partners: list[np.ndarray], years: int,
                 withheld: list[np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(trust, term): for breach b, country ``breakers[b]`` breaking one clause towards
    ``partners[b]`` this year and keeping the rest, against keeping everything, on the whole
    world: the change of the trust every country holds in the breaker after ``years`` (B, n)
    and of the breaker's trust term (B,). Only the breaker's column is projected: the evidence
    about a country depends on nothing else (``game.model.update.update_trust`` on (B, n, 1)
    arrays; the trust term as ``indicators.score_terms`` makes it). The goodwill the breaker's
    aid buys counts too, without the aid it withholds (``withheld[b]``: rows of
    ``game.provision_rows()``)."""
    n = len(game.index)
    count = len(breakers)
    distinct, base = np.unique(breakers, return_inverse=True)
    who = np.concatenate([breakers, distinct])  # the breaches, then keeping everything
    kept = kept_columns(game, distinct)[np.concatenate([base, np.arange(len(distinct))])]
    broken = np.zeros_like(kept)
    member = np.repeat(np.arange(count), [len(p) for p in partners])
    towards = np.concatenate(partners).astype(int)
    np.add.at(kept, (member, towards), -1.0)
    np.add.at(broken, (member, towards), 1.0)
    state, economy = game.state, game.economy
    column = SimpleNamespace(trust_positive=state.trust_positive[0][:, who].T[..., None],
                             trust_negative=state.trust_negative[0][:, who].T[..., None])
    model = SimpleNamespace(parameters=economy.parameters,
                            off_diagonal=economy.off_diagonal[:, who].T[..., None])
    quiet = SimpleNamespace(distrust=np.zeros((n, 1)))
    goodwill = _goodwill_columns(game, who, count, withheld)
    provoked = game.provoked()  # [b, i]: whether i broke its word to the breaker lately
    compliance = Compliance(kept[..., None], broken[..., None],
                            None if provoked is None else provoked[:, who].T[..., None])
    for year in range(years):
        column.trust_positive, column.trust_negative = update_trust(
            column, compliance, quiet, model, goodwill)  # type: ignore[arg-type]
        if year == 0:  # breaches happen this year only, as in ``advance_years``
            compliance = compliance.after_breaches()
    trust = indicators.trust(column)[..., 0]  # type: ignore[arg-type]
    held = ((indicators.column_sums(trust[..., None])[:, 0] - trust[np.arange(len(who)), who])
            / max(n - 1, 1))
    p = economy.parameters
    term = quantised(p.trust_scale * (held - economy.start_trust[0, who])
                     * economy.weights[who, SCORE_TERMS.index("trust")])
    return trust[:count] - trust[count + base], term[:count] - term[count + base]


def _goodwill_columns(game: Game, who: np.ndarray, breaches: int,
                      withheld: list[np.ndarray] | None) -> np.ndarray | None:
    """(B, n, 1): the goodwill every country gains a year about country ``who[b]`` from the aid
    it gives (``game.model.update.aid_goodwill``), the first ``breaches`` members without the
    aid rows they withhold; None when nobody gives aid."""
    in_force = game.provisions_in_force()
    aid = in_force[GRANT] + in_force[LOAN]
    if not aid.any():
        return None
    given = np.repeat(aid[who][:, None, :], 1, axis=1)  # (B, 1, n): what who[b] gives each
    if withheld and breaches:
        # every breach's withheld aid at once: ``np.add.at`` adds in the order of the rows, so
        # each cell sums the same numbers in the same order as one breach at a time did
        rows = game.provision_rows()
        taken = np.concatenate(withheld[:breaches]).astype(int)
        owner = np.repeat(np.arange(breaches), [len(w) for w in withheld[:breaches]])
        money = np.isin(rows.channel[taken], (GRANT, LOAN))
        np.add.at(given[:, 0], (owner[money], rows.receiver[taken[money]]),
                  -rows.size[taken[money]])
    # aid_goodwill on (B, 1, n) "matrices" from one giver: [b, j, 0] after the swap
    return aid_goodwill(given, game.economy.start.gdp, game.economy.parameters)
