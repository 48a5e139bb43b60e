"""Negotiation: choose partners (the agreement type shows as you pick), add clauses with sliders
and toggles, see the projected effect on you, ask "What would it take?", and send.

The same screen makes a counter-offer to an offer on the table (the parties are then fixed).
The sliders move on the game's grid (``game.rules.terms.RulesOfPlay``): what a person picks is
the grid's value, within the rules' limits; an offer taken over (a counter-offer, a "What would
it take?" version) keeps its exact values until the person moves a slider.

The screen in parts by job, each mixed into ``NegotiationScene`` (``scene.py``: its state, layout,
drawing and events): ``draft`` (the agreement being written, on the rules' grid), ``partners``
(the partners' column and the agreement type card), ``clauses`` (the clause grid and the
duration), ``projection`` (the projected effect on you) and ``suggestions`` ("What would it
take?").
"""

from game.ui.scenes.negotiation.draft import KINDS, Draft, DraftClause
from game.ui.scenes.negotiation.scene import NegotiationScene

__all__ = ["KINDS", "Draft", "DraftClause", "NegotiationScene"]
