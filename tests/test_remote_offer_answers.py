"""The network client's offer lines say who made the offer on the table, as the local inbox
does: the maker "made this offer" (it has nothing to answer), never "has not answered yet"."""

from __future__ import annotations

from types import SimpleNamespace

from game.ui.scenes.remote.offers import RemoteOffers
from game.ui.text import set_language


def detail(negotiation: dict) -> str:
    return RemoteOffers._offer_detail(SimpleNamespace(names=None), negotiation, 1.5)


def three_party(**changes) -> dict:
    negotiation = {"id": 4, "parties": ["SGP", "IDN", "KOR"], "proposer": "SGP",
                   "offers": [{"by": "SGP", "duration": 5, "clauses": []}], "accepted": [],
                   "status": "open", "answers": {"SGP": None, "KOR": None}, "reasons": {}}
    return {**negotiation, **changes}


def test_the_maker_of_the_offer_on_the_table_made_it_and_others_have_not_answered():
    set_language("en")
    line = detail(three_party())
    assert "SGP made this offer" in line
    assert "SGP has not answered yet" not in line
    assert "KOR has not answered yet" in line


def test_after_a_counter_offer_its_maker_made_it_and_the_first_maker_answers_again():
    set_language("en")
    line = detail(three_party(offers=[{"by": "SGP", "duration": 5, "clauses": []},
                                      {"by": "KOR", "duration": 5, "clauses": []}],
                              answers={"SGP": None, "KOR": "counter"}))
    assert "KOR made this offer" in line and "SGP has not answered yet" in line


def test_a_closed_negotiation_says_each_party_s_answer():
    set_language("en")
    line = detail(three_party(status="agreed", accepted=["IDN", "KOR", "SGP"],
                              answers={"SGP": None, "KOR": "accept"}))
    assert "SGP accepts" in line and "KOR accepts" in line and "made this offer" not in line
