"""Issue 16, failure 4: a hostile bot in its sandbox (bubblewrap, ``game.agents.bots.isolation``)
cannot signal, stop or read another process, cannot open a connection, cannot write outside
its temporary folder or beyond its size, leaves no process behind, and cannot predict an event;
``--sandbox strict`` refuses to run where the sandbox cannot be made.

Each test runs one hostile bot file; where it is harmless, the same bot runs once without the
sandbox too, to show that the test would catch a sandbox that does not hold. Every run is small
and bounded in time. bubblewrap must be installed (``.ci/run`` installs it)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from game.agents.bots import isolation
from game.agents.bots.controller import BotController
from game.agents.bots.examples import BUILT_IN
from game.agents.bots.registry import load_bot_class
from game.agents.bots.sandbox import SandboxedBot
from game.rules.protocol import play_game
from game.scenario.loading import load_scenario, resolve
from game.tools.tournament import job_game, work_list
from tests.conftest import ROOT

#: Seconds any one run below may take before the test calls it a hang.
BOUND = 240


@pytest.fixture(scope="module", autouse=True)
def bubblewrap_works():
    assert isolation.problem() is None, (
        f"the sandbox cannot be made here ({isolation.problem()}): install bubblewrap "
        "(apt-get install bubblewrap), as .ci/run does")


def hostile(folder: Path, source: str, isolated: bool = True, **options) -> SandboxedBot:
    """The bot class ``Hostile`` of ``source``, written to ``folder``, in its own process."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"hostile_{uuid.uuid4().hex[:8]}.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return SandboxedBot(path, "Hostile", time_limit=30, load_time=60, isolated=isolated, **options)


def report(bot: SandboxedBot, **observation) -> dict:
    """What the hostile bot says it managed to do (its first "action"), its process closed."""
    try:
        return bot.act(observation)[0]
    finally:
        bot.close()


def state(pid: int) -> str:
    """A process's state letter (T: stopped), "gone" when it has ended."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


def processes_with(token: str) -> list[int]:
    """Every process of this computer whose command line holds ``token``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if token.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


# --- signals and other processes ----------------------------------------------------------------
SIGNALLER = """
    import os
    import signal


    class Hostile:
        def act(self, observation):
            result = {"pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}
            for name, pid in observation["targets"].items():
                try:
                    os.kill(pid, signal.SIGSTOP)
                    result[name] = "stopped"
                except OSError as error:
                    result[name] = type(error).__name__
            return [result]
"""
QUIET = """
    class Hostile:
        def act(self, observation):
            return [{"alive": True}]
"""


def test_a_bot_cannot_signal_or_stop_a_rival_or_the_tournament(tmp_path):
    victim = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    rival = hostile(tmp_path, QUIET)
    try:
        assert rival.act({})[0] == {"alive": True}
        assert rival.process is not None
        rival_pids = [rival.process.pid, *descendants(rival.process.pid)]
        assert len(rival_pids) >= 2  # bubblewrap and the rival's Python
        targets = {"tournament": os.getpid(), "victim": victim.pid,
                   **{f"rival{k}": pid for k, pid in enumerate(rival_pids)}}
        seen = report(hostile(tmp_path, SIGNALLER), targets=targets)
        for name, pid in targets.items():
            assert seen[name] == "ProcessLookupError", (name, seen)
            assert state(pid) not in ("T", "t", "gone"), name
        # it sees only its own PID namespace: none of those processes, a handful of its own
        assert not set(seen["pids"]) & set(targets.values()) and len(seen["pids"]) <= 4
        assert rival.act({})[0] == {"alive": True}  # the rival plays on

        # Without the sandbox the same bot stops a process of the same user.
        loose = report(hostile(tmp_path, SIGNALLER, isolated=False),
                       targets={"victim": victim.pid})
        assert loose["victim"] == "stopped"
        time.sleep(0.1)
        assert state(victim.pid) in ("T", "t")
    finally:
        rival.close()
        victim.kill()
        victim.wait(timeout=10)


MEMORY_READER = """
    import os


    class Hostile:
        def act(self, observation):
            pid = observation["tournament"]
            result = {"parent": os.getppid()}
            for name in ("mem", "environ", "cmdline"):
                try:
                    with open(f"/proc/{pid}/{name}", "rb") as file:
                        file.read(1)
                    result[name] = "read"
                except OSError as error:
                    result[name] = type(error).__name__
            return [result]
"""


def test_a_bot_cannot_read_the_tournaments_memory(tmp_path):
    seen = report(hostile(tmp_path, MEMORY_READER), tournament=os.getpid())
    assert seen["mem"] == seen["environ"] == seen["cmdline"] == "FileNotFoundError", seen
    assert seen["parent"] == 1  # its parent is its namespace's own first process
    if os.geteuid() == 0:  # as root, without the sandbox, the memory is there to open
        loose = report(hostile(tmp_path, MEMORY_READER, isolated=False), tournament=os.getpid())
        assert loose["cmdline"] == "read" and loose["mem"] in ("read", "OSError")


# --- the network ----------------------------------------------------------------------------------
CONNECTOR = """
    import socket


    class Hostile:
        def act(self, observation):
            result = {"interfaces": [name for _, name in socket.if_nameindex()]}
            for name, address in (("local", ("127.0.0.1", observation["port"])),
                                  ("outside", ("1.1.1.1", 53))):
                try:
                    socket.create_connection(address, timeout=3).close()
                    result[name] = "connected"
                except OSError as error:
                    result[name] = type(error).__name__
            try:
                sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                sender.sendto(b"hello", ("127.0.0.1", observation["udp"]))
                result["udp"] = "sent"
            except OSError as error:
                result["udp"] = type(error).__name__
            return [result]
"""


def test_a_bot_cannot_reach_the_network_not_even_this_computer(tmp_path):
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(1.0)
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind(("127.0.0.1", 0))
    listener.settimeout(1.0)
    port, udp = server.getsockname()[1], listener.getsockname()[1]
    try:
        seen = report(hostile(tmp_path, CONNECTOR), port=port, udp=udp)
        assert seen["local"] == "ConnectionRefusedError", seen  # its own empty loopback
        assert seen["outside"] in ("OSError", "TimeoutError"), seen  # network unreachable
        assert seen["interfaces"] == ["lo"]
        with pytest.raises(TimeoutError):
            server.accept()
        with pytest.raises(TimeoutError):
            listener.recvfrom(100)

        loose = report(hostile(tmp_path, CONNECTOR, isolated=False), port=port, udp=udp)
        assert loose["local"] == "connected"  # without the sandbox, the tournament's computer
        server.accept()[0].close()
        assert listener.recvfrom(100)[0] == b"hello"
    finally:
        server.close()
        listener.close()


# --- files --------------------------------------------------------------------------------------
WRITER = """
    import os


    class Hostile:
        def act(self, observation):
            result = {"HOME": os.environ.get("HOME"), "cwd": os.getcwd()}
            for name, path in observation["targets"].items():
                try:
                    with open(path, "a") as file:
                        file.write("HACKED")
                    result[name] = "written"
                except OSError as error:
                    result[name] = type(error).__name__
            try:
                result["results_folder"] = os.listdir(observation["results"])
            except OSError as error:
                result["results_folder"] = type(error).__name__
            try:
                result["rival_file"] = open(observation["rival"]).read()
            except OSError as error:
                result["rival_file"] = type(error).__name__
            written, result["full"] = 0, None
            for number in range(16):  # 64 MB in files of 4 MB, into its temporary folder
                try:
                    with open(f"/tmp/fill{number}", "wb") as file:
                        for _ in range(4):
                            file.write(b"x" * (1 << 20))
                            file.flush()
                            written += 1 << 20
                except OSError as error:
                    result["full"] = f"{type(error).__name__} {error.errno}"
                    break
            result["written"] = written
            return [result]
"""


def test_a_bot_cannot_write_outside_its_temporary_folder_nor_beyond_its_size(tmp_path):
    # the results folder and a rival's file inside the bot's own folder, which it may read
    rival = tmp_path / "bots" / "rival.py"
    rival.parent.mkdir()
    results = rival.parent / "results"
    results.mkdir()
    (results / "leaderboard.csv").write_text("rank,bot\n")
    rival.write_text("class Rival:  # secret strategy\n    pass\n")
    mark = uuid.uuid4().hex
    targets = {
        "leaderboard": str(results / "leaderboard.csv"),
        "results": str(results / f"new-{mark}"),
        "home": str(Path.home() / f"diplomasi-sandbox-{mark}"),
        "project": str(ROOT / f"diplomasi-sandbox-{mark}"),
        "own_folder": str(rival.parent / f"new-{mark}"),
        "system": f"/etc/diplomasi-sandbox-{mark}",
        "root": f"/diplomasi-sandbox-{mark}",
    }
    bot = hostile(rival.parent, WRITER, hidden=[results, rival])
    seen = report(bot, targets=targets, results=str(results), rival=str(rival))
    for name, path in targets.items():
        assert seen[name] in ("OSError", "FileNotFoundError", "PermissionError"), (name, seen)
        if name != "leaderboard":
            assert not Path(path).exists(), name
    assert (results / "leaderboard.csv").read_text() == "rank,bot\n"
    assert seen["results_folder"] == []  # the results folder is hidden: an empty folder
    assert seen["rival_file"] == "PermissionError"  # and a rival's file cannot be opened
    assert seen["HOME"] == seen["cwd"] == "/tmp"
    # its temporary folder holds 16 MB, then the disk is full (ENOSPC)
    assert seen["full"] == "OSError 28", seen["full"]
    assert 12 << 20 <= seen["written"] <= isolation.TEMPORARY_FOLDER_MB << 20

    loose = report(hostile(rival.parent, WRITER, isolated=False, hidden=[results, rival]),
                   targets={"leaderboard": targets["leaderboard"]}, results=str(results),
                   rival=str(rival))
    assert loose["leaderboard"] == "written" and "HACKED" in (results / "leaderboard.csv").read_text()


# --- what a bot starts ----------------------------------------------------------------------------
ESCAPER = """
    import os
    import sys

    TOKEN = {token!r}
    LEADERBOARD = {leaderboard!r}


    class Hostile:
        started = False

        def act(self, observation):
            if not Hostile.started:
                Hostile.started = True
                if os.fork() == 0:  # a grandchild in a session of its own, as in issue 16
                    os.setsid()
                    if os.fork() == 0:
                        os.execv(sys.executable, [sys.executable, "-c", '''
    import sys, time
    for _ in range(600):
        try:
            with open(sys.argv[1], "a") as file:
                file.write("HACKED by a grandchild")
        except OSError:
            pass
        time.sleep(0.1)
    ''', LEADERBOARD, TOKEN])
                    os._exit(0)
            return []
"""


def tournament(*words: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "run_game.py"), "tournament", *words],
                          capture_output=True, text=True, timeout=BOUND, cwd=ROOT, env=env)


def test_a_bot_leaves_no_process_behind(tmp_path):
    token = f"diplomasi-escaper-{uuid.uuid4().hex}"
    out = tmp_path / "out"
    bot = tmp_path / "escaper.py"
    bot.write_text(textwrap.dedent(ESCAPER.format(token=token,
                                                  leaderboard=str(out / "leaderboard.csv"))))
    try:
        done = tournament("--scenario", "tutorial", "--turns", "2", "--bot", "cooperator",
                          "--bot", f"{bot}:Hostile", "--out", str(out), "--sandbox", "strict")
        assert done.returncode == 0, done.stderr
        assert json.loads((out / "results.json").read_text())["isolated"] is True
        deadline = time.monotonic() + 5
        while processes_with(token) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert processes_with(token) == []
        time.sleep(0.5)
        assert "HACKED" not in (out / "leaderboard.csv").read_text()
    finally:
        for pid in processes_with(token):
            os.kill(pid, signal.SIGKILL)


def test_without_the_sandbox_the_grandchild_would_outlive_the_bot(tmp_path):
    """The test above can fail: without the sandbox the same bot's grandchild lives on."""
    token = f"diplomasi-escaper-{uuid.uuid4().hex}"
    source = ESCAPER.format(token=token, leaderboard=str(tmp_path / "leaderboard.csv"))
    bot = hostile(tmp_path, source, isolated=False)
    try:
        bot.act({})
        bot.close()
        time.sleep(0.5)
        assert processes_with(token)
        time.sleep(0.5)
        assert "HACKED" in (tmp_path / "leaderboard.csv").read_text()
    finally:
        for pid in processes_with(token):
            os.kill(pid, signal.SIGKILL)


# --- events ---------------------------------------------------------------------------------------
PREDICTOR = """
    import numpy as np

    from game.rules.events import draw_events
    from game.scenario.loading import load_scenario, resolve

    #: What a student can know: the teacher's --seed, the scenario, the game's own code.
    PUBLIC_SEED = {seed}


    class Hostile:
        def __init__(self):
            self.predicted = None

        def act(self, observation):
            if self.predicted is None:
                scenario = load_scenario(resolve("archipelago")).scenario
                ids = [country.id for country in scenario.countries]
                self.predicted = {{}}
                for name, seed in (("observation", observation["seed"]), ("public", PUBLIC_SEED)):
                    rng = np.random.Generator(np.random.PCG64(seed))
                    happened, turns = set(), []
                    for turn in range(1, observation["last_turn"] + 1):
                        events = draw_events(scenario.events, turn, happened, ids, rng)
                        happened.update(event.card for event in events)
                        turns.append([event.to_dict() for event in events])
                    self.predicted[name] = turns
            return []
"""


def predicted_and_happened(tmp_path, secret: str | None) -> tuple[dict, list]:
    """A tournament's game (seed 7, 8 turns of archipelago) with the predictor at every seat."""
    path = tmp_path / "predictor.py"
    path.write_text(textwrap.dedent(PREDICTOR.format(seed=7)))
    predictor = load_bot_class(path, "Hostile")()
    loaded = load_scenario(resolve("archipelago"))
    job = work_list([loaded], [("cooperator", "cooperator")], 1, 7, 8, reference=False,
                    secret=secret)[0]
    game = job_game(job)
    play_game(game, {c: BotController(predictor if k == 0 else BUILT_IN["cooperator"]())
                     for k, c in enumerate(game.country_ids)})
    happened = [[event.to_dict() for event in report.events] for report in game.reports]
    assert sum(map(len, happened)) >= 3  # a game with events to foresee
    return predictor.predicted, happened


def test_a_bot_cannot_predict_the_events_of_a_tournament(tmp_path):
    predicted, happened = predicted_and_happened(tmp_path, secret="a-secret-of-this-run")
    for name in ("observation", "public"):
        wrong = [t for t, (p, h) in enumerate(zip(predicted[name], happened, strict=True)) if p != h]
        assert len(wrong) >= 2, (name, predicted[name], happened)


def test_without_a_secret_the_events_could_be_predicted(tmp_path):
    """The test above can fail: with the seed alone (outside tournaments) the bot knows them."""
    predicted, happened = predicted_and_happened(tmp_path, secret=None)
    assert predicted["public"] == predicted["observation"] == happened


def test_the_secret_of_a_resumed_run_is_the_journals(tmp_path):
    probe = ["--scenario", "tutorial", "--turns", "2", "--bot", "cooperator", "--bot",
             "opportunist", "--seed", "3"]
    whole = tmp_path / "whole"
    assert tournament(*probe, "--out", str(whole)).returncode == 0
    results = json.loads((whole / "results.json").read_text())
    secret = results["secret"]
    lines = (whole / "journal.jsonl").read_text().splitlines(keepends=True)
    assert len(secret) >= 32 and json.loads(lines[0])["secret"] == secret
    # a run cut after one game (as a kill leaves it), resumed without --secret
    cut = tmp_path / "cut"
    cut.mkdir()
    (cut / "journal.jsonl").write_text("".join(lines[:2]))
    resumed = tournament(*probe, "--out", str(cut), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert (cut / "results.json").read_bytes() == (whole / "results.json").read_bytes()


# --- where the sandbox cannot be made -------------------------------------------------------------
def test_strict_refuses_to_play_without_bubblewrap_and_best_effort_says_what_is_missing(tmp_path):
    empty = tmp_path / "no-bwrap"
    empty.mkdir()
    environment = {**os.environ, "PATH": str(empty)}
    assert shutil.which("bwrap", path=str(empty)) is None
    bot = f"{ROOT / 'bots' / 'example_bot.py'}:ExampleBot"
    words = ["--scenario", "tutorial", "--turns", "1", "--bot", "cooperator", "--bot", bot]
    out = tmp_path / "strict"
    refused = tournament(*words, "--out", str(out), "--sandbox", "strict", env=environment)
    assert refused.returncode == 2
    assert "--sandbox strict" in refused.stderr and "bubblewrap" in refused.stderr
    assert "signal and stop the other processes" in refused.stderr
    assert "Tournament leaderboard" not in refused.stdout and not (out / "journal.jsonl").exists()

    out = tmp_path / "best"
    played = tournament(*words, "--out", str(out), env=environment)
    assert played.returncode == 0, played.stderr
    assert "Warning" in played.stderr and "bubblewrap" in played.stderr
    for key in isolation.MISSING:
        from game.i18n import translate
        assert translate(f"sandbox.missing.{key}") in played.stderr
    assert json.loads((out / "results.json").read_text())["isolated"] is False

    # built-in bots run nobody's code: nothing to refuse, nothing to say
    quiet = tournament("--scenario", "tutorial", "--turns", "1", "--bot", "cooperator",
                       "--sandbox", "strict", env=environment)
    assert quiet.returncode == 0 and "sandbox" not in quiet.stderr


def test_strict_refuses_bots_run_inside_the_tournament():
    bot = f"{ROOT / 'bots' / 'example_bot.py'}:ExampleBot"
    refused = tournament("--scenario", "tutorial", "--turns", "1", "--bot", bot,
                         "--in-process", "--sandbox", "strict", "--lang", "id")
    assert refused.returncode == 2 and "--in-process" in refused.stderr
    assert "Tidak ada yang dimainkan" in refused.stderr
