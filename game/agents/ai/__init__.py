"""The built-in AI: a negotiator that decides like a country with interests, and says why.

Utility of an agreement for a country = its projected score change over its horizon with the
agreement against without it (batched model projections of many candidates at once), minus
the expected loss from partners breaking it (from the trust it holds in them), plus its
personality's leanings. Every decision carries its reasons: named terms (translation keys under
``reason.``) whose points add up exactly to the utility compared with the threshold. The
threshold falls as a negotiation runs out of rounds (time-dependent concession, Faratin, Sierra &
Jennings 1998). Counter-offers search the neighbourhood of an offer for a version that raises
its own utility while keeping the partner's estimated utility positive, with the Nash product as
the tie-break (Nash bargaining as the yardstick of a fair deal). Many candidates are first
screened (``game.agents.screening``: first order, shared units); only those it proposes,
counters with or answers are valued with the full model, and the answers and proposals of all
the countries it plays are worked out together, in one batch. See docs/ai.md.

The parts, by job: ``table`` (candidates as arrays), ``received`` (what is received of the
channels the model counts up to 1), ``valuation`` (utility as a sum of named terms),
``reasons`` (decisions and their reasons), ``variants`` (offers one step away),
``proposals``, ``answers`` (answers and counter-offers), ``compliance``, and ``negotiator``
(the thin ``AINegotiator`` that composes them). What it derives from a game is kept in its
memo (``game.agents.memo``).
"""

from game.agents.ai.answers import COUNTERS_CONFIRMED
from game.agents.ai.compliance import HONESTY_POINTS
from game.agents.ai.negotiator import AINegotiator
from game.agents.ai.proposals import SPARE_PROPOSALS, multilateral_groups, packages
from game.agents.ai.reasons import Decision, Reason
from game.agents.ai.received import (
    RECEIVED_CHANNELS,
    received_by,
    received_each,
    received_weights,
)
from game.agents.ai.table import CLAUSE_KINDS, CandidateTable, clause_row
from game.agents.ai.valuation import FULL_AMOUNT_SHARE, Evaluation, Profiles, Valuer, personal_weights
from game.agents.ai.variants import distance, legal_neighbours, neighbours
from game.model.update import received_room

__all__ = [
    "CLAUSE_KINDS",
    "COUNTERS_CONFIRMED",
    "FULL_AMOUNT_SHARE",
    "HONESTY_POINTS",
    "RECEIVED_CHANNELS",
    "SPARE_PROPOSALS",
    "AINegotiator",
    "CandidateTable",
    "Decision",
    "Evaluation",
    "Profiles",
    "Reason",
    "Valuer",
    "clause_row",
    "distance",
    "legal_neighbours",
    "multilateral_groups",
    "neighbours",
    "packages",
    "personal_weights",
    "received_by",
    "received_each",
    "received_room",
    "received_weights",
]
