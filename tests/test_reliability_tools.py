"""Issue 16, the command-line tools: a dead worker process never hangs a tournament, a killed
tournament resumes to byte-identical results, numbers and paths on the command line are
checked, atomic writes replace only regular files, the sandbox's own decoder and messages hold
against a hostile bot, and the package carries its scenarios and assets. Every test is small
(the tutorial, a few turns) and bounded in time."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
import tomllib
from pathlib import Path

import pytest

from game.agents.bots.controller import BotFailure
from game.agents.bots.sandbox import SandboxedBot
from game.rules.storage import StorageError, atomic_write_text, remove_leftovers
from game.tools.cli import main
from game.tools.runs import Journal, JournalError, run_jobs
from tests.conftest import ROOT

#: Seconds any one run below may take before the test calls it a hang.
BOUND = 240


# --- test workers (module level: worker processes import them) ----------------------------------
def echo_worker(job: dict) -> dict:
    """A game that takes a moment and returns its index."""
    time.sleep(0.05)
    return {"index": job["index"], "value": job["index"] * 10}


def killing_worker(job: dict) -> dict:
    """Kills its own process (as the out-of-memory killer would) at the job marked ``kill``;
    with ``once`` only the first time (a marker file remembers)."""
    if job.get("kill"):
        marker = Path(job["marker"])
        if not job.get("once") or not marker.exists():
            marker.write_text("killed")
            os.kill(os.getpid(), signal.SIGKILL)
    return echo_worker(job)


def hanging_worker(job: dict) -> dict:
    """Hangs without dying at the job marked ``hang`` (stops itself, as a hostile bot could do
    to its worker; with ``sleep``, sleeps for an hour instead); with ``once`` only the first
    time."""
    if job.get("hang"):
        marker = Path(job["marker"])
        if not job.get("once") or not marker.exists():
            marker.write_text("hung")
            if job.get("sleep"):
                time.sleep(3600)
            os.kill(os.getpid(), signal.SIGSTOP)
    return echo_worker(job)


def raising_worker(job: dict) -> dict:
    if job["index"] == 1:
        raise ValueError("a bug in one game")
    return echo_worker(job)


def bounded(function, *args, **kwargs):
    """``function(*args)`` in a thread; fails the test instead of hanging it."""
    result: dict = {}

    def target():
        result["value"] = function(*args, **kwargs)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(BOUND)
    assert not thread.is_alive(), f"still running after {BOUND} s: the run hangs"
    return result["value"]


def jobs_for(count: int, tmp_path: Path, **marked) -> list[dict]:
    jobs = [{"index": k, "marker": str(tmp_path / f"killed-{k}")} for k in range(count)]
    jobs[1].update(marked)
    return jobs


# --- 1: a dead worker ---------------------------------------------------------------------------
def test_a_worker_killed_every_time_is_reported_and_the_run_ends(tmp_path):
    jobs = jobs_for(4, tmp_path, kill=True)
    records = bounded(run_jobs, jobs, 2, worker=killing_worker)
    assert [r["index"] for r in records] == [0, 1, 2, 3]
    failed = records[1]["failed"]
    assert "SIGKILL" in failed and "played 2 times" in failed
    assert [r["value"] for r in records if "failed" not in r] == [0, 20, 30]


def test_a_worker_killed_once_has_its_game_played_again(tmp_path):
    jobs = jobs_for(4, tmp_path, kill=True, once=True)
    records = bounded(run_jobs, jobs, 2, worker=killing_worker)
    assert (tmp_path / "killed-1").exists()  # it was killed...
    assert [r["value"] for r in records] == [0, 10, 20, 30]  # ...and its game played again


@pytest.mark.parametrize("how", [{}, {"sleep": True}], ids=["stopped", "sleeping"])
def test_a_worker_that_hangs_without_dying_is_stopped_at_the_deadline(tmp_path, how):
    jobs = jobs_for(4, tmp_path, hang=True, **how)
    started = time.monotonic()
    records = bounded(run_jobs, jobs, 2, worker=hanging_worker, deadline=3)
    assert time.monotonic() - started < 60
    assert [r["index"] for r in records] == [0, 1, 2, 3]
    failed = records[1]["failed"]
    assert "deadline" in failed and "3 s" in failed and "played 2 times" in failed
    assert [r["value"] for r in records if "failed" not in r] == [0, 20, 30]


def test_a_worker_that_hung_once_has_its_game_played_again(tmp_path):
    jobs = jobs_for(3, tmp_path, hang=True, once=True)
    records = bounded(run_jobs, jobs, 2, worker=hanging_worker, deadline=3)
    assert (tmp_path / "killed-1").exists()  # it hung...
    assert [r["value"] for r in records] == [0, 10, 20]  # ...and its game was played again


def test_a_game_that_raises_is_reported_without_stopping_the_run(tmp_path):
    for workers in (1, 2):
        records = bounded(run_jobs, jobs_for(3, tmp_path), workers, worker=raising_worker)
        assert "ValueError: a bug in one game" in records[1]["failed"]
        assert records[0]["value"] == 0 and records[2]["value"] == 20


KILLER = textwrap.dedent("""
    import os
    import signal


    class KillsParent:
        def act(self, observation):
            os.kill(os.getppid(), signal.SIGKILL)  # the tournament's worker process
            return []
""")


def tournament(*words: str, timeout: float = BOUND, cwd: Path | None = None):
    return subprocess.run([sys.executable, str(ROOT / "run_game.py"), "tournament", *words],
                          capture_output=True, text=True, timeout=timeout, cwd=cwd or ROOT)


def test_a_bot_that_kills_its_worker_cannot_hang_the_tournament(tmp_path):
    bot = tmp_path / "killer.py"
    bot.write_text(KILLER)
    out = tmp_path / "out"
    # --sandbox off: in its sandbox a bot cannot reach its worker (tests/test_sandbox.py)
    done = tournament("--scenario", "tutorial", "--bot", "cooperator", "--bot",
                      f"{bot}:KillsParent", "--turns", "2", "--jobs", "2", "--out", str(out),
                      "--sandbox", "off")
    assert done.returncode == 1, done.stderr
    assert "could not be played" in done.stderr and "SIGKILL" in done.stderr
    results = json.loads((out / "results.json").read_text())
    failed = results["failed_games"]
    assert len(failed) == 2 and all("SIGKILL" in f["failed"] for f in failed)
    assert [g["reference"] for g in results["games"]] == [True]  # the cooperators' game


STOPPER = textwrap.dedent("""
    import os
    import signal


    class StopsParent:
        def act(self, observation):
            os.kill(os.getppid(), signal.SIGSTOP)  # the worker hangs without dying
            return []
""")


def test_a_bot_that_stops_its_worker_cannot_hang_the_tournament(tmp_path):
    bot = tmp_path / "stopper.py"
    bot.write_text(STOPPER)
    out = tmp_path / "out"
    done = tournament("--scenario", "tutorial", "--bot", "cooperator", "--bot",
                      f"{bot}:StopsParent", "--turns", "2", "--jobs", "2", "--out", str(out),
                      "--sandbox", "off", "--game-time-limit", "8")
    assert done.returncode == 1, done.stderr
    assert "could not be played" in done.stderr and "deadline" in done.stderr
    results = json.loads((out / "results.json").read_text())
    assert results["game_time_limit"] == 8
    failed = results["failed_games"]
    assert len(failed) == 2 and all("after 8 s" in f["failed"] for f in failed)
    assert [g["reference"] for g in results["games"]] == [True]  # the cooperators' game
    time.sleep(1)
    assert not processes_naming(str(bot)), "a stopped worker's bot outlived the tournament"


def processes_naming(text: str) -> list[int]:
    """The processes whose command line holds ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text in (entry / "cmdline").read_bytes().decode(
                    errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_the_default_game_deadline_leaves_room_for_every_decision_of_a_slow_bot(tmp_path):
    from game.scenario.loading import load_scenario, resolve
    from game.tools.tournament import game_time_floor, game_time_limit, work_list

    loaded = load_scenario(resolve("tutorial"))
    entrants = [("cooperator", "cooperator"), ("slow", "slow.py:Slow")]
    jobs = work_list([loaded], entrants, 1, 1, 5)
    info = loaded.scenario.scenario
    seats = len(loaded.scenario.countries)
    decisions = 5 * (info.diplomacy_rounds + 2 * info.negotiation_rounds + 3)
    limit = game_time_limit([loaded], jobs, {"slow.py:Slow"}, 2.0)
    # the game with most seats of the file bot: every one of them slow on every decision
    most = max(sum(spec == "slow.py:Slow" for spec in job["specs"]) for job in jobs)
    assert most >= (seats + 1) // 2
    # its seats share one process (issue 17): each of the `most` seats may lose it twice, and
    # every seat loads again after each loss: most² × 2 loads of 10 s (2 for one seat)
    assert limit == game_time_floor(5) + most * most * 2 * 10.0 + most * decisions * 2.0
    assert game_time_limit([loaded], jobs, set(), 2.0) == game_time_floor(5)
    # without --turns, each scenario's own length
    whole = work_list([loaded], entrants, 1, 1, None)
    assert game_time_limit([loaded], whole, set(), 2.0) == game_time_floor(info.turns)
    assert game_time_floor(12) > game_time_floor(8) >= 600


@pytest.mark.parametrize("verb", [["tournament", "--scenario", "tutorial", "--bot", "cooperator"],
                                  ["balance", "tutorial"]], ids=["tournament", "balance"])
@pytest.mark.parametrize("value", ["nan", "inf", "0", "-3", "1e300"])
def test_a_bad_game_time_limit_is_refused_naming_the_flag(capsys, value, verb):
    with pytest.raises(SystemExit) as stop:
        main([*verb, "--game-time-limit", value])
    assert stop.value.code == 2
    assert "--game-time-limit" in capsys.readouterr().err


def test_balance_gives_its_games_a_deadline(monkeypatch, capsys):
    import game.tools.tournament as tournament_module
    from game.tools.tournament import game_time_floor

    given = []

    def recording(jobs, workers, advance=None, **options):
        given.append(options.get("deadline"))
        return run_jobs(jobs, 1, advance, **options)

    # balance plays its games through the tournament's run_games, which calls run_jobs
    monkeypatch.setattr(tournament_module, "run_jobs", recording)
    assert main(["balance", "tutorial", "--games", "1", "--turns", "1"]) == 0
    assert main(["balance", "tutorial", "--games", "1", "--turns", "1",
                 "--game-time-limit", "45"]) == 0
    assert given == [game_time_floor(1), 45]


# --- 3: the journal and --resume ------------------------------------------------------------------
PROBE = ["--scenario", "tutorial", "--secret", "probe", "--bot", "cooperator", "--bot",
         "opportunist", "--bot", "reciprocator", "--games", "3", "--turns", "3", "--seed", "5"]


def test_an_output_that_cannot_be_a_folder_is_refused_before_any_game(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    started = time.monotonic()
    done = tournament(*PROBE, "--out", str(blocker))
    assert done.returncode == 2 and "--out" in done.stderr and "a folder is needed" in done.stderr
    assert "Tournament leaderboard" not in done.stdout
    done = tournament(*PROBE, "--out", str(blocker / "inside"))
    assert done.returncode == 2 and "is a file, not a folder" in done.stderr
    assert time.monotonic() - started < 60


def test_a_killed_tournament_resumes_to_byte_identical_results(tmp_path):
    whole = tmp_path / "whole"
    assert tournament(*PROBE, "--out", str(whole)).returncode == 0
    total = len((whole / "journal.jsonl").read_text().splitlines()) - 1
    assert total == 12

    cut = tmp_path / "cut"
    process = subprocess.Popen([sys.executable, str(ROOT / "run_game.py"), "tournament", *PROBE,
                                "--out", str(cut)], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    journal = cut / "journal.jsonl"
    deadline = time.monotonic() + BOUND
    try:
        while time.monotonic() < deadline:
            if journal.exists() and len(journal.read_bytes().splitlines()) >= 4:
                break
            time.sleep(0.01)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    played = len(journal.read_bytes().splitlines()) - 1
    assert 3 <= played < total, "the kill came after the end: make the run longer"
    assert not (cut / "results.json").exists()

    refused = tournament(*PROBE, "--out", str(cut))
    assert refused.returncode == 2 and "--resume" in refused.stderr
    other = tournament(*PROBE[:-1], "6", "--out", str(cut), "--resume")
    assert other.returncode == 2 and "another run" in other.stderr

    resumed = tournament(*PROBE, "--out", str(cut), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming" in resumed.stdout
    assert (cut / "results.json").read_bytes() == (whole / "results.json").read_bytes()
    assert (cut / "leaderboard.csv").read_bytes() == (whole / "leaderboard.csv").read_bytes()
    # a finished run's folder can be used again without --resume
    assert tournament(*PROBE, "--out", str(whole)).returncode == 0


def test_a_journal_line_cut_by_a_kill_is_played_again(tmp_path):
    jobs = [{"index": k} for k in range(3)]
    journal = Journal(tmp_path, "work", 3, resume=False)
    journal.append({"index": 0, "value": 0})
    with open(journal.path, "a") as file:
        file.write('{"index": 1, "val')  # the kill came in the middle of this line
    again = Journal(tmp_path, "work", 3, resume=True)
    assert set(again.records) == {0}
    records = run_jobs(jobs, 1, worker=echo_worker, journal=again)
    assert [r["value"] for r in records] == [0, 10, 20]
    lines = [json.loads(line) for line in journal.path.read_text().splitlines()]
    assert [line.get("index") for line in lines] == [None, 0, 1, 2]
    with pytest.raises(JournalError) as error:
        Journal(tmp_path, "other work", 3, resume=True)
    assert error.value.key == "other_work"


# --- 6: numbers -----------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e300", "0", "-1", "two"])
def test_a_bad_time_limit_is_refused_naming_the_flag(capsys, value):
    try:
        code = main(["tournament", "--scenario", "tutorial", "--bot", "cooperator",
                     f"--time-limit={value}"])
    except SystemExit as exit_:  # argparse: not a number at all
        code = exit_.code
    assert code == 2
    err = capsys.readouterr().err
    assert "--time-limit" in err and "Traceback" not in err


def test_number_messages_follow_the_language(capsys):
    assert main(["tournament", "--scenario", "tutorial", "--bot", "cooperator",
                 "--time-limit", "nan", "--lang", "id"]) == 2
    assert "bilangan detik yang terhingga" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["balance", "tutorial", "--games", "0", "--lang", "id"])
    assert "tidak berada di antara 1 dan 100000" in capsys.readouterr().err


# --- 9: paths -------------------------------------------------------------------------------------
def run_in(folder: Path, *words: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "run_game.py"), *words], cwd=folder,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name, message", [
    ("", "empty path"), (".", "this is a folder"), ("/", "this is a folder"),
    ("x" * 300, "too long"), ("blocker/new.toml", "is a file, not a folder"),
])
def test_new_scenario_refuses_bad_paths_clearly(tmp_path, name, message):
    (tmp_path / "blocker").write_text("x")
    done = run_in(tmp_path, "new-scenario", name)
    assert done.returncode == 1 and message in done.stderr
    assert "Traceback" not in done.stderr


def test_a_name_with_spaces_gets_a_hint_that_works_in_a_shell(tmp_path):
    done = run_in(tmp_path, "new-scenario", "my scenario.toml")
    assert done.returncode == 0
    assert "'my-scenario'" in done.stdout and "spaces became dashes" in done.stdout
    assert 'validate "my scenario.toml"' in done.stdout
    again = run_in(tmp_path, "validate", "my scenario.toml")
    assert again.returncode == 0, again.stdout


@pytest.mark.parametrize("verb", [["validate"], ["simulate", "--scenario"]])
def test_too_long_and_empty_names_are_refused_without_a_traceback(tmp_path, verb):
    for name in ("y" * 300, "y" * 252, ""):
        done = run_in(tmp_path, *verb, name)
        assert done.returncode != 0
        assert "Traceback" not in done.stderr + done.stdout
        assert "too long" in done.stderr + done.stdout or "empty" in done.stderr + done.stdout


# --- 10: atomic writes, standard output, leftovers -------------------------------------------------
def test_atomic_writes_never_replace_a_special_file(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(StorageError) as error:
        atomic_write_text(pipe, "data")
    assert error.value.key == "special_file"
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    done = run_in(tmp_path, "simulate", "--scenario", "tutorial", "--turns", "1", "--json", "pipe")
    assert done.returncode == 2 and "--json" in done.stderr and "special file" in done.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_link_is_followed_not_replaced(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_dash_writes_to_standard_output(tmp_path):
    done = run_in(tmp_path, "simulate", "--scenario", "tutorial", "--turns", "1", "--json", "-")
    assert done.returncode == 0
    assert json.loads(done.stdout)["turns"]  # the JSON alone on standard output
    assert "tutorial" in done.stderr.lower() or done.stderr  # the summary went to stderr
    assert not (tmp_path / "-").exists()
    log = run_in(tmp_path, "simulate", "--scenario", "tutorial", "--turns", "1", "--log", "-")
    assert json.loads(log.stdout.splitlines()[0])["format"] == "diplomasi-log"


def test_leftover_temporary_files_of_dead_writers_are_removed(tmp_path):
    target = tmp_path / "out.json"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    leftover = tmp_path / f".out.json.{dead}.abcd1234.tmp"
    old = tmp_path / ".out.json.abcd1234.tmp"  # an older version's name, long forgotten
    mine = tmp_path / f".out.json.{os.getpid()}.zzzz.tmp"  # a write in progress
    other = tmp_path / f".other.json.{dead}.abcd.tmp"
    for path in (leftover, old, mine, other):
        path.write_text("half")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    atomic_write_text(target, "whole")
    assert target.read_text() == "whole"
    assert not leftover.exists() and not old.exists()
    assert mine.exists() and other.exists()
    assert remove_leftovers(tmp_path, ".other.json.") == [other]


# --- 11: the sandbox against a hostile bot -------------------------------------------------------
def test_a_load_time_out_names_the_load_limit(tmp_path):
    slow = tmp_path / "slow.py"
    slow.write_text("import time\ntime.sleep(30)\n\nclass Slow:\n    def act(self, o):\n        return []\n")
    bot = SandboxedBot(slow, "Slow", time_limit=2.0, load_time=0.5)
    try:
        with pytest.raises(BotFailure) as failure:
            bot.act({"turn": 1})
    finally:
        bot.close()
    assert failure.value.reason == "load_failed"
    assert "0.5 s of starting" in failure.value.detail and "2 s" not in failure.value.detail


class _DeepReplies(SandboxedBot):
    """A child that says it is ready, then answers with JSON nested 200,000 deep."""

    def command(self):
        script = ("import sys\nprint('{\"ready\": true}', flush=True)\nsys.stdin.readline()\n"
                  "print('[' * 200000 + ']' * 200000, flush=True)\nsys.stdin.readline()\n")
        return [sys.executable, "-c", script]


def test_deeply_nested_replies_are_junk_not_a_crash_of_the_decoder():
    bot = _DeepReplies("deep.py", "Deep", time_limit=10.0)
    try:
        with pytest.raises(BotFailure) as failure:
            bot.act({"turn": 1})
    finally:
        bot.close()
    assert failure.value.reason == "junk" and "brackets" in failure.value.detail


SPAMMER = textwrap.dedent("""
    class Spams:
        def act(self, observation):
            raise RuntimeError("spam " * 2000)
""")


def test_a_bot_failing_every_decision_cannot_swell_the_results(tmp_path):
    bot = tmp_path / "spammer.py"
    bot.write_text(SPAMMER)
    out = tmp_path / "out"
    done = tournament("--scenario", "tutorial", "--bot", "cooperator", "--bot",
                      f"{bot}:Spams", "--turns", "4", "--out", str(out))
    assert done.returncode == 0, done.stderr
    results = json.loads((out / "results.json").read_text())
    row = next(r for r in results["leaderboard"] if r["bot"] == "spammer.py:Spams")
    counted = sum(sum(g["forfeit_counts"].get("spammer.py:Spams", {}).values())
                  for g in results["games"])
    assert row["forfeits"] == counted > 20  # every forfeit counted...
    for game in results["games"]:
        kept = [f for f in game["forfeits"] if f["bot"] == "spammer.py:Spams"]
        assert len(kept) <= 3  # ...but only the first few kept in full, shortened
        assert all(len(f["detail"]) <= 300 for f in kept)
    assert (out / "results.json").stat().st_size < 200_000


# --- 12: the package carries its data --------------------------------------------------------------
def test_the_package_data_covers_every_shipped_file():
    """What pyproject.toml's package-data puts in a wheel includes every built-in scenario,
    asset and catalog (``.ci/run`` builds and installs the wheel and plays from it)."""
    from game.data import resource
    from game.i18n import CATALOG_DIRECTORY
    from game.scenario.loading import BUILT_IN_DIRECTORY, built_in_ids

    game = ROOT / "game"
    assert BUILT_IN_DIRECTORY.resolve().is_relative_to(game.resolve())
    assert CATALOG_DIRECTORY.resolve().is_relative_to(game.resolve())
    assert "tutorial" in built_in_ids()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = config["package-data"]
    shipped = set()
    for package, globs in patterns.items():
        folder = game.joinpath(*package.split(".")[1:])
        for pattern in globs:
            shipped.update(p.resolve() for p in folder.glob(pattern) if p.is_file())
    data = {p.resolve() for p in resource().rglob("*")
            if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts}
    catalogs = {p.resolve() for p in CATALOG_DIRECTORY.glob("*.json")}
    assert data and data <= shipped
    assert catalogs <= shipped
    for link in ("scenarios", "assets"):  # the paths the documentation gives still work
        assert (ROOT / link).resolve() == resource(link).resolve()
