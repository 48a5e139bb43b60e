"""The host keeps each team's observation until what it reads changes (issue 14: making every
team's projections after every move was most of its time under load). What it keeps must be
what a fresh observation gives, at every moment of a game; and a move touches only the views it
changes."""

from __future__ import annotations

from game.agents.observation import observe
from game.net import protocol as p
from game.net.host import Host
from game.net.observations import KeptObservations
from game.scenario.loading import load_scenario, resolve
from tests.netplay import scripted_move

TRADE = '{"kind": "trade_liberalisation", "level": 0.5}'


def _act(host: Host, country: str, move: str, number: int) -> p.HostMessage:
    message = p.parse_client(f'{{"type": "act", "version": 1, "id": "m{number}", "move": {move}}}')
    return host._act(country, message, "en").reply


def test_kept_observations_are_fresh_ones_through_a_game(tmp_path):
    loaded = load_scenario(resolve("indonesia-partners"))
    countries = [c.id for c in loaded.scenario.countries]
    humans = countries[:3]
    host = Host.new(loaded, humans, tmp_path / "game", seed=1, turns=2)
    kept = KeptObservations()
    game = host.session.game
    number = 0
    checked = made = 0
    while not game.finished and number < 200:
        for country in countries:
            assert kept.of(game, country) == observe(game, country, game.round), (
                f"{country}, turn {game.turn}, {game.phase.value}")
            checked += 1
        deciding = host.session.deciding()
        if not deciding:
            break
        country = deciding[0]
        number += 1
        move = scripted_move(game, country, humans, number)
        made_before = kept.made
        reply = _act(host, country, move, number)
        assert isinstance(reply, p.Ack), reply
        made += kept.made - made_before
    assert game.finished
    assert kept.made < checked  # kept ones were used, not made every time


def test_a_second_start_of_diplomacy_is_acknowledged_as_done(tmp_path):
    loaded = load_scenario(resolve("indonesia-partners"))
    humans = [c.id for c in loaded.scenario.countries][:2]
    host = Host.new(loaded, humans, tmp_path / "game", seed=1, turns=2)
    first = _act(host, humans[0], '{"kind": "begin_diplomacy"}', 1)
    logged = len(host.session.game.log)
    second = _act(host, humans[1], '{"kind": "begin_diplomacy"}', 2)
    assert isinstance(first, p.Ack) and first.result == {}
    assert isinstance(second, p.Ack) and second.result == {"already_started": True}
    assert host.classroom.applied[f"{humans[1]}:m2"] == {"already_started": True}  # saved
    again = _act(host, humans[1], '{"kind": "begin_diplomacy"}', 2)
    assert isinstance(again, p.Ack) and again.again
    assert len(host.session.game.log) == logged  # nothing applied, nothing refused in the log


def test_a_proposal_remakes_only_the_views_of_its_parties(tmp_path):
    loaded = load_scenario(resolve("indonesia-partners"))
    humans = [c.id for c in loaded.scenario.countries][:4]
    host = Host.new(loaded, humans, tmp_path / "game", seed=1, turns=2)
    host._views([])
    assert isinstance(_act(host, humans[0], '{"kind": "begin_diplomacy"}', 1), p.Ack)
    host._views([])
    move = (f'{{"kind": "propose", "parties": ["{humans[0]}", "{humans[1]}"], '
            f'"clauses": [{TRADE}], "duration": 5}}')
    assert isinstance(_act(host, humans[0], move, 2), p.Ack)
    made = host._views([])
    assert set(made) == {humans[0], humans[1]}  # the teacher's view shows no offers
    assert host._views([]) == {}  # nothing changed since
