"""A saved game keeps the computers' reasons: after loading, the inbox still explains answers."""

from __future__ import annotations

import json

import pytest

from game.rules.agreements import Clause
from game.rules.game import Game
from game.scenario.schema import ClauseKind
from game.session.session import Session

TRADE = Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5)


def test_reasons_survive_a_save_and_a_load(tutorial, tmp_path):
    session = Session(Game(tutorial, 7, 3), ["SAM"], "normal")
    session.begin_diplomacy("SAM")
    identifier, refusal = session.propose("SAM", ("SAM", "KAR"), (TRADE,), 5)
    assert refusal is None
    before = session.reasons(identifier, "KAR")
    assert before is not None and before.reasons
    path = tmp_path / "save.json"
    session.save(path)

    loaded = Session.load(path)
    after = loaded.reasons(identifier, "KAR")
    assert after is not None
    assert after.accept == before.accept
    assert after.threshold == before.threshold
    assert [(r.key, r.points, r.values) for r in after.reasons] == \
        [(r.key, r.points, r.values) for r in before.reasons]
    assert sum(r.points for r in after.reasons) == pytest.approx(after.utility, abs=1e-9)


def test_a_damaged_reason_loses_only_its_explanation(tutorial, tmp_path):
    session = Session(Game(tutorial, 7, 3), ["SAM"], "normal")
    session.begin_diplomacy("SAM")
    identifier, _ = session.propose("SAM", ("SAM", "KAR"), (TRADE,), 5)
    path = tmp_path / "save.json"
    session.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    saved = data["extra"]["reasons"]
    # Every negotiation a computer answered keeps its reasons (the computers may have proposed
    # before Samudra did: Karang opens the tutorial with a trade offer to both).
    assert sorted({e["negotiation"] for e in saved}) == \
        sorted(n.id for n in session.game.negotiations)
    kar = [e for e in saved if e["negotiation"] == identifier and e["country"] == "KAR"]
    assert len(kar) == 1

    data["extra"]["reasons"] = [{"negotiation": "x"}, {"country": "KAR"}, *saved]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert Session.load(path).reasons(identifier, "KAR") is not None

    data["extra"]["reasons"] = [*(e for e in saved if e is not kar[0]),
                                {**kar[0], "reasons": "garbage"}]
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = Session.load(path)
    assert loaded.game.turn == session.game.turn
    assert loaded.reasons(identifier, "KAR") is None
    assert all(loaded.reasons(e["negotiation"], e["country"]) is not None
               for e in saved if e is not kar[0])  # the other explanations survive
