"""The class host's journal of acknowledged moves (issue 14, ``game.net.journal``): a move is
acknowledged once it is applied and in the journal, before the computers' part it sets off; the
whole save waits for the end of the phase. A host killed at any moment (its folder as it is on
disk, copied) resumes from the save and the journal to the game the running host reaches; a
journal whose last line was cut off resumes without that line and says so; nothing else is lost.
"""

from __future__ import annotations

import shutil

from game.net import protocol as p
from game.net.host import HOST_LOG, SAVE_FILE, Host
from game.net.hosting.moves import _apply
from game.net.journal import JOURNAL, read_journal
from game.rules.game import Game
from game.rules.storage import load_game
from game.scenario.loading import load_scenario, resolve
from game.session.session import Session
from tests.netplay import scripted_move


def _host(tmp_path) -> tuple[Host, list[str]]:
    loaded = load_scenario(resolve("indonesia-partners"))
    humans = [c.id for c in loaded.scenario.countries][:3]
    return Host.new(loaded, humans, tmp_path / "game", seed=1, turns=2), humans


def _message(number: int, move: str) -> p.Act:
    return p.parse_client(f'{{"type": "act", "version": 1, "id": "m{number}", "move": {move}}}')


def _resumed(folder, copy) -> Host:
    """A host restarted (``--resume``) on ``folder`` as it is now on disk, from a copy of it."""
    shutil.copytree(folder, copy)
    host = Host.resume(copy)
    host.close()
    return host


def test_a_move_is_acknowledged_before_the_computers_answer_and_a_killed_host_keeps_it(tmp_path):
    host, humans = _host(tmp_path)
    game = host.session.game
    kills = ended_phases = 0
    for number in range(400):
        deciding = host.session.deciding()
        if game.finished or not deciding:
            break
        country = deciding[number % len(deciding)]
        message = _message(number, scripted_move(game, country, humans, number))
        where = (game.turn, game.phase)
        logged = len(game.log)
        outcome = host._move(country, message, "en")
        assert isinstance(outcome.reply, p.Ack), outcome.reply
        records, problem = read_journal(host.folder / JOURNAL)
        assert problem is None and records[-1]["key"] == f"{country}:m{number}"
        if host.session.owing:  # acknowledged before the computers' part: nothing of it yet
            assert (game.turn, game.phase) == where or message.move.kind == "begin_diplomacy"
            assert not any(r.get("country") not in humans for r in game.log[logged:]
                           if isinstance(r.get("country"), str) and r.get("type") != "end_phase")
        if number % 3 == 0:  # killed here (SIGKILL: the files as they are), the computers owed
            copy = _resumed(host.folder, tmp_path / f"kill{number}")
            host._follow()
            assert copy.session.game.state_hash() == game.state_hash(), f"move {number}"
            assert copy.classroom.applied == host.classroom.applied
            assert copy.session.seen == host.session.seen
            assert f"{country}:m{number}" in load_game(copy.folder / SAVE_FILE)[1]["classroom"]["applied"]
            kills += 1
        else:
            host._follow()
        ended_phases += (game.turn, game.phase) != where
        # the same id again: acknowledged again, never applied twice
        logged = len(game.log)
        again = host._move(country, message, "en")
        assert isinstance(again.reply, p.Ack) and again.reply.again and len(game.log) == logged
    assert game.finished and kills > 10 and ended_phases >= 3
    # once a phase ends the whole save holds everything, and the journal is empty
    assert read_journal(host.folder / JOURNAL) == ([], None)
    saved, _ = load_game(host.folder / SAVE_FILE)
    assert saved.state_hash() == game.state_hash()
    host.close()


def test_a_cut_off_last_line_is_left_out_with_a_clear_message_and_nothing_else_is_lost(tmp_path):
    host, humans = _host(tmp_path)
    game = host.session.game
    acknowledged = []
    for number in range(6):
        country = host.session.deciding()[0]
        message = _message(number, scripted_move(game, country, humans, number))
        assert isinstance(host._move(country, message, "en").reply, p.Ack)
        acknowledged.append(f"{country}:m{number}")
        host._follow()
        if game.phase.value == "diplomacy" and len(read_journal(host.folder / JOURNAL)[0]) >= 2:
            break
    lines = len(read_journal(host.folder / JOURNAL)[0])
    assert lines >= 2, "the moves of one phase are in the journal, not yet in a whole save"
    with open(host.folder / JOURNAL, "a", encoding="utf-8") as journal:
        journal.write('{"at":12,"country":"')  # the host killed while writing a line
    copy = _resumed(host.folder, tmp_path / "torn")
    assert copy.session.game.state_hash() == game.state_hash()
    assert all(key in copy.classroom.applied for key in acknowledged)
    log = (copy.folder / HOST_LOG).read_text(encoding="utf-8")
    assert "the last line was cut off" in log and f"{JOURNAL}, line {lines + 1}" in log
    assert read_journal(copy.folder / JOURNAL) == ([], None)  # in the whole save since
    host.close()


def play_deferred_beside_at_once(catch_up_each_move: bool) -> None:
    """indonesia-partners with three human seats, played move for move by a session that runs
    the computers' part at once and by a deferred one (caught up after each move, or only by
    its next move): the same moves accepted, the same game log and state."""
    loaded = load_scenario(resolve("indonesia-partners"))
    humans = [c.id for c in loaded.scenario.countries][:3]
    at_once = Session(Game(loaded, 1, 2), list(humans))
    deferred = Session(Game(loaded, 1, 2), list(humans))
    deferred.deferred = True
    owed = 0
    for number in range(300):
        deciding = at_once.deciding()
        if at_once.game.finished or not deciding:
            break
        country = deciding[number % len(deciding)]
        if catch_up_each_move:
            assert deferred.deciding() == deciding
        move = _message(number, scripted_move(at_once.game, country, humans, number)).move
        assert _apply(at_once, country, move) is None
        assert _apply(deferred, country, move) is None, f"move {number} refused"
        owed += deferred.owing
        if catch_up_each_move:
            deferred.catch_up()
            assert deferred.game.encoded_log() == at_once.game.encoded_log(), f"move {number}"
    deferred.catch_up()
    assert at_once.game.finished and deferred.game.finished and owed > 20
    assert deferred.game.encoded_log() == at_once.game.encoded_log()
    assert deferred.game.state_hash() == at_once.game.state_hash()


def test_a_deferred_session_caught_up_after_every_move_plays_the_same_game(tmp_path):
    """Session.deferred only moves the computers' part after the move (Driver.act/end with
    follow=False, then Session.catch_up): caught up after each move, the game log is the one a
    session that runs it at once writes."""
    play_deferred_beside_at_once(catch_up_each_move=True)


def test_a_move_queued_behind_another_is_played_after_the_computers_part_it_owes(tmp_path):
    """On the host a team's move may arrive before the computers' part of the move before it
    has run (``Host._follow`` comes after moves already waiting): the session catches up
    first, so the move is never refused against a half-played turn and the game is the one
    played at once, move for move, without any explicit catch_up between moves."""
    play_deferred_beside_at_once(catch_up_each_move=False)


def test_a_second_team_beginning_diplomacy_is_answered_without_the_computers_part(tmp_path):
    """Two teams press "begin diplomacy" at once: the second is told it has already begun
    without the computers' scheduled rounds being run inside its move (they stay owed, for the
    host's next step), since nothing they do can bring the news back."""
    loaded = load_scenario(resolve("indonesia-partners"))
    humans = [c.id for c in loaded.scenario.countries][:3]
    session = Session(Game(loaded, 1, 2), list(humans))
    session.deferred = True
    assert session.begin_diplomacy(humans[0]) is None
    assert session.owing
    at = len(session.game.log)
    refusal = session.begin_diplomacy(humans[1])
    assert refusal is not None and refusal.key == "not_news"
    assert session.owing and len(session.game.log) == at
    assert session.catch_up() and not session.owing
    assert session.begin_diplomacy(humans[2]).key == "not_news"
