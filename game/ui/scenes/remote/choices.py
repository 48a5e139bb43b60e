"""What a proposal from a device may hold, and the tabs of a team's screen."""

from __future__ import annotations

from game.scenario.terms import ClauseKind

#: The clauses a proposal from a device may hold: those that bind every party alike (the
#: directed ones, with a giver and an amount, are the window's negotiation screen's).
CLAUSES = (ClauseKind.TRADE_LIBERALISATION, ClauseKind.SECURITY_COOPERATION,
           ClauseKind.VISA_FACILITATION, ClauseKind.EDUCATION_EXCHANGE)
LEVELS = (0.25, 0.5, 0.75, 1.0)
DURATIONS = (3, 5, 10)
TABS = ("news", "offers", "propose", "keep")
