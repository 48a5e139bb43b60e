"""A negotiation's history (game/session/views.py) is read from the game log once and read on
as the log grows (the class host asks for it for every partner of every team after every
move): after each move of a whole game it is what reading the whole log gives."""

from __future__ import annotations

from game.net.hosting.moves import _apply
from game.rules.agreements import Clause
from game.rules.game import Game, Status
from game.scenario.loading import load_scenario, resolve
from game.session import views
from game.session.session import Session
from tests.netplay import scripted_move
from tests.test_net_journal import _message


def _read_whole_log(game: Game, negotiation: int) -> list[views.Step]:
    """The history as the log says it, read from its first record (the rule the kept reading
    must follow)."""
    steps = []
    proposals = 0
    for record in game.log:
        if record.get("type") == "propose":
            if proposals == negotiation:
                steps.append(views.Step("propose", record["country"],
                                        tuple(Clause.from_dict(c) for c in record["clauses"]),
                                        int(record.get("duration", 5))))
            proposals += 1
        elif (record.get("negotiation") == negotiation
              and record.get("type") in ("counter", "accept", "reject", "withdraw")):
            steps.append(views.Step(record["type"], record["country"],
                                    tuple(Clause.from_dict(c) for c in record.get("clauses", [])),
                                    int(record.get("duration", 0))))
    found = game.negotiation(negotiation)
    if found is not None and found.status is Status.EXPIRED:
        steps.append(views.Step("expired", found.proposer))
    return steps


def test_the_kept_history_is_the_whole_logs_after_every_move_of_a_game():
    loaded = load_scenario(resolve("indonesia-partners"))
    humans = [c.id for c in loaded.scenario.countries][:3]
    session = Session(Game(loaded, 1, 2), list(humans))
    checked = answered = 0
    for number in range(300):
        deciding = session.deciding()
        if session.game.finished or not deciding:
            break
        country = deciding[number % len(deciding)]
        assert _apply(session, country, _message(number, scripted_move(
            session.game, country, humans, number)).move) is None
        for negotiation in range(len(session.game.negotiations)):
            kept = views.history(session.game, negotiation)
            assert kept == _read_whole_log(session.game, negotiation), (number, negotiation)
            checked += 1
            answered += any(step.kind in ("accept", "reject", "counter") for step in kept)
    assert session.game.finished
    assert checked > 100 and answered > 20

