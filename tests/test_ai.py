"""The built-in AI: reasons that add up exactly, decisions against the threshold, concession,
counter-offers, "what would it take", compliance, and the kinds of agreement it reaches."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.agents.ai import AINegotiator, distance, neighbours
from game.i18n import catalog
from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game, Phase
from game.rules.protocol import play_game, play_turn
from game.scenario.loading import load_scenario
from game.scenario.schema import ClauseKind
from tests.conftest import SCENARIOS
from tests.strategies import clauses, loaded, scenario_data

TRADE = Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5)


def to_diplomacy(game: Game) -> None:
    for country in game.country_ids:
        game.apply(act.EndPhase(country))
    assert game.phase is Phase.DIPLOMACY


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=scenario_data(maximum_countries=5), moves=st.data())
def test_reasons_add_up_exactly_and_decide_against_the_threshold(data, moves):
    game = Game(loaded(data), seed=1)
    to_diplomacy(game)
    ai = AINegotiator(moves.draw(st.sampled_from(["easy", "normal", "hard"])))
    proposer, responder = moves.draw(st.permutations(game.country_ids))[:2]
    parties = (proposer, responder)
    offer = moves.draw(clauses(parties))
    if game.check_terms(parties, offer, 5) is not None:
        return
    offers_made = moves.draw(st.integers(1, 3))
    decision = ai.evaluate(game, responder, parties, offer, 5, offers_made)
    points = [reason.points for reason in decision.reasons]
    assert sum(points) == decision.utility
    assert sum(reversed(points)) == decision.utility == sum(sorted(points))
    assert decision.accept == (decision.utility >= decision.threshold)
    # Responding: an acceptance always has reasons adding up to at least the threshold.
    game.apply(act.Propose(proposer, parties, offer, 5))
    negotiation = game.negotiations[-1]
    answer = ai.respond(game, responder, negotiation)
    why = ai.last_decision(negotiation.id, responder)
    assert why is not None and sum(r.points for r in why.reasons) == why.utility
    if isinstance(answer, act.Accept):
        assert why.utility >= why.threshold
    else:
        assert why.utility < why.threshold
    assert game.legal(answer) is None


def test_every_reason_key_has_a_text_in_both_languages(tutorial):
    game = Game(tutorial)
    to_diplomacy(game)
    ai = AINegotiator("hard")
    keys = set()
    for partner in ("KAR", "AWN"):
        for package in (
            (TRADE,),
            (Clause(ClauseKind.TECHNOLOGY_TRANSFER, level=0.8, giver="AWN" if partner == "AWN"
                    else "KAR", receiver="SAM", training=True),),
            (Clause(ClauseKind.SECURITY_COOPERATION, level=0.9),),
        ):
            for country in ("SAM", partner):
                keys.update(r.key for r in ai.evaluate(game, country, ("SAM", partner),
                                                        package).reasons)
    assert {"welfare", "trust"} <= keys
    for language in ("en", "id"):
        assert all(f"reason.{k}" in catalog(language) for k in keys)


def test_the_threshold_falls_as_rounds_run_out(tutorial):
    game = Game(tutorial)
    ai = AINegotiator()
    rounds = tutorial.scenario.scenario.negotiation_rounds
    values = [ai.threshold(game, "AWN", k) for k in range(1, rounds + 1)]
    assert values == sorted(values, reverse=True)
    assert values[0] > 0 and values[-1] == 0.0


def test_a_boulware_concedes_later_than_a_conceder(tutorial):
    game = Game(tutorial)
    ai = AINegotiator()
    # Awan is cautious (Boulware, β < 1); Karang is a trader (Conceder, β > 1).
    middle = tutorial.scenario.scenario.negotiation_rounds // 2 + 1
    cautious = ai.threshold(game, "AWN", middle) / ai.threshold(game, "AWN", 1)
    trader = ai.threshold(game, "KAR", middle) / ai.threshold(game, "KAR", 1)
    assert cautious > trader


def test_what_would_it_take_returns_an_acceptable_nearby_offer(tutorial):
    game = Game(tutorial)
    to_diplomacy(game)
    ai = AINegotiator()
    # Samudra asks Awan, the technology leader, to give it technology for nothing.
    ask = (Clause(ClauseKind.TECHNOLOGY_TRANSFER, level=1.0, giver="AWN", receiver="SAM"),)
    assert not ai.evaluate(game, "AWN", ("SAM", "AWN"), ask).accept
    answer = ai.what_would_it_take(game, "AWN", ("SAM", "AWN"), ask)
    assert answer is not None
    version, duration = answer
    assert ai.evaluate(game, "AWN", ("SAM", "AWN"), version).accept
    assert 0 < distance(ask, version, game) <= 2.5 and duration == 5


def test_counter_offers_are_legal_neighbours(tutorial):
    game = Game(tutorial)
    to_diplomacy(game)
    for variant in neighbours(game, (TRADE,), ("SAM", "KAR")):
        assert game.check_terms(("SAM", "KAR"), variant, 5) is None
        assert distance((TRADE,), variant, game) > 0


def test_an_opportunist_breaks_when_it_pays_and_an_honest_country_keeps(tutorial):
    from game.scenario.loading import load_text

    text = tutorial.text.replace('personality = "trader"', 'personality = "opportunist"')
    game = Game(load_text(text, "opportunist"), seed=2)
    to_diplomacy(game)
    grant = Clause(ClauseKind.DEVELOPMENT_AID, amount=20.0, giver="KAR", receiver="SAM")
    game.apply(act.Propose("SAM", ("SAM", "KAR"), (grant, TRADE), 5))
    game.apply(act.Accept("KAR", 0))
    for country in game.country_ids:
        game.apply(act.EndPhase(country))
    ai = AINegotiator("hard")
    karang = {(a.agreement, a.clause): a.keep for a in ai.compliance(game, "KAR")}
    samudra = ai.compliance(game, "SAM")
    assert samudra and all(a.keep for a in samudra)  # a development-minded, honest country
    agreement = game.negotiations[0].agreement
    assert karang[(agreement, 0)] is False  # the opportunist withholds the costly grant


@pytest.mark.parametrize("difficulty", ["easy", "normal", "hard"])
def test_all_ai_games_reach_agreements_with_explained_answers(tutorial, difficulty):
    game = Game(tutorial, seed=3, turns=4)
    ai = AINegotiator(difficulty)
    play_game(game, dict.fromkeys(game.country_ids, ai))
    statuses = Counter(n.status.value for n in game.negotiations)
    assert statuses["agreed"] >= 1
    assert ai.decisions  # every answer was recorded with its reasons
    for decision in ai.decisions.values():
        assert sum(r.points for r in decision.reasons) == decision.utility
    assert np.isfinite(game.scores()).all()


def test_indonesia_partners_shows_every_kind_of_agreement():
    """Across seeded all-AI games of indonesia-partners: bilateral, regional and multilateral
    agreements, offers countered before being accepted, and offers rejected."""
    from game.scenario.loading import load_scenario
    from tests.conftest import SCENARIOS

    scenario = load_scenario(SCENARIOS / "indonesia-partners.toml")
    kinds: Counter[str] = Counter()
    countered = rejected = 0
    for seed in range(20):
        game = Game(scenario, seed=seed, turns=3)
        ai = AINegotiator()
        play_game(game, dict.fromkeys(game.country_ids, ai))
        made = [a for a in game.agreements if a.start_turn >= 1 and a.age == 0
                and a.id.startswith("T")]
        kinds.update(game.agreement_type(a.parties).value for a in made)
        countered += sum(1 for n in game.negotiations
                         if n.status.value == "agreed" and len(n.offers) > 1)
        rejected += sum(1 for n in game.negotiations if n.status.value == "rejected")
    assert kinds["bilateral"] > 0 and kinds["regional"] > 0 and kinds["multilateral"] > 0
    assert countered > 0 and rejected > 0


def test_a_leaning_for_security_counts_only_what_the_agreements_in_force_leave():
    """Security received counts in the model only up to a level of 1: a security-minded
    country already covered by the pacts in force gains no security and no leaning points
    from one more pact (it used to count the leaning in full, and large economies signed
    pact after pact that only cost them)."""
    game = Game(load_scenario(SCENARIOS / "asean-plus-three.toml"), 6)
    to_diplomacy(game)
    me = next(c.id for c in game.scenario.countries if c.personality.value == "security")
    others = [c for c in game.country_ids if c != me]
    pact = (Clause(ClauseKind.SECURITY_COOPERATION, level=1.0),)
    ai = AINegotiator("normal")

    def points(decision):
        return {reason.key: reason.points for reason in decision.reasons}

    alone = points(ai.evaluate(game, me, (me, others[3]), pact))
    assert alone["leaning"] > 0 and alone["security"] > 0
    for partner in others[:2]:  # two full pacts in force: covered
        game.apply(act.Propose(partner, (partner, me), pact, 5))
        game.apply(act.Accept(me, game.negotiations[-1].id))
    covered = points(ai.evaluate(game, me, (me, others[3]), pact))
    assert covered.get("leaning", 0.0) == 0.0
    assert covered.get("security", 0.0) == 0.0


def test_a_partner_that_turned_down_a_proposal_is_not_asked_again_next_turn():
    """A country turned down by a partner in one turn does not propose to it in the next: it
    tries its next main partners instead."""
    game = Game(load_scenario(SCENARIOS / "asean-plus-three.toml"), 1)
    ai = AINegotiator("normal")
    for _ in range(4):  # the first turn with a bilateral refusal (none in the first since 13)
        opened = len(game.negotiations)
        play_turn(game, dict.fromkeys(game.country_ids, ai))
        refused = [n for n in game.negotiations[opened:]
                   if n.status.value == "rejected" and len(n.parties) == 2]
        if refused:
            break
    assert refused
    to_diplomacy(game)
    for negotiation in refused:
        proposer = negotiation.proposer
        partner = next(p for p in negotiation.parties if p != proposer)
        bilateral = {parties for parties, _ in ai.candidates(game, proposer) if len(parties) == 2}
        assert all(partner not in parties for parties in bilateral)
        others = {p for parties in bilateral for p in parties} - {proposer}
        assert len(others) == ai.difficulty.partners  # its next main partners instead
