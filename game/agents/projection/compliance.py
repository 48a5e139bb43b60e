"""Each obligation of a country broken alone this year against keeping everything, on a set
of countries (the whole model when they are all of them)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from game.agents.memo import Memo, memo_for
from game.agents.projection.rows import kept_all
from game.agents.projection.years import advance_years
from game.model import indicators
from game.model.state import INVESTMENT, SCORE_TERMS, Compliance, Shocks
from game.model.subset import subset_economy, subset_state
from game.rules.agreements import cap_levels
from game.rules.game import Game


def subset_shocks(shocks: Shocks, keep: np.ndarray) -> Shocks:
    """The year's shocks of the countries ``keep`` (the whole world's when they are all)."""
    if len(keep) == len(shocks.growth):
        return shocks
    return replace(shocks, **{name: getattr(shocks, name)[keep] for name in (
        "growth", "technology", "stability", "security", "pressure", "cut", "licence")
        if getattr(shocks, name) is not None}, distrust=shocks.distrust[np.ix_(keep, keep)])


def breaches_among(game: Game, country: str, years: int, keep: np.ndarray,
                   memo: Memo | None = None) -> tuple[list, np.ndarray, np.ndarray]:
    """``compliance_terms`` projected on the countries ``keep`` (the whole model when they
    are all of them): (obligations, terms (B, n, terms), zero outside ``keep``, and trust
    (B, k, k) among ``keep``), row 0 keeping everything, row b breaking obligation b alone."""
    return breaches_of(game, [country], years, keep, memo)[country]


def breaches_of(game: Game, countries: list[str], years: int, keep: np.ndarray,
                memo: Memo | None = None) -> dict[str, tuple[list, np.ndarray, np.ndarray]]:
    """``breaches_among`` of each of ``countries``, projected in one batch (a member's numbers
    do not depend on its batch), or two: the countries whose breaches withhold investment
    and the others, so that every member has the inputs ``breaches_among`` gives it alone."""
    made = {country: _breach_inputs(game, country, keep, memo) for country in countries}
    result: dict[str, tuple[list, np.ndarray, np.ndarray]] = {}
    for withholding in (False, True):
        group = [c for c in countries if bool(made[c][4].any()) == withholding]
        if not group:
            continue
        provisions, kept, broken, money = (
            np.concatenate([made[c][part] for c in group]) for part in range(1, 5))
        terms, trust = _breaches_run(game, keep, provisions, kept, broken,
                                     money if withholding else None, years)
        start = 0
        for country in group:
            batch = len(made[country][0]) + 1
            result[country] = (made[country][0], terms[start:start + batch],
                               trust[start:start + batch])
            start += batch
    return result


def _breach_inputs(game: Game, country: str, keep: np.ndarray, memo: Memo | None
                   ) -> tuple[list, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(obligations, provisions, kept, broken, withheld money) of ``country``'s breaches
    among ``keep``: row 0 keeping everything, row b breaking obligation b alone."""
    obligations = game.obligations(country)
    n = len(game.index)
    local = np.full(n, -1)
    local[keep] = np.arange(len(keep))
    pairs = np.ix_(keep, keep)
    rows = game.provision_rows()
    positions = {a.id: p for p, a in enumerate(game.agreements)}
    me = int(local[game.index[country]])
    batch = len(obligations) + 1
    memo = memo_for(game, memo)
    uncapped = memo.get("uncapped", lambda: rows.total(n))[(slice(None), *pairs)]
    provisions = np.repeat(uncapped[None], batch, axis=0)
    kept = np.repeat(kept_all(game, memo)[pairs][None], batch, axis=0)
    broken = np.zeros_like(kept)
    withheld_money = np.zeros((batch, len(keep)))
    for b, (agreement, k) in enumerate(obligations, start=1):
        withheld = ((rows.agreement == positions[agreement.id]) & (rows.clause == k)
                    & (rows.provider == game.index[country]))
        np.add.at(provisions[b], (rows.channel[withheld], local[rows.provider[withheld]],
                                  local[rows.receiver[withheld]]), -rows.size[withheld])
        withheld_money[b, me] = rows.size[withheld & (rows.channel == INVESTMENT)].sum()
        partners = [int(local[game.index[p]]) for p in agreement.parties if p != country]
        kept[b, partners, me] -= 1.0
        broken[b, partners, me] += 1.0
    cap_levels(provisions)
    return obligations, provisions, kept, broken, withheld_money


def _breaches_run(game: Game, keep: np.ndarray, provisions: np.ndarray, kept: np.ndarray,
                  broken: np.ndarray, withheld_money: np.ndarray | None, years: int
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The projected terms (B, n, terms), zero outside ``keep``, and trust (B, k, k) of a
    batch of breaches."""
    n = len(game.index)
    pairs = np.ix_(keep, keep)
    state, economy = game.state, game.economy
    if len(keep) < n:
        state, economy = subset_state(state, keep), subset_economy(economy, keep)
    provoked = game.provoked()
    compliance = Compliance(kept, broken, None if provoked is None else provoked[pairs][None],
                            withheld_money)
    state = advance_years(state.repeat(len(provisions)), economy, provisions, compliance, years,
                          shocks=subset_shocks(game.year_shocks(), keep))
    if len(keep) == n:
        return indicators.score_terms(state, economy), indicators.trust(state)
    terms = np.zeros((len(provisions), n, len(SCORE_TERMS)))
    terms[:, keep] = indicators.score_terms(state, economy)
    return terms, indicators.trust(state)
