"""Bots: the interface, the example bots, the registry, and the sandbox that keeps a misbehaving
bot from touching anything but its own decisions."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from collections import Counter

import pytest

from game.agents.bots import Bot, accept, keep
from game.agents.bots.controller import BotController, observation_for
from game.agents.bots.examples import BUILT_IN, Cooperator, Opportunist, RandomBot, Reciprocator
from game.agents.bots.registry import BotSpecError, resolve
from game.agents.bots.sandbox import SandboxedBot
from game.agents.bots.testing import try_bot
from game.rules.game import Game
from game.rules.protocol import play_game
from game.tools.cli import main
from tests.conftest import ROOT

TURNS = 2
SEED = 3

MISBEHAVING = textwrap.dedent('''
    import os
    import sys
    import time

    from game.agents.bots import Bot
    from game.agents.bots.examples import Cooperator


    class Loops(Bot):
        def act(self, observation):
            while True:
                pass


    class Sleeps(Bot):
        def act(self, observation):
            time.sleep(60)


    class Raises(Bot):
        def act(self, observation):
            raise ValueError("no idea what to do")


    class Hoards(Bot):
        def act(self, observation):
            hoard = []
            while True:
                hoard.append(bytearray(8 * 1024 * 1024))


    class Garbage(Bot):
        def act(self, observation):
            return {"accept": "everything"}


    class NotJson(Bot):
        def act(self, observation):
            return [object()]


    class TooMany(Bot):
        def act(self, observation):
            return [{"type": "reject", "negotiation": 0}] * 10_000


    class Exits(Bot):
        def act(self, observation):
            sys.exit("bye")


    class Dies(Bot):
        def act(self, observation):
            os._exit(3)


    class Illegal(Bot):
        def act(self, observation):
            return [{"type": "accept", "negotiation": 999},
                    {"type": "comply", "agreement": "nope", "clause": 0, "keep": False},
                    {"type": "propose", "parties": ["XXX"], "clauses": []},
                    {"type": "accept", "negotiation": 0, "country": "KAR"}]


    class Chatty(Cooperator):
        """Prints junk every way it can and reads stdin, then cooperates."""

        def act(self, observation):
            print("thinking..." * 200)
            sys.stdout.write('{"id": 1, "actions": []}\\n')
            sys.stdout.flush()
            os.write(1, b"\\x00\\xff raw junk\\n")
            try:
                input()
            except EOFError:
                pass
            return super().act(observation)


    class FailsToStart(Bot):
        def __init__(self):
            raise RuntimeError("broken constructor")
''')


@pytest.fixture(scope="module")
def bot_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("bots") / "misbehaving.py"
    path.write_text(MISBEHAVING)
    return path


def play(tutorial, seat_controller, others=Cooperator, turns=TURNS, seed=SEED):
    """A short tutorial game with ``seat_controller`` at SAM and ``others`` elsewhere."""
    game = Game(tutorial, seed, turns)
    controllers = {c: seat_controller if c == "SAM" else BotController(others(), "other")
                   for c in game.country_ids}
    try:
        play_game(game, controllers)
    finally:
        for controller in controllers.values():
            controller.close()
    return game, controllers


# --- the sandbox ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "reasons", "same_as", "limits"), [
    ("Loops", {"timeout", "dead"}, Bot, (0.3, 256)),
    ("Sleeps", {"timeout", "dead"}, Bot, (0.3, 256)),
    ("Raises", {"exception"}, Bot, (2.0, 256)),
    ("Hoards", {"memory"}, Bot, (5.0, 128)),
    ("Garbage", {"garbage"}, Bot, (2.0, 256)),
    ("NotJson", {"garbage"}, Bot, (2.0, 256)),
    ("TooMany", {"garbage"}, Bot, (2.0, 256)),
    ("Exits", {"exit"}, Bot, (2.0, 256)),
    ("Dies", {"died", "dead"}, Bot, (2.0, 256)),
    ("Illegal", {"illegal"}, Bot, (2.0, 256)),
    ("FailsToStart", {"load_failed", "dead"}, Bot, (2.0, 256)),
    ("NoSuchClass", {"load_failed", "dead"}, Bot, (2.0, 256)),
    ("Chatty", set(), Cooperator, (5.0, 256)),
])
def test_a_misbehaving_bot_only_forfeits_its_own_decisions(tutorial, bot_file, name, reasons,
                                                           same_as, limits):
    """The game with the misbehaving bot is bit for bit the game in which that seat simply
    passed (or, for the chatty cooperator, cooperated): nothing else is affected."""
    time_limit, memory = limits
    sandboxed = BotController(SandboxedBot(bot_file, name, time_limit, memory), name)
    game, controllers = play(tutorial, sandboxed)
    reference, _ = play(tutorial, BotController(same_as(), "reference"))
    assert game.finished and game.turn == TURNS
    assert game.state_hash() == reference.state_hash()
    assert {f.reason for f in sandboxed.forfeits} == reasons
    assert all(f.detail for f in sandboxed.forfeits)
    assert all(f.country == "SAM" for f in sandboxed.forfeits)
    assert not controllers["KAR"].forfeits and not controllers["AWN"].forfeits
    if reasons:
        assert len(sandboxed.forfeits) >= sandboxed.decisions  # every decision forfeited


def test_a_dead_bot_is_restarted_once_then_left_dead(tutorial, bot_file):
    controller = BotController(SandboxedBot(bot_file, "Dies", 2.0, 256), "Dies")
    play(tutorial, controller)
    reasons = Counter(f.reason for f in controller.forfeits)
    assert reasons["died"] == 2 and reasons["dead"] == controller.decisions - 2
    assert "exit status 3" in controller.forfeits[0].detail


def test_a_hung_bot_is_killed(bot_file, tutorial):
    bot = SandboxedBot(bot_file, "Loops", time_limit=0.3, memory_mb=256)
    game = Game(tutorial, 1, 1)
    observation = observation_for(game, "SAM", 0)
    bot._start()
    pid = bot.process.pid
    with pytest.raises(Exception) as failure:
        bot.act(observation)
    assert failure.value.reason == "timeout"
    assert bot.process is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    bot.close()


def test_junk_on_the_protocol_channel_is_a_forfeit(tutorial, tmp_path):
    """A child that answers with lines that are not the protocol (here, a fake host) forfeits."""
    fake = tmp_path / "fake_host.py"
    fake.write_text('import sys\nprint(\'{"ready": true}\', flush=True)\n'
                    'for line in sys.stdin:\n    print("hello there", flush=True)\n')

    class FakeHost(SandboxedBot):
        def command(self):
            return [sys.executable, str(fake)]

    controller = BotController(FakeHost(fake, "Any", 2.0, 256), "fake")
    game, _ = play(tutorial, controller)
    assert game.finished
    assert {f.reason for f in controller.forfeits} == {"junk", "dead"}


def test_a_file_bot_plays_like_the_same_bot_in_process(tutorial):
    """The sandbox changes nothing for a well-behaved bot: same game as in-process."""
    sys.path.insert(0, str(ROOT / "bots"))
    try:
        from example_bot import ExampleBot
    finally:
        sys.path.remove(str(ROOT / "bots"))
    sandboxed = BotController(SandboxedBot(ROOT / "bots" / "example_bot.py", "ExampleBot"), "file")
    game, _ = play(tutorial, sandboxed, others=Opportunist)
    reference, _ = play(tutorial, BotController(ExampleBot(), "in-process"), others=Opportunist)
    assert sandboxed.forfeits == []
    assert game.state_hash() == reference.state_hash()
    assert any(a.start_turn >= 1 for a in game.agreements)


def test_a_tournament_with_misbehaving_bots_finishes_and_names_each_reason(capsys, tmp_path,
                                                                          bot_file):
    out = tmp_path / "out"
    code = main(["tournament", "--scenario", "tutorial", "--bot", "cooperator",
                 "--bot", f"{bot_file}:Loops", "--bot", f"{bot_file}:Dies", "--games", "1",
                 "--turns", "2", "--time-limit", "0.3", "--memory", "256", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "misbehaving.py:Loops" in printed and "timed out" in printed
    results = json.loads((out / "results.json").read_text())
    rows = {row["bot"]: row for row in results["leaderboard"]}
    assert set(rows["misbehaving.py:Loops"]["forfeits_by_reason"]) == {"timeout", "dead"}
    assert set(rows["misbehaving.py:Dies"]["forfeits_by_reason"]) == {"died", "dead"}
    assert rows["cooperator"]["forfeits"] == 0
    forfeits = [f for game in results["games"] for f in game["forfeits"]]
    assert {f["bot"] for f in forfeits} == {"misbehaving.py:Loops", "misbehaving.py:Dies"}
    assert all(g["turns"] == 2 for g in results["games"])


# --- the adapter ---------------------------------------------------------------------------------
class _Scripted(Bot):
    def __init__(self, answer):
        self.answer = answer

    def act(self, observation):
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


@pytest.mark.parametrize(("answer", "reason"), [
    (RuntimeError("oops"), "exception"),
    (SystemExit(1), "exit"),
    (MemoryError(), "memory"),
    ("accept everything", "garbage"),
    ([42], "garbage"),
    ([{"type": "fly"}], "garbage"),
    ([{"type": "comply", "agreement": "fisheries", "clause": 0, "keep": "no"}], "garbage"),
    ([{"type": "accept", "negotiation": 12}], "illegal"),
    ([{"type": "accept", "negotiation": 0, "country": "KAR"}], "illegal"),
])
def test_the_controller_turns_every_failure_into_a_forfeit(tutorial, answer, reason):
    controller = BotController(_Scripted(answer), "scripted")
    game, _ = play(tutorial, controller)
    reference, _ = play(tutorial, BotController(Bot(), "passes"))
    assert game.state_hash() == reference.state_hash()
    assert {f.reason for f in controller.forfeits} == {reason}


def test_the_second_proposal_over_the_delegations_is_forfeited(tutorial):
    class Eager(Cooperator):
        def act(self, observation):
            actions = super().act(observation)
            if observation["phase"] == "diplomacy" and observation["menu"]:
                item = observation["menu"][0]
                actions += [{"type": "propose", "parties": item["parties"],
                             "clauses": item["clauses"]}] * 5
            return actions

    controller = BotController(Eager(), "eager")
    game, _ = play(tutorial, controller)
    assert game.finished
    assert {f.reason for f in controller.forfeits} == {"illegal"}
    assert any("delegations" in f.detail or "no proposals" in f.detail for f in controller.forfeits)


def test_end_phase_from_a_bot_is_ignored(tutorial):
    controller = BotController(_Scripted([{"type": "end_phase"}]), "ender")
    game, _ = play(tutorial, controller)
    reference, _ = play(tutorial, BotController(Bot(), "passes"))
    assert controller.forfeits == [] and game.state_hash() == reference.state_hash()


def test_observations_say_when_proposals_are_allowed(tutorial):
    seen = []

    class Watcher(Bot):
        def act(self, observation):
            json.dumps(observation)  # JSON-ready
            seen.append((observation["phase"], observation["round"],
                         observation["proposals_allowed"], observation["seed"]))
            return []

    play(tutorial, BotController(Watcher(), "watcher"), turns=1)
    rounds = tutorial.scenario.scenario.diplomacy_rounds
    assert ("diplomacy", 0, True, SEED) in seen
    # the round after the human seats' floor is for answers only (the offers still waiting)
    assert ("diplomacy", rounds + 1, False, SEED) in seen
    assert ("compliance", 0, False, SEED) in seen


# --- the example bots ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_every_example_bot_plays_whole_games_without_garbage(tutorial, name):
    controller = BotController(BUILT_IN[name](), name)
    game, _ = play(tutorial, controller, others=BUILT_IN[name], turns=4)
    assert game.finished
    assert not [f for f in controller.forfeits if f.reason != "illegal"]
    if name != "random":
        assert controller.forfeits == []


def test_the_random_bot_is_deterministic_and_differs_between_seeds(tutorial):
    hashes = [play(tutorial, BotController(RandomBot(), "r"), others=RandomBot, seed=s)[0].state_hash()
              for s in (5, 5, 6)]
    assert hashes[0] == hashes[1] != hashes[2]


def _compliance_observation(**extra):
    observation = {
        "country": "A", "phase": "compliance", "round": 0, "turn": 3, "country_ids": ["A", "B", "C"],
        "trust": [[0.5, 0.5, 0.5], [0.8, 0.5, 0.5], [0.2, 0.5, 0.5]],
        "agreements": [{"id": "X", "parties": ["A", "B"]}, {"id": "Y", "parties": ["A", "C"]}],
        "obligations": [{"agreement": "X", "clause": 0, "partners": ["B"]},
                        {"agreement": "Y", "clause": 0, "partners": ["C"]}],
        "breaches_last_turn": [], "negotiations": [], "menu": [],
        "me": {"delegations_left": 0},
    }
    observation.update(extra)
    return observation


def test_the_reciprocator_answers_a_breach_for_one_turn():
    bot = Reciprocator()
    betrayed = _compliance_observation(
        breaches_last_turn=[{"agreement": "X", "clause": 0, "country": "B"}])
    assert bot.act(betrayed) == [keep({"agreement": "X", "clause": 0}, False),
                                 keep({"agreement": "Y", "clause": 0}, True)]
    assert all(a["keep"] for a in bot.act(_compliance_observation()))


def test_the_reciprocator_answers_only_the_offender_not_the_innocent_members():
    bot = Reciprocator()
    observation = _compliance_observation(
        agreements=[{"id": "R", "parties": ["A", "B", "C"],
                     "clauses": [{"kind": "trade_liberalisation", "receiver": None}]}],
        obligations=[  # a shared clause towards B and C, aid to B, investment to C
            {"agreement": "R", "clause": 0, "partners": ["B", "C"], "receiver": None},
            {"agreement": "R", "clause": 1, "partners": ["B", "C"], "receiver": "B"},
            {"agreement": "R", "clause": 2, "partners": ["B", "C"], "receiver": "C"}],
        breaches_last_turn=[{"agreement": "R", "clause": 0, "country": "B"}])
    assert [a["keep"] for a in bot.act(observation)] == [True, False, True]


def test_the_reciprocator_answers_one_breach_with_one_breach_in_kind():
    bot = Reciprocator()
    observation = _compliance_observation(
        agreements=[{"id": "X", "parties": ["A", "B"],
                     "clauses": [{"kind": "investment", "receiver": "A"}]}],
        obligations=[
            {"agreement": "X", "clause": 1, "partners": ["B"], "receiver": "B", "kind": "aid"},
            {"agreement": "X", "clause": 2, "partners": ["B"], "receiver": "B",
             "kind": "investment"},
            {"agreement": "X", "clause": 3, "partners": ["B"], "receiver": None,
             "kind": "trade_liberalisation"}],
        breaches_last_turn=[{"agreement": "X", "clause": 0, "country": "B"}])
    assert [a["keep"] for a in bot.act(observation)] == [True, False, True]


def test_the_reciprocator_answers_with_the_clause_that_pays_it_most_and_never_at_a_loss():
    """Branch dilemma3: an answer that loses the reciprocator score (a saving of 0.02 points
    now, the trust it costs counted: -0.02 a year later) is no answer; of those that pay, the
    one that pays most, whatever the offence's kind."""
    bot = Reciprocator()
    offence = {"agreement": "X", "clauses": [{"kind": "visa_facilitation", "receiver": None}]}
    obligations = [
        {"agreement": "X", "clause": 0, "partners": ["B"], "receiver": None,
         "kind": "visa_facilitation", "gain_if_broken": 0.02, "score_change_if_broken": -0.02},
        {"agreement": "X", "clause": 1, "partners": ["B"], "receiver": None,
         "kind": "education_exchange", "gain_if_broken": 0.27, "score_change_if_broken": 0.22},
        {"agreement": "X", "clause": 2, "partners": ["B"], "receiver": None,
         "kind": "security_cooperation", "gain_if_broken": 0.47, "score_change_if_broken": 0.39}]
    observation = _compliance_observation(
        agreements=[{"id": "X", "parties": ["A", "B"], **offence}], obligations=obligations,
        breaches_last_turn=[{"agreement": "X", "clause": 0, "country": "B"}])
    assert [a["keep"] for a in bot.act(observation)] == [True, True, False]
    observation["obligations"] = obligations[:1]
    assert [a["keep"] for a in bot.act(observation)] == [True]


def test_the_opportunist_breaks_when_breaking_pays():
    bot = Opportunist()
    with_gains = _compliance_observation(obligations=[
        {"agreement": "X", "clause": 0, "partners": ["B"], "gain_if_broken": 1.5},
        {"agreement": "Y", "clause": 0, "partners": ["C"], "gain_if_broken": -0.5}])
    assert [a["keep"] for a in bot.act(with_gains)] == [False, True]
    # Without gain_if_broken it spends trust where it is high (B trusts it 0.8, C only 0.2).
    assert [a["keep"] for a in bot.act(_compliance_observation())] == [False, True]


def test_the_cooperator_accepts_what_does_not_lose_and_proposes_its_best_gain():
    observation = _compliance_observation(
        phase="diplomacy", proposals_allowed=True, me={"delegations_left": 1},
        negotiations=[{"id": 0, "waiting_for_me": True, "my_value": 0.0},
                      {"id": 1, "waiting_for_me": True, "my_value": -1.0},
                      {"id": 2, "waiting_for_me": False, "my_value": 5.0}],
        menu=[{"parties": ["A", "B"], "clauses": [], "duration": 5, "my_value": 1.0},
              {"parties": ["A", "C"], "clauses": [], "duration": 5, "my_value": 2.0}])
    actions = Cooperator().act(observation)
    assert actions[:2] == [accept(0), {"type": "reject", "negotiation": 1}]
    assert actions[2]["type"] == "propose" and actions[2]["parties"] == ["A", "C"]


# --- the registry ---------------------------------------------------------------------------------
def test_the_registry_knows_every_built_in_name(bot_file):
    for name in ("cooperator", "reciprocator", "opportunist", "random"):
        seat = resolve(name)
        assert seat.kind == "built-in" and seat.make().bot.name == name
    for name, level in [("ai", "normal"), ("ai:easy", "easy"), ("ai:normal", "normal"),
                        ("ai:hard", "hard")]:
        seat = resolve(name)
        assert seat.kind == "ai" and seat.name == f"ai:{level}"
        assert callable(seat.make().diplomacy)
    seat = resolve(f"{bot_file}:Chatty")
    assert seat.kind == "file" and seat.name == "misbehaving.py:Chatty"
    assert isinstance(resolve(f"{bot_file}:Chatty", in_process=True).make().bot, Cooperator)


@pytest.mark.parametrize("spec", ["nobody", "ai:genius", "missing.py:Bot", "bots/example_bot.py:1x"])
def test_the_registry_explains_a_bad_spec(spec):
    with pytest.raises(BotSpecError):
        resolve(spec)


def test_try_bot_runs_the_example_bot_in_process():
    sys.path.insert(0, str(ROOT / "bots"))
    try:
        from example_bot import ExampleBot
    finally:
        sys.path.remove(str(ROOT / "bots"))
    trial = try_bot(ExampleBot(), turns=2)
    assert trial.forfeits == [] and trial.decisions > 0 and trial.game.finished
    assert trial.score == trial.scores["SAM"]


def test_the_docs_show_the_example_bot_as_it_is():
    docs = (ROOT / "docs" / "bots.md").read_text()
    example = (ROOT / "bots" / "example_bot.py").read_text()
    block = docs.split("```python\nfrom game.agents.bots import Bot, accept, keep, propose, reject")[1]
    block = "from game.agents.bots import Bot, accept, keep, propose, reject" + block.split("```")[0]
    assert block.strip() in example
    for reason in ("timeout", "exception", "memory", "exit", "died", "dead", "load_failed",
                   "garbage", "junk", "illegal"):
        assert f"| `{reason}` |" in docs
    assert "as the user who starts the tournament" in docs


def test_every_forfeit_reason_has_a_translation():
    from game.agents.bots.controller import REASONS
    from game.i18n import catalog

    for language in ("en", "id"):
        assert all(f"bots.reason.{reason}" in catalog(language) for reason in REASONS)
