"""A tournament keeps its bots' processes from one game to the next (game.agents.bots.sandbox,
``keep_processes``): fewer processes started, the same results, and nothing of a game's bot
(its object, its module's state) left for the next game."""

from __future__ import annotations

import json
import textwrap

import pytest

from game.agents.bots import sandbox
from game.scenario.loading import load_scenario, resolve
from game.tools.tournament import play_job, work_list

BOT = '''
import os
from game.agents.bots import Bot, keep

CALLS = 0
MODULE = os.urandom(6).hex()  # this copy of the module (one per seat, issue 17)
with open(os.path.join(os.path.dirname(__file__), "trace.txt"), "a") as trace:
    trace.write(f"loaded {os.getpid()} {MODULE}\\n")


class Counting(Bot):
    def act(self, observation):
        global CALLS
        CALLS += 1
        with open(os.path.join(os.path.dirname(__file__), "trace.txt"), "a") as trace:
            trace.write(f"act {os.getpid()} {MODULE} {CALLS}\\n")
        if observation["phase"] == "compliance":
            return [keep(o) for o in observation["obligations"]]
        return []
'''


@pytest.fixture(autouse=True)
def fresh_pool():
    sandbox.stop_keeping()
    yield
    sandbox.stop_keeping()


def jobs(folder) -> list[dict]:
    path = folder / "counting.py"
    path.write_text(textwrap.dedent(BOT))
    loaded = load_scenario(resolve("tutorial"))
    return work_list([loaded], [("counting", f"{path}:Counting"), ("cooperator", "cooperator")],
                     2, 1, 2, reference=False)


def test_kept_processes_play_the_same_games_with_a_fresh_bot_each_game(tmp_path):
    work = jobs(tmp_path)
    kept = [json.dumps(play_job(job), sort_keys=True) for job in work]
    trace = (tmp_path / "trace.txt").read_text().splitlines()
    (tmp_path / "trace.txt").unlink()
    sandbox.stop_keeping()
    fresh = []
    for job in work:
        fresh.append(json.dumps(play_job(job), sort_keys=True))
        sandbox.stop_keeping()  # no process kept: every game starts its own
    assert kept == fresh
    loads = [line.split()[1] for line in trace if line.startswith("loaded")]
    assert len(loads) >= len(work)  # the file is loaded afresh at every game
    assert len(set(loads)) < len(loads)  # ... in processes kept from an earlier game
    counts: dict[str, int] = {}
    for line in trace:  # each load starts the module's counter again (a seat's own copy)
        kind, _pid, module, *rest = line.split()
        if kind == "loaded":
            counts[module] = 0
        else:
            counts[module] += 1
            assert int(rest[0]) == counts[module]


def test_a_kept_process_that_died_is_replaced_without_a_forfeit(tmp_path):
    work = jobs(tmp_path)
    play_job(work[0])
    pool = sandbox.keep_processes()
    assert pool.idle
    for _, process, _ in pool.idle:
        process.kill()
        process.wait(timeout=10)
    record = play_job(work[1])
    assert record["forfeits"] == [] and record["forfeit_counts"] == {}


def test_at_most_the_limit_is_kept():
    pool = sandbox.KeptProcesses(1)
    import subprocess
    import sys
    first = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"],
                             start_new_session=True)
    second = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"],
                              start_new_session=True)
    pool.give(("a", "A", 1), first, None)
    pool.give(("b", "B", 1), second, None)
    assert first.poll() is not None and second.poll() is None
    assert pool.take(("a", "A", 1)) is None
    assert pool.take(("b", "B", 1))[0] is second
    pool.give(("b", "B", 1), second, None)
    pool.clear()
    assert second.poll() is not None
