"""The reliability run for files and saves: ``python benchmarks/reliability.py`` (see
docs/reliability.md for its last figures; ``--write-doc`` puts them there).

Three parts, each counted:

- **Mutated files**: scenario files, saves and game logs, each damaged at random (bytes
  flipped, cut or inserted, control characters, values of the wrong type or size, keys removed,
  deep nesting, lines dropped or swapped), then read as the game reads them. Every file must
  either load or be refused with a clear message (``ScenarioError`` or ``StorageError`` naming
  the file, its text printable); anything else is a traceback, and a read that takes longer
  than a time limit is a hang.
- **A soak** of seeded all-AI games over every built-in scenario (a few turns each; ``world``
  one), each written as a game log and replayed: the replay must reach the recorded hash, and
  no figure of the model may be NaN.
- **Kills during saves**: a child process saves in a loop and is killed with SIGKILL at a random
  moment; afterwards the save must load. A kill may leave the write's temporary file beside it;
  the next save to the same file (as the game makes) must remove it.
- **Kills during tournaments** (``--jobs 2``, in turn): the whole run killed with SIGKILL after
  a random number of finished games, then resumed with ``--resume``; one of its worker
  processes killed with SIGKILL; one of its workers stopped with SIGSTOP (it hangs without
  dying: the game's deadline, ``--game-time-limit``, must catch it). Each run must end within
  a time limit (else a hang) with ``results.json`` and ``leaderboard.csv`` byte-identical to
  an uninterrupted run's (else data lost).

The mutations are functions of a ``random.Random``, so ``tests/test_reliability_files.py`` drives
the same ones from hypothesis (a few hundred cases in the tests; the long run here).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.rules.storage import StorageError  # noqa: E402
from game.scenario.loading import ScenarioError  # noqa: E402

#: A read slower than this is a hang (the largest real file reads in well under a second).
HANG_SECONDS = 20

# --- mutations -------------------------------------------------------------------------------

#: Characters a hostile or careless file may hold.
NASTY = ["\x00", "\x1b[2J", "\u202e", "\n", "\r", "\t", "\x7f", "\u2028", "\ufeff",
         "é", "😀", "\\", '"', "'", "[", "]", "{", "}", "=", "#", ""]
#: Values of the wrong type or size.
ODD_VALUES: list[Any] = [None, True, False, -1, 0, 1, -5, 10**9, 2**63, -(2**63) - 1, 10**30,
                         1e308, -1e308, 0.5, "", " ", "x", "\x00", "nan", [], {}, [1, [2, [3]]],
                         {"en": 1}, {"en": "a", "id": "b"}, "a" * 5000]
TOML_ODD = ["nan", "inf", "-inf", "-1", "0", "1e308", "1e-320", "true", '"3"', '""', '"  "',
            "[]", "{}", '"\\u0000"', '"\\u001b[31m"', '"\\u202e"', "99999999999999999999",
            "[" * 60 + "]" * 60, '"' + "a" * 3000 + '"']


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """One damage at byte level: flip, delete, duplicate, insert or cut."""
    if not data:
        return bytes([rng.randrange(256)])
    kind = rng.randrange(6)
    at = rng.randrange(len(data))
    if kind == 0:
        return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]
    if kind == 1:
        return data[:at] + data[at + rng.randrange(1, 200):]
    if kind == 2:
        span = data[at:at + rng.randrange(1, 200)]
        return data[:at] + span * rng.randrange(2, 20) + data[at:]
    if kind == 3:
        piece = rng.choice(NASTY).encode("utf-8", "surrogatepass")
        return data[:at] + piece + data[at:]
    if kind == 4:
        return data[:at]
    return data[:at] + os.urandom(rng.randrange(1, 16)) + data[at:]


def mutate_toml(text: str, rng: random.Random) -> str:
    """One damage that keeps TOML's shape more often: a value replaced, a line dropped or
    duplicated, a string given nasty characters, a section removed."""
    lines = text.splitlines()
    kind = rng.randrange(6)
    values = [k for k, line in enumerate(lines) if re.match(r"\s*[A-Za-z_.]+\s*=", line)]
    if kind <= 1 and values:
        k = rng.choice(values)
        key = lines[k].split("=", 1)[0]
        lines[k] = f"{key}= {rng.choice(TOML_ODD)}"
    elif kind == 2 and lines:
        del lines[rng.randrange(len(lines))]
    elif kind == 3 and lines:
        k = rng.randrange(len(lines))
        lines.insert(k, lines[k])
    elif kind == 4:
        strings = [k for k, line in enumerate(lines) if '"' in line]
        if strings:
            k = rng.choice(strings)
            escape = rng.choice(["\\u0000", "\\u001b[2J", "\\u202e", "\\n", "   ", "\\u0007"])
            lines[k] = lines[k].replace('"', '"' + escape, 1) if rng.random() < 0.5 else \
                re.sub(r'"[^"]*"', lambda _: f'"{escape}"', lines[k], count=1)
    else:
        headers = [k for k, line in enumerate(lines) if line.startswith("[")]
        if headers:
            k = rng.choice(headers)
            end = next((j for j in range(k + 1, len(lines)) if lines[j].startswith("[")), len(lines))
            del lines[k:end]
    return "\n".join(lines) + "\n"


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place inside a JSON value (at most a few thousand, for speed)."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in list(value.items())[:200]:
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in list(enumerate(value))[:60]:
            found += _paths(item, (*prefix, index))
    return found


def mutate_json(document: Any, rng: random.Random) -> Any:
    """One structural damage of a JSON value (a copy): a value replaced by one of another type
    or size, a key removed, a list emptied, deep nesting."""
    document = json.loads(json.dumps(document))
    places = _paths(document)
    place = rng.choice(places[1:] or places)
    parent: Any = document
    for part in place[:-1]:
        parent = parent[part]
    if not place:
        return rng.choice(ODD_VALUES)
    last = place[-1]
    kind = rng.randrange(4)
    if kind == 0 and isinstance(parent, dict):
        del parent[last]
    elif kind == 1:  # nesting deeper than json.dumps can write: put in as text by dump_json
        parent[last] = f"__deep_{rng.choice([10, 100, 1000, 100000])}__"
    else:
        parent[last] = rng.choice(ODD_VALUES)
    return document


def dump_json(document: Any, rng: random.Random) -> bytes:
    """JSON text, sometimes with NaN or Infinity where a number was (what json allows)."""
    text = json.dumps(document, ensure_ascii=rng.random() < 0.5)
    text = re.sub(r'"__deep_(\d+)__"', lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), text)
    if rng.random() < 0.1:
        text = re.sub(r"(?<=: )-?\d+(\.\d+)?", rng.choice(["NaN", "Infinity", "-Infinity", "1e999"]),
                      text, count=1)
    return text.encode("utf-8", "surrogatepass")


def mutated(kind: str, base: bytes, rng: random.Random) -> bytes:
    """A damaged copy of ``base`` (a file of ``kind``: scenario, save or log): one to three
    damages, structural or byte-level."""
    data = base
    for _ in range(rng.randrange(1, 4)):
        choice = rng.random()
        if choice < 0.3:
            data = mutate_bytes(data, rng)
            continue
        text = data.decode("utf-8", "replace")
        if kind == "scenario":
            data = mutate_toml(text, rng).encode("utf-8", "surrogatepass")
        elif kind == "save":
            try:
                document = json.loads(text)
            except (ValueError, RecursionError):
                data = mutate_bytes(data, rng)
                continue
            data = dump_json(mutate_json(document, rng), rng)
        else:
            lines = text.splitlines()
            k = rng.randrange(len(lines)) if lines else 0
            action = rng.randrange(4)
            if action == 0 and lines:
                del lines[k]
            elif action == 1 and len(lines) > 1:
                j = rng.randrange(len(lines))
                lines[k], lines[j] = lines[j], lines[k]
            elif lines:
                try:
                    lines[k] = dump_json(mutate_json(json.loads(lines[k]), rng), rng).decode(
                        "utf-8", "surrogatepass")
                except (ValueError, RecursionError):
                    lines[k] = lines[k][: rng.randrange(len(lines[k]) + 1)]
            data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    return data


# --- reading a file as the game does ---------------------------------------------------------

@dataclass
class Outcome:
    """What reading one file gave: "loaded", "refused" (a clear message), "unclear" (refused
    with a message that does not name the file or holds unprintable characters), "traceback"
    or "hang"."""

    result: str
    detail: str = ""


def clear_message(message: str, path: Path) -> bool:
    """A message names the file and holds only printable characters (line breaks allowed)."""
    from game.scenario.schema import unprintable

    return str(path) in message and unprintable(message, line_breaks=True) is None


def read_as_the_game_does(kind: str, path: Path, scenario: Any = None) -> None:
    """Read ``path`` the way the game reads a file of ``kind`` (raises what the game sees)."""
    if kind == "scenario":
        from game.scenario.loading import load_scenario

        load_scenario(path)
    elif kind == "save":
        from game.session.extra import saved_summary
        from game.session.session import Session

        saved_summary(path)  # the menu's and the load screen's reading
        Session.load(path)
    else:
        from game.rules.storage import read_log, replay_log

        read_log(path)
        replay_log(path, scenario)


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Hang()


def try_file(kind: str, path: Path, scenario: Any = None, seconds: int = HANG_SECONDS) -> Outcome:
    """Read one file and classify what happened."""
    previous = signal.signal(signal.SIGALRM, _alarm) if hasattr(signal, "SIGALRM") else None
    if previous is not None:
        signal.alarm(seconds)
    try:
        read_as_the_game_does(kind, path, scenario)
        return Outcome("loaded")
    except (ScenarioError, StorageError) as error:
        messages = [str(error)]
        if isinstance(error, StorageError):
            messages.append(f"{error.path}: {error.text('id')}")
        else:
            messages.append(error.report("id"))
        if all(clear_message(m, path) for m in messages):
            return Outcome("refused", str(error).splitlines()[0][-160:])
        return Outcome("unclear", repr(str(error)[:300]))
    except _Hang:
        return Outcome("hang", "")
    except Exception:
        return Outcome("traceback", traceback.format_exc()[-2000:])
    finally:
        if previous is not None:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


@dataclass
class Bases:
    """The undamaged files the mutations start from."""

    scenarios: list[bytes]
    save: bytes
    log: bytes
    tutorial: Any


def bases(scenario_ids: tuple[str, ...] = ("tutorial", "archipelago", "indonesia-partners")) -> Bases:
    """A built-in scenario's text for each id, a save of a two-turn tutorial game with a
    session's extra fields, and its game log."""
    from game.agents.baseline import BaselinePolicy
    from game.rules.game import Game
    from game.rules.protocol import play_game
    from game.rules.storage import write_log
    from game.scenario.loading import load_scenario, resolve
    from game.session.session import Session

    texts = [resolve(i).read_bytes() for i in scenario_ids]
    tutorial = load_scenario(resolve("tutorial"))
    game = Game(tutorial, 3, 2)
    play_game(game, dict.fromkeys(game.country_ids, BaselinePolicy()))
    with tempfile.TemporaryDirectory() as folder:
        session = Session.new(tutorial, ["SAM"], "easy", seed=3, turns=2)
        session.teams = {"SAM": "Team A"}
        session.save(Path(folder) / "save.json")
        write_log(game, Path(folder) / "game.log")
        return Bases(texts, (Path(folder) / "save.json").read_bytes(),
                     (Path(folder) / "game.log").read_bytes(), tutorial)


@dataclass
class FileFigures:
    tried: Counter = field(default_factory=Counter)
    results: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)


def run_files(count: int, seed: int, folder: Path, progress: Callable[[str], None] = print) -> FileFigures:
    """``count`` mutated files, a third of each kind."""
    rng = random.Random(seed)
    base = bases()
    figures = FileFigures()
    kinds = ["scenario", "save", "log"]
    for number in range(count):
        kind = kinds[number % 3]
        original = rng.choice(base.scenarios) if kind == "scenario" else (
            base.save if kind == "save" else base.log)
        data = mutated(kind, original, rng)
        path = folder / f"{number:05d}.{ {'scenario': 'toml', 'save': 'json', 'log': 'log'}[kind]}"
        path.write_bytes(data)
        outcome = try_file(kind, path, base.tutorial)
        figures.tried[kind] += 1
        figures.results[outcome.result] += 1
        if outcome.result not in ("loaded", "refused"):
            figures.examples.setdefault(outcome.result, []).append(f"{path.name}: {outcome.detail}")
        else:
            path.unlink()
        if (number + 1) % 250 == 0:
            progress(f"  files: {number + 1}/{count} {dict(figures.results)}")
    return figures


# --- the soak ----------------------------------------------------------------------------------

@dataclass
class SoakFigures:
    games: int = 0
    replays_matched: int = 0
    nan_games: int = 0
    failures: list[str] = field(default_factory=list)


def run_soak(seeds: int, turns: int, folder: Path, progress: Callable[[str], None] = print) -> SoakFigures:
    """Seeded all-AI games over every built-in scenario (``world``: one turn), each written as
    a log and replayed."""
    import numpy as np

    from game.agents.ai import AINegotiator
    from game.rules.game import Game
    from game.rules.protocol import play_game
    from game.rules.storage import replay_log, write_log
    from game.scenario.loading import built_in_ids, load_scenario, resolve

    figures = SoakFigures()
    difficulties = ("easy", "normal", "hard")
    for identifier in built_in_ids():
        loaded = load_scenario(resolve(identifier))
        for seed in range(1, seeds + 1):
            length = 1 if identifier == "world" else turns
            name = f"{identifier} seed {seed}"
            try:
                game = Game(loaded, seed, length)
                ai = AINegotiator(difficulties[seed % 3])
                play_game(game, dict.fromkeys(game.country_ids, ai))
                figures.games += 1
                if any(not np.all(np.isfinite(np.asarray(a, dtype=float)))
                       for a in game.state.arrays().values()):
                    figures.nan_games += 1
                    figures.failures.append(f"{name}: NaN in the model")
                log = folder / f"{identifier}-{seed}.log"
                write_log(game, log)
                if replay_log(log, loaded).state_hash() == game.state_hash():
                    figures.replays_matched += 1
                else:
                    figures.failures.append(f"{name}: replay differs")
                log.unlink()
            except Exception:
                figures.failures.append(f"{name}: {traceback.format_exc()[-600:]}")
        progress(f"  soak: {identifier} done ({figures.games} games)")
    return figures


# --- kills during saves ------------------------------------------------------------------------

SAVER = """
import sys
sys.path.insert(0, {root!r})
from game.rules.game import Game
from game.rules.storage import save_game
from game.scenario.loading import load_scenario, resolve
loaded = load_scenario(resolve("archipelago"))
games = [Game(loaded, seed, 3) for seed in (1, 2)]
print("ready", flush=True)
k = 0
while True:
    save_game(games[k % 2], {path!r}, {{"turn": k}})
    k += 1
"""


@dataclass
class KillFigures:
    kills: int = 0
    survived: int = 0
    data_lost: int = 0
    temporary_left: int = 0
    temporary_after_next_save: int = 0
    failures: list[str] = field(default_factory=list)


def run_kills(count: int, seed: int, folder: Path, progress: Callable[[str], None] = print) -> KillFigures:
    """SIGKILL a process that saves in a loop, ``count`` times; afterwards the save must load,
    and once it is saved again no temporary file of the killed write may be left."""
    from game.rules.storage import load_game, save_game

    rng = random.Random(seed)
    figures = KillFigures()
    for number in range(count):
        target = folder / f"kill-{number}" / "save.json"
        target.parent.mkdir(parents=True)
        script = SAVER.format(root=str(ROOT), path=str(target))
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL)
        assert child.stdout is not None
        child.stdout.readline()  # "ready": the scenario is loaded, saving starts now
        deadline = time.monotonic() + 5
        while not target.exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
        figures.kills += 1
        left = [p.name for p in target.parent.iterdir() if p.name != target.name]
        figures.temporary_left += bool(left)
        try:
            game, extra = load_game(target)
            figures.survived += 1
        except Exception as error:  # a save that cannot be read after a kill: data lost
            figures.data_lost += 1
            figures.failures.append(f"kill {number}: {error}")
            continue
        save_game(game, target, extra)  # the next save cleans up after the killed one
        left = [p.name for p in target.parent.iterdir() if p.name != target.name]
        figures.temporary_after_next_save += bool(left)
        if (number + 1) % 10 == 0:
            progress(f"  kills: {number + 1}/{count}")
    return figures


# --- kills during tournaments -----------------------------------------------------------------

#: The probe tournament killed below: 8 games of 3 turns, two workers, a fixed secret.
TOURNAMENT = ["--scenario", "tutorial", "--bot", "cooperator", "--bot", "opportunist", "--bot",
              "reciprocator", "--games", "2", "--turns", "3", "--seed", "5", "--secret",
              "reliability", "--jobs", "2"]
#: The probe's game deadline: far above a game's second or two, so a stopped worker is caught.
TOURNAMENT_GAME_TIME_LIMIT = 20
#: A tournament run (or a resumed one) slower than this is a hang.
TOURNAMENT_HANG_SECONDS = 300
KILL_KINDS = ("run", "worker", "stop")


@dataclass
class TournamentFigures:
    kills: Counter = field(default_factory=Counter)  # by kind
    survived: int = 0
    hangs: int = 0
    data_lost: int = 0
    failures: list[str] = field(default_factory=list)


def _tournament(out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "run_game.py"), "tournament", *TOURNAMENT,
         "--game-time-limit", str(TOURNAMENT_GAME_TIME_LIMIT), "--out", str(out), *extra],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _finish(process: subprocess.Popen) -> tuple[int | None, str]:
    """The exit status and standard error of a run, or (None, ...) after killing a hung one."""
    try:
        _, error = process.communicate(timeout=TOURNAMENT_HANG_SECONDS)
        return process.returncode, error.decode(errors="replace")
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return None, "hung"


def _workers(pid: int) -> list[int]:
    """The worker processes of the run ``pid`` (its children started by multiprocessing)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if parent == pid and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


def _games_done(journal: Path) -> int:
    try:
        return max(0, len(journal.read_bytes().splitlines()) - 1)
    except OSError:
        return 0


def run_tournament_kills(count: int, seed: int, folder: Path,
                         progress: Callable[[str], None] = print) -> TournamentFigures:
    """``count`` kills of a probe tournament, of each kind in turn (``KILL_KINDS``); every run
    must end with the uninterrupted run's files."""
    rng = random.Random(seed)
    figures = TournamentFigures()
    whole = folder / "tournament-whole"
    status, error = _finish(_tournament(whole))
    if status != 0:
        figures.failures.append(f"the uninterrupted tournament failed: {error[-500:]}")
        return figures
    expected = {name: (whole / name).read_bytes() for name in ("results.json", "leaderboard.csv")}
    total = _games_done(whole / "journal.jsonl")
    for number in range(count):
        kind = KILL_KINDS[number % len(KILL_KINDS)]
        out = folder / f"tournament-{number}"
        journal = out / "journal.jsonl"
        target = rng.randint(1, total - 1)  # finished games before the kill
        process = _tournament(out)
        deadline = time.monotonic() + TOURNAMENT_HANG_SECONDS
        while _games_done(journal) < target and process.poll() is None and (
                time.monotonic() < deadline):
            time.sleep(0.01)
        if kind == "run":
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            status, error = _finish(_tournament(out, "--resume"))
        else:
            workers = _workers(process.pid)
            if workers:
                os.kill(rng.choice(workers), signal.SIGKILL if kind == "worker" else signal.SIGSTOP)
            status, error = _finish(process)
            if not workers:  # the run had ended: nothing was killed
                figures.failures.append(f"tournament kill {number} ({kind}): no worker found")
                continue
        figures.kills[kind] += 1
        if status is None:
            figures.hangs += 1
            figures.failures.append(f"tournament kill {number} ({kind}): hung")
            continue
        got = {name: (out / name).read_bytes() if (out / name).exists() else b""
               for name in expected}
        if status == 0 and got == expected:
            figures.survived += 1
        else:
            figures.data_lost += 1
            figures.failures.append(f"tournament kill {number} ({kind}): exit {status}, "
                                    f"files {'same' if got == expected else 'different'}: "
                                    f"{error[-300:]}")
        if (number + 1) % 3 == 0:
            progress(f"  tournament kills: {number + 1}/{count}")
    return figures


# --- the report --------------------------------------------------------------------------------

def figures_table(files: FileFigures, soak: SoakFigures, kills: KillFigures,
                  tournaments: TournamentFigures, seconds: float) -> str:
    """The markdown table docs/reliability.md shows."""
    tried = sum(files.tried.values())
    rows = [
        ("files tried (scenarios / saves / logs)",
         f"{tried} ({files.tried['scenario']} / {files.tried['save']} / {files.tried['log']})"),
        ("loaded (the damage left a valid file)", files.results["loaded"]),
        ("clear refusals (the file named, printable, in English and Indonesian)",
         files.results["refused"]),
        ("unclear refusals", files.results["unclear"]),
        ("tracebacks", files.results["traceback"]),
        (f"hangs (over {HANG_SECONDS} s)", files.results["hang"]),
        ("games soaked (all-AI, every built-in scenario)", soak.games),
        ("replays matched", soak.replays_matched),
        ("games with NaN", soak.nan_games),
        ("kills during saves", kills.kills),
        ("kills survived (the save loads)", kills.survived),
        ("kills that left a temporary file (right after the kill)", kills.temporary_left),
        ("temporary files left once the file is saved again (the cleanup)",
         kills.temporary_after_next_save),
        ("kills during tournaments (the whole run, then --resume / a worker killed / a worker "
         "stopped)", f"{sum(tournaments.kills.values())} ({tournaments.kills['run']} / "
         f"{tournaments.kills['worker']} / {tournaments.kills['stop']})"),
        ("kills survived (the run ends, its files byte-identical to an uninterrupted run's)",
         tournaments.survived),
        (f"tournament hangs (over {TOURNAMENT_HANG_SECONDS} s)", tournaments.hangs),
        ("data lost (saves / tournaments)",
         f"{kills.data_lost + tournaments.data_lost} ({kills.data_lost} / "
         f"{tournaments.data_lost})"),
        ("wall time", f"{seconds:.0f} s"),
    ]
    return "\n".join(["| measure | figure |", "|---|---|",
                      *(f"| {name} | {value} |" for name, value in rows)])


BEGIN = "<!-- reliability-files: begin (written by benchmarks/reliability.py --write-doc) -->"
END = "<!-- reliability-files: end -->"


def write_doc(table: str, command: str, document: Path) -> None:
    """Put the table between this script's markers in docs/reliability.md (the rest of the
    file, other engineers' sections, stays as it is)."""
    block = f"{BEGIN}\nLast run: `{command}` ({time.strftime('%Y-%m-%d')}).\n\n{table}\n{END}"
    text = document.read_text(encoding="utf-8") if document.exists() else ""
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + ("\n\n" if text else "") + block + "\n"
    document.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2100, help="mutated files (default 2100)")
    parser.add_argument("--seeds", type=int, default=6, help="soak games per scenario")
    parser.add_argument("--turns", type=int, default=3, help="turns of a soak game (world: 1)")
    parser.add_argument("--kills", type=int, default=50, help="kills during saves")
    parser.add_argument("--tournament-kills", type=int, default=12,
                        help="kills during tournaments (default 12: 4 of each kind)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write-doc", action="store_true", help="write the figures in docs/reliability.md")
    parser.add_argument("--keep", default=None, help="a folder to keep failing files in")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep) if args.keep else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"mutated files: {args.files}")
        files = run_files(args.files, args.seed, folder)
        print(f"soak: {args.seeds} seeds a scenario, {args.turns} turns")
        soak = run_soak(args.seeds, args.turns, Path(scratch))
        print(f"kills during saves: {args.kills}")
        kills = run_kills(args.kills, args.seed, Path(scratch))
        print(f"kills during tournaments: {args.tournament_kills}")
        tournaments = run_tournament_kills(args.tournament_kills, args.seed, Path(scratch))
    table = figures_table(files, soak, kills, tournaments, time.monotonic() - started)
    print(table)
    for result, examples in files.examples.items():
        print(f"\n{result}: {len(examples)}")
        for example in examples[:5]:
            print("  " + example.replace("\n", "\n  "))
    for failure in soak.failures[:10] + kills.failures[:10] + tournaments.failures[:10]:
        print(failure)
    if args.write_doc:
        command = "python benchmarks/reliability.py " + " ".join(
            f"--{k.replace('_', '-')} {v}" for k, v in
            (("files", args.files), ("seeds", args.seeds), ("turns", args.turns),
             ("kills", args.kills), ("tournament-kills", args.tournament_kills),
             ("seed", args.seed)))
        write_doc(table, command, ROOT / "docs" / "reliability.md")
    bad = (files.results["traceback"] + files.results["hang"] + files.results["unclear"]
           + soak.nan_games + len(soak.failures) + kills.data_lost
           + kills.temporary_after_next_save + tournaments.hangs
           + tournaments.data_lost + (not tournaments.kills))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

