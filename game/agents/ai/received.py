"""What a country receives of security, education, training and visas under candidates.

The model counts a country's total received in each of these channels only up to a level of 1
(``game.model.update``: SATURATING_CHANNELS, ``counted_received``, ``received_room``): a
security pact adds nothing to a country the agreements in force cover already. The valuation
and the answers reuse that rule through what is here.
"""

from __future__ import annotations

from contextlib import suppress

import numpy as np

from game.agents.ai.table import CLAUSE_KINDS, CandidateTable
from game.agents.projection import LOCAL_LIMIT, Candidate, candidate_rows
from game.agents.projection.rows import candidate_parts
from game.model.state import CHANNELS, EDUCATION, SCORE_TERMS, SECURITY, VISA
from game.model.update import SATURATING_CHANNELS
from game.rules.game import Game
from game.scenario.schema import ClauseKind

#: Channels whose total received counts only up to 1 (``game.model.update``): security,
#: then the three that raise human capital.
RECEIVED_CHANNELS = list(SATURATING_CHANNELS)
SECURITY_TERM = SCORE_TERMS.index("security")


def received_weights(game: Game) -> np.ndarray:
    """(4,): how much a unit received in each of RECEIVED_CHANNELS moves its score term:
    security alone moves security; education, training and visas move human capital at their
    rates."""
    p = game.economy.parameters
    return np.array([1.0, p.education_rate, p.training_rate, p.visa_human_capital_rate])


def received_by(game: Game, candidates: list[Candidate], country: str) -> np.ndarray:
    """(B, 4): what ``country`` receives in each of RECEIVED_CHANNELS under each candidate."""
    return received_each(game, candidates, np.full(len(candidates), game.index[country]))


def received_each(game: Game, candidates: list[Candidate], countries: np.ndarray) -> np.ndarray:
    """(B, 4): what ``countries[b]`` receives in each of RECEIVED_CHANNELS under candidate b."""
    ids = tuple(game.country_ids)
    result = np.zeros((len(candidates), len(RECEIVED_CHANNELS)))
    if not candidates:
        return result
    built = None
    if len(ids) > LOCAL_LIMIT:  # the neighbourhood projections made them: one look-up each
        with suppress(TypeError):  # candidates as tuples, as the AI makes them (not lists)
            built = [rows for rows, _ in candidate_parts(candidates, ids)]
    if built is None:
        built = [candidate_rows(tuple(parties), tuple(clauses), ids)[0]
                 for parties, clauses in candidates]
    rows = np.concatenate(built)
    owner = np.repeat(np.arange(len(candidates)), [len(r) for r in built])
    where = CHANNEL_POSITION[rows[:, 0].astype(int)]
    mine = (rows[:, 2].astype(int) == np.asarray(countries)[owner]) & (where >= 0)
    np.add.at(result, (owner[mine], where[mine]), rows[mine, 3])
    return result


#: The position of each channel in RECEIVED_CHANNELS, -1 for the others.
CHANNEL_POSITION = np.full(CHANNELS, -1)
CHANNEL_POSITION[RECEIVED_CHANNELS] = np.arange(len(RECEIVED_CHANNELS))


#: Clause kinds whose leaning is for something received in RECEIVED_CHANNELS, by channel.
RECEIVED_KINDS = {ClauseKind.SECURITY_COOPERATION: SECURITY, ClauseKind.EDUCATION_EXCHANGE: EDUCATION,
                  ClauseKind.VISA_FACILITATION: VISA}
#: The position in RECEIVED_CHANNELS of each kind by its position in CLAUSE_KINDS, -1 for the
#: other kinds.
RECEIVED_POSITION = np.array([RECEIVED_CHANNELS.index(RECEIVED_KINDS[kind]) if kind in RECEIVED_KINDS
                              else -1 for kind in CLAUSE_KINDS])


def received_leanings(table: CandidateTable, candidates: list[Candidate], entries: np.ndarray,
                      values: np.ndarray) -> np.ndarray:
    """(E, 4): the leaning points each of the candidates ``entries`` gives for what is
    received in each of RECEIVED_CHANNELS (a shared clause's level times what the
    evaluator's personality gives its kind, ``values[e]``), from the candidate table."""
    position = RECEIVED_POSITION[table.kind]
    at = np.full(len(candidates), -1)
    at[entries] = np.arange(len(entries))
    row = at[table.owner]
    counted = (row >= 0) & (position >= 0)
    row, kind = row[counted], table.kind[counted]
    result = np.zeros((len(entries), len(RECEIVED_CHANNELS)))
    np.add.at(result, (row, position[counted]), table.level[counted] * values[row, kind])
    return result
