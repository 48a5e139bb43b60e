"""The sizes of issue 13, with the model alone (no AI): on indonesia-partners over ten years a
full Indonesia–Japan trade agreement is worth at least a point to each member, outsiders lose by
it (trade diversion), a full Japan→Indonesia technology transfer with training is worth at most
three times the trade agreement to Indonesia, and the tutorial's hinted first move pays its
proposer. The figures are printed by benchmarks/bench_sizes.py and quoted in docs/model.md."""

from __future__ import annotations

import pytest

from benchmarks.bench_sizes import sizes


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, float]]:
    return sizes(10)


def test_a_full_trade_agreement_is_worth_a_point_to_each_member(measured):
    trade = measured["trade IDN-JPN"]
    assert trade["IDN"] >= 1.0
    assert trade["JPN"] >= 1.0


def test_outsiders_to_a_trade_agreement_lose(measured):
    trade = measured["trade IDN-JPN"]
    for country in ("CHN", "KOR", "MYS", "SGP", "THA"):
        assert trade[country] <= 0.0, country


def test_technology_transfer_is_worth_at_most_three_trade_agreements(measured):
    technology = measured["technology JPN->IDN"]["IDN"]
    assert 0.0 < technology <= 3.0 * measured["trade IDN-JPN"]["IDN"]


def test_the_tutorials_hinted_first_move_pays_the_proposer(measured):
    assert measured["tutorial hint SAM-KAR (3 years)"]["SAM"] > 0.0
