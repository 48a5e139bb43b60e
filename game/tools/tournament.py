"""Play bots against each other and rank them, duplicate-bridge style: for every seed, every
rotation of the bots over the countries (seats), so that every bot plays every seat equally
often with the same seeds and nobody wins by drawing a good country. Prints a leaderboard (mean
score with its 95% interval, wins, agreements made and broken, trust held, forfeits, how much
each bot was exploited) and what the whole table achieved together (Nash social welfare).
With --out DIR writes DIR/leaderboard.csv, DIR/results.json and DIR/scores.png, and keeps
DIR/journal.jsonl with every game as it finishes: --resume continues a killed run from it, with
the same results as a run that was never stopped. The results are the same for a given seed
whatever --jobs is; a game whose worker process dies is played again once, then reported as
failed with the reason (see ``game.tools.runs``); so is a game still unfinished at its deadline
(--game-time-limit, by default worked out from the turns, the bots from files and --time-limit):
its worker is taken for hung and stopped, so that the run always ends.

Fairness and safety: the random events of a tournament's games are drawn from the game's seed
combined with a secret of the run (random, unless given back with --secret), so that no bot can
foresee them; the secret is in the journal's header (a resumed run uses it) and, after the run,
in results.json. Bots from files play in a sandbox each (``game.agents.bots.isolation``) when
the system can make one; --sandbox says what happens when it cannot: best-effort (the default)
plays without it and says which protections are missing, strict refuses to play, off never
makes one."""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
import secrets
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from game.analysis.common import geometric_mean, scenario_from_text
from game.i18n import translate
from game.rules.ending import SPREAD
from game.tools.common import decimal_number, load_or_report, output_folder, whole_number
from game.tools.hidden_end import add_hidden_end_argument, with_hidden_end
from game.tools.leaderboard import (
    leaderboard,
    leaderboard_csv,
    print_leaderboard,
    results_document,
    scores_chart,
    table_summary,
)
from game.tools.runs import Journal, JournalError, is_failed, journal_header, run_jobs, work_fingerprint

#: The bot that plays every seat of the reference games ("vs cooperators").
REFERENCE_BOT = "cooperator"
#: Forfeits kept in full per bot, game and reason (the rest are counted in forfeit_counts), and
#: the length of a kept detail: a bot failing every decision with long messages cannot swell
#: results.json.
FORFEITS_KEPT = 3
#: The longest --time-limit, in seconds.
MAXIMUM_TIME_LIMIT = 600
FORFEIT_DETAIL_CHARACTERS = 300
#: Seconds any game may take in a worker process before it is taken for hung, whatever its
#: bots: a base and a time per turn (the hard AI on world, 210 countries, measured 4 s of CPU a
#: turn, 40 s of wall time on a busy 2-core machine); and the longest --game-time-limit (a week).
GAME_TIME_BASE = 300.0
GAME_TIME_PER_TURN = 60.0
MAXIMUM_GAME_TIME_LIMIT = 7 * 24 * 3600.0
#: What --sandbox accepts: strict refuses to play without the sandbox, best-effort plays
#: without it and says what is missing, off never makes one.
SANDBOX_MODES = ("strict", "best-effort", "off")
#: A --secret: letters, digits, - and _ (so that it can be typed back on any shell).
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,128}")



def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", action="append", required=True, metavar="ID_OR_PATH",
                        help="a built-in scenario id or a file (repeat for several)")
    parser.add_argument("--bot", action="append", required=True, metavar="SPEC",
                        help="cooperator, reciprocator, opportunist, random, ai, ai:easy, ai:normal, "
                             "ai:hard or path/to/file.py:ClassName (repeat for each bot)")
    parser.add_argument("--games", type=whole_number(1, 100_000), default=1,
                        help="games per seat rotation: the number of seeds (default 1)")
    parser.add_argument("--seed", type=whole_number(0, 2**62), default=1,
                        help="first seed; games use seeds S, S+1, ... (default 1)")
    parser.add_argument("--jobs", type=whole_number(1, 256), default=1,
                        help="games played at once in separate processes (default 1)")
    parser.add_argument("--turns", type=whole_number(1, 100), default=None,
                        help="turns per game (default: each scenario's)")
    add_cluster_argument(parser)
    add_hidden_end_argument(parser)
    parser.add_argument("--out", metavar="DIR", default=None, type=output_folder,
                        help="write leaderboard.csv, results.json and scores.png to DIR, and "
                             "every game to DIR/journal.jsonl as it finishes")
    parser.add_argument("--resume", action="store_true",
                        help="continue the killed run whose journal is in --out DIR (the same "
                             "command otherwise): its games are not played again")
    parser.add_argument("--time-limit", type=float, default=2.0, metavar="SECONDS",
                        help="time per decision for bots from files, above 0 and at most 600 "
                             "(default 2)")
    parser.add_argument("--game-time-limit", type=decimal_number(1, MAXIMUM_GAME_TIME_LIMIT),
                        default=None, metavar="SECONDS",
                        help="with --jobs 2 or more, the time a game may take before its worker "
                             "process is taken for hung and stopped (the game is played again "
                             "once, then reported as failed); default: 300 s and 60 s a turn, "
                             "plus, for each seat of a bot from a file, its loads and "
                             "--time-limit for every decision it can be asked for")
    parser.add_argument("--memory", type=whole_number(64, 65536), default=512, metavar="MB",
                        help="memory limit of a bot from a file (default 512)")
    parser.add_argument("--sandbox", choices=SANDBOX_MODES, default="best-effort",
                        help="bots from files each play in a sandbox (Linux with bubblewrap): "
                             "best-effort plays without it where it cannot be made and says what "
                             "is missing, strict refuses to play then, off never makes one "
                             "(default best-effort)")
    parser.add_argument("--process-per-seat", action="store_true",
                        help="each seat of a bot from a file in a process (and sandbox) of its "
                             "own, as before issue 17, instead of one process for all the seats "
                             "the bot plays in a game: its seats then cannot pass anything to "
                             "each other; slower")
    parser.add_argument("--secret", type=secret_text, default=None,
                        help="the run's secret, combined with each game's seed to draw its "
                             "random events (default: a new random one, written to results.json "
                             "after the run: give it back to play the same games again)")
    parser.add_argument("--in-process", action="store_true",
                        help="run bots from files inside this process, without limits, so that "
                             "their prints and tracebacks show: for debugging your own bot only")
    parser.add_argument("--lang", choices=["en", "id"], default="en",
                        help="language of the printed leaderboard")


# --- the work list -----------------------------------------------------------------------------
def rotations(seats: int, bots: int) -> list[tuple[int, ...]]:
    """For each rotation r, the bot index at each seat: seat i gets bot (i + r) mod bots.

    Over the ``bots`` rotations every bot sits at every seat exactly once, whether there are
    more seats than bots (a bot then plays several seats of a game) or fewer."""
    return [tuple((i + r) % bots for i in range(seats)) for r in range(bots)]


#: A balanced block of seat orders for 6 bots: the 20 cyclic orders of the orbit of
#: (0, 1, 2, 4, 3, 5) under PSL(2, 5), the group of the maps x -> (ax + b)/(cx + d) of
#: {0, 1, 2, 3, 4, oo = 5}, which carries every ordered pair of bots onto every ordered pair
#: equally often. Rotated (``rotations``), every order puts each bot once at every seat, and
#: over the 20 each ordered pair of bots stands 1, 2, 3, 4 and 5 places apart exactly 4 times.
#: No 5 or 10 orders do it (searched exhaustively); the first 10 below are the most nearly
#: balanced half (a tournament of 10 games a rotation plays them).
SIX_BOT_ORDERS: tuple[tuple[int, ...], ...] = (
    (0, 1, 2, 4, 3, 5), (0, 1, 3, 2, 5, 4), (0, 1, 4, 2, 5, 3), (0, 2, 1, 5, 3, 4),
    (0, 2, 3, 1, 4, 5), (0, 3, 1, 5, 2, 4), (0, 3, 5, 4, 1, 2), (0, 4, 5, 1, 2, 3),
    (0, 5, 1, 3, 4, 2), (0, 5, 2, 3, 4, 1), (0, 1, 5, 4, 3, 2), (0, 2, 4, 5, 3, 1),
    (0, 2, 5, 1, 4, 3), (0, 3, 2, 4, 1, 5), (0, 3, 4, 5, 2, 1), (0, 4, 1, 3, 5, 2),
    (0, 4, 2, 3, 5, 1), (0, 4, 3, 1, 2, 5), (0, 5, 3, 2, 1, 4), (0, 5, 4, 2, 1, 3),
)


def seating_block(bots: int) -> list[tuple[int, ...]]:
    """The orders of one balanced block of seeds: rotated, each bot plays each seat once a
    seed, and over the block each ordered pair of bots stands at each distance (1 .. bots - 1
    places on, in the scenario's country order, cyclically) equally often.

    A prime number of bots: the orders i -> a * i mod bots (a = 1 .. bots - 1); 6 bots:
    ``SIX_BOT_ORDERS``; 4: the 6 cyclic orders; otherwise (8 bots or more, not prime) an order
    and its mirror, which balances before/after but not the distance."""
    if bots < 2:
        return [tuple(range(bots))]
    if all(bots % d for d in range(2, int(bots ** 0.5) + 1)):
        return [tuple(a * i % bots for i in range(bots)) for a in range(1, bots)]
    if bots == 6:
        return list(SIX_BOT_ORDERS)
    if bots == 4:
        return [(0, *rest) for rest in itertools.permutations(range(1, 4))]
    return [tuple(range(bots)), (0, *range(bots - 1, 0, -1))]


def seat_order(game_seed: int, bots: int, first_seed: int | None = None) -> list[int]:
    """The order of the bots in the rotations of one seed: the seeds of a run, counted from
    ``first_seed`` (None: ``game_seed``), go in blocks of ``seating_block``; a block's bots are
    relabelled by a shuffle drawn from its first seed.

    Why: a rotation moves every bot one seat on, so in one seed each bot keeps the same bots at
    the same distance from it in the country order, and the country order matters (bots are
    asked in that order each diplomacy round; each pair of countries has its own trade and
    investment). Measured on indonesia-partners (issue 13): a cooperator in the reciprocator's
    seats scored 2.4 to 13 points below the cooperator in its own seats with the order shuffled
    by the seed, and 3.1 (2 turns) with the order and its mirror (docs/balance/history.md,
    sections 8 and "seating"). Relabelling keeps the block balanced; the order of a seed
    depends only on the seeds, never on ``--jobs``, ``--cluster`` or a resume."""
    start = game_seed if first_seed is None else first_seed
    block = seating_block(bots)
    position = game_seed - start
    block_seed = game_seed - position % len(block)
    labels = list(range(bots))
    random.Random(f"diplomasi seat order|{block_seed}").shuffle(labels)
    return [labels[b] for b in block[position % len(block)]]


def secret_text(text: str) -> str:
    """An argparse type for --secret (argparse names the flag)."""
    if not SECRET_PATTERN.fullmatch(text):
        raise argparse.ArgumentTypeError(translate("tournament.bad_secret", "en", text=repr(text)))
    return text


def work_list(scenarios: list[Any], entrants: list[tuple[str, str]], games: int, seed: int,
              turns: int | None, time_limit: float = 2.0, memory_mb: int = 512,
              reference: bool = True, in_process: bool = False, secret: str | None = None,
              sandbox: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every game of the tournament as a plain job, in a fixed order (index = position).

    ``entrants`` are (name, spec) pairs. With ``reference``, one more game per scenario and
    seed has the cooperator at every seat (for ``vs_cooperators``). ``secret``: the run's
    secret, combined with each seed for the random events (None: the seed alone, as outside
    tournaments). ``sandbox``: ``{"isolated": bool, "hidden": [paths]}`` for bots from files
    (None: no sandbox)."""
    jobs: list[dict[str, Any]] = []
    for loaded in scenarios:
        seats = len(loaded.scenario.countries)
        for game_seed in range(seed, seed + games):
            order = seat_order(game_seed, len(entrants), seed)
            plans = [(r, [entrants[order[b]] for b in assignment])
                     for r, assignment in enumerate(rotations(seats, len(entrants)))]
            if reference:
                plans.append((-1, [(REFERENCE_BOT, REFERENCE_BOT)] * seats))
            for rotation, seated in plans:
                jobs.append({
                    "index": len(jobs), "source": loaded.source, "text": loaded.text,
                    "scenario": loaded.scenario.scenario.id, "seed": game_seed, "turns": turns,
                    "rotation": rotation, "reference": rotation < 0,
                    "names": [name for name, _ in seated], "specs": [spec for _, spec in seated],
                    "time_limit": time_limit, "memory_mb": memory_mb, "in_process": in_process,
                    "secret": secret, "sandbox": sandbox,
                })
    return jobs


def game_time_floor(turns: int) -> float:
    """The deadline of a game of ``turns`` turns without bots from files (seconds)."""
    return GAME_TIME_BASE + GAME_TIME_PER_TURN * turns


def game_time_limit(scenarios: list[Any], jobs: list[dict[str, Any]], file_specs: set[str],
                    time_limit: float) -> float:
    """The default deadline of a tournament's games (seconds), the longest any of them needs:
    ``game_time_floor`` of its turns plus every seat of a bot from a file using all of
    ``time_limit`` on every decision it can be asked for (each scheduled round, each answer
    pass of the answers-only round and compliance, every turn) and the loads of its seats. A
    bot's seats share one process (issue 17): each of its S seats may lose it RESTARTS + 1
    times, and after each loss every seat loads again, so S seats load at most S² × (RESTARTS +
    1) times (twice for one seat, as when each seat has a process of its own: ``per_seat``)."""
    from game.agents.bots.sandbox import LOAD_TIME, RESTARTS
    from game.rules.protocol import ANSWER_PASSES_PER_ROUND

    infos = {loaded.scenario.scenario.id: loaded.scenario.scenario for loaded in scenarios}
    longest = 0.0
    for job in jobs:
        info = infos[job["scenario"]]
        bots = Counter(spec for spec in job["specs"] if spec in file_specs)
        seats = sum(bots.values())
        shared = not (job.get("sandbox") or {}).get("per_seat", False)
        loads = sum((count if shared else 1) * count * (RESTARTS + 1) for count in bots.values())
        turns = (job["turns"] or info.turns) + (SPREAD if job.get("hidden_end") else 0)
        decisions = turns * (
            info.diplomacy_rounds + ANSWER_PASSES_PER_ROUND * info.negotiation_rounds + 3)
        longest = max(longest, game_time_floor(turns) + loads * LOAD_TIME
                      + seats * decisions * time_limit)
    return longest


# --- one game (runs in a worker process) -------------------------------------------------------
def play_job(job: dict[str, Any]) -> dict[str, Any]:
    """Play one game of the work list and return its record (plain JSON data)."""
    from game.agents.bots.controller import BotController
    from game.agents.bots.registry import AI_NAMES, resolve
    from game.agents.observation_values import will_ask
    from game.rules.protocol import play_game
    from game.tools.allocator import keep_freed_memory

    keep_freed_memory()  # no page faults from the heap trimmed and grown at every move
    sandbox = job.get("sandbox") or {}
    if not job.get("in_process", False):
        from game.agents.bots.sandbox import keep_processes
        # a bot's process serves all its seats and the next game too (reset between games)
        keep_processes(share_seats=not sandbox.get("per_seat", False))
    game = job_game(job)
    controllers: dict[str, Any] = {}
    ai: dict[str, Any] = {}  # the AI seats of one level share one AI, as in a class's session
    refused: dict[str, int] = {}
    seats = dict(zip(game.country_ids, job["names"], strict=True))

    def count_refused(country: str, action: Any, refusal: Any) -> None:
        refused[seats[country]] = refused.get(seats[country], 0) + 1

    try:
        for country, spec in zip(game.country_ids, job["specs"], strict=True):
            if spec in AI_NAMES:
                if spec not in ai:
                    ai[spec] = resolve(spec).make()
                controllers[country] = ai[spec]
            else:
                controllers[country] = resolve(
                    spec, job["time_limit"], job["memory_mb"], job.get("in_process", False),
                    isolated=bool(sandbox.get("isolated")), hidden=sandbox.get("hidden", ()),
                ).make()
        # The bots' observations are projected for all of their seats at once (issue 17).
        will_ask(game, [c for c, controller in controllers.items()
                        if isinstance(controller, BotController)])
        play_game(game, controllers, on_refused=count_refused)
    finally:
        for controller in {id(c): c for c in controllers.values()}.values():
            close = getattr(controller, "close", None)
            if callable(close):
                close()
    record = game_record(game, job, controllers)
    record["refused"] = refused
    return record


def job_game(job: dict[str, Any]) -> Any:
    """The game of a job, before its first move: its scenario, seed and length, and its events
    drawn with the run's secret."""
    from game.rules.game import Game

    return Game(scenario_from_text(job["source"], job["text"]), job["seed"], job["turns"],
                secret=job.get("secret"), hidden_end=job.get("hidden_end"))


def game_record(game: Any, job: dict[str, Any], controllers: dict[str, Any]) -> dict[str, Any]:
    """What the leaderboard and results.json need from one finished game."""
    from game.rules.records import records
    from game.session.views import nash_social_welfare

    ids = game.country_ids
    seats = dict(zip(ids, job["names"], strict=True))
    final = records(game).table(-1)
    scores = {c: final[c]["score"] for c in ids}
    best = max(scores.values())
    opening = {spec.id for spec in game.scenario.agreements}
    made = [a for a in game.agreements if a.id not in opening]
    welfare = [final[c]["welfare_index"] for c in ids]
    forfeits = []
    counts: dict[str, dict[str, int]] = {}
    for country in ids:
        for forfeit in getattr(controllers.get(country), "forfeits", []):
            bot = seats[country]
            by_reason = counts.setdefault(bot, {})
            by_reason[forfeit.reason] = by_reason.get(forfeit.reason, 0) + 1
            if by_reason[forfeit.reason] <= FORFEITS_KEPT:
                kept = forfeit.to_dict()
                kept["detail"] = str(kept["detail"])[:FORFEIT_DETAIL_CHARACTERS]
                forfeits.append({"bot": bot, **kept})
    breaches = sorted(
        [turn, a.id, k, country] for a in game.agreements for turn, k, country in a.broken
    )
    return {
        "index": job["index"],
        "scenario": job["scenario"],
        "seed": job["seed"],
        "rotation": job["rotation"],
        "reference": job["reference"],
        "turns": game.end_turn,  # the turn it ended after (hidden end: the one drawn)
        "seats": seats,
        "scores": scores,
        "winners": [c for c in ids if scores[c] == best],
        "welfare_index": {c: final[c]["welfare_index"] for c in ids},
        "nash_social_welfare": geometric_mean(welfare),
        # As an index (1.02 = 2% above what the same countries reach with no new agreements).
        "nash_social_welfare_above": 1.0 + nash_social_welfare(game)["above"],
        "trust_held": records(game).series("trust_held"),
        "agreements": [
            {"id": a.id, "turn": a.start_turn, "parties": list(a.parties),
             "type": game.agreement_type(a.parties).value,
             "clauses": [clause.kind.value for clause in a.clauses]}
            for a in made
        ],
        "agreements_made": {c: sum(c in a.parties for a in made) for c in ids},
        "clauses_broken": {c: sum(b[3] == c for b in breaches) for c in ids},
        "breaches": breaches,
        "exploited": one_sided_breaches(game),
        "forfeits": forfeits,
        "forfeit_counts": counts,
        "state_hash": game.state_hash(),
    }


def one_sided_breaches(game: Any) -> dict[str, int]:
    """Per country: breaches it suffered while keeping its own side (see DEFINITIONS)."""
    suffered = dict.fromkeys(game.country_ids, 0)
    for agreement in game.agreements:
        by_turn: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for turn, k, country in agreement.broken:
            by_turn[turn].append((k, country))
        for breaches in by_turn.values():
            breakers = {country for _, country in breaches}
            for party in agreement.parties:
                owes = any(party in clause.obligated(agreement.parties) for clause in agreement.clauses)
                if not owes or party in breakers:
                    continue
                for k, country in breaches:
                    clause = agreement.clauses[k]
                    benefits = clause.receiver == party if clause.directed else country != party
                    suffered[party] += bool(benefits)
    return suffered
























# --- the verb ----------------------------------------------------------------------------------
def entrants_of(specs: list[str], time_limit: float, memory_mb: int) -> list[dict[str, Any]]:
    """Each --bot as {name, spec, kind}; a name given twice gets #2, #3 (BotSpecError if a spec
    names no bot)."""
    from game.agents.bots.registry import resolve

    entrants = []
    seen: dict[str, int] = defaultdict(int)
    for spec in specs:
        seat = resolve(spec, time_limit, memory_mb)
        seen[seat.name] += 1
        name = seat.name if seen[seat.name] == 1 else f"{seat.name}#{seen[seat.name]}"
        entrants.append({"name": name, "spec": spec, "kind": seat.kind})
    return entrants


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from game.agents.bots.registry import BotSpecError
    from game.rules.storage import StorageError, atomic_write_text

    def t(key: str, **values: object) -> str:
        return translate(key, args.lang, **values)

    if not (math.isfinite(args.time_limit) and 0 < args.time_limit <= MAXIMUM_TIME_LIMIT):
        # nan or 1e300 would make every decision of every bot from a file forfeit
        print(t("numbers.time_limit", value=str(args.time_limit), high=MAXIMUM_TIME_LIMIT),
              file=sys.stderr)
        return 2
    if args.resume and not args.out:
        print(t("runs.resume_needs_out"), file=sys.stderr)
        return 2
    scenarios = []
    for id_or_path in args.scenario:
        loaded = load_or_report(id_or_path)
        if loaded is None:
            return 1
        scenarios.append(loaded)
    try:
        entrants = entrants_of(args.bot, args.time_limit, args.memory)
    except BotSpecError as error:
        print(t("tournament.bad_bot", error=str(error)), file=sys.stderr)
        return 2
    files = [e for e in entrants if e["kind"] == "file"]
    isolated = choose_sandbox(args.sandbox, args.in_process, bool(files), args.lang)
    if isolated is None:
        return 2
    secret = args.secret or (run_secret(args.out) if args.resume else None) or secrets.token_hex(16)
    hidden = [str(Path(args.out).resolve())] if args.out else []
    hidden += sorted({str(Path(e["spec"].strip().rsplit(":", 1)[0]).expanduser().resolve())
                      for e in files})
    jobs = work_list(scenarios, [(e["name"], e["spec"]) for e in entrants], args.games,
                     args.seed, args.turns, args.time_limit, args.memory,
                     in_process=args.in_process, secret=secret,
                     sandbox=({"isolated": isolated, "hidden": hidden,
                               **({"per_seat": True} if args.process_per_seat else {})}
                              if files else None))
    jobs = with_hidden_end(jobs, args.hidden_end)
    deadline = args.game_time_limit or game_time_limit(
        scenarios, jobs, {e["spec"] for e in files}, args.time_limit)
    journal = open_journal(args.out, jobs, args.resume, "tournament", args.lang,
                           {"secret": secret})
    if isinstance(journal, int):
        return journal
    console = Console(width=170)
    if journal is not None and journal.records:
        console.print(t("runs.resumed", done=len(journal.records), total=len(jobs),
                        path=str(journal.path)), markup=False)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(t("tournament.progress"), total=len(jobs))
        played = run_games(jobs, args, lambda _: bar.advance(task), journal, deadline=deadline)
    if isinstance(played, int):
        return played
    failed = [r for r in played if is_failed(r)]
    records = [r for r in played if not is_failed(r)]
    report_failed(failed, len(jobs), args.lang)
    rows = leaderboard(records, [e["name"] for e in entrants])
    table = table_summary(records)
    print_leaderboard(rows, table, args.lang, console)
    if args.out:
        out = Path(args.out)
        settings = {"games_per_rotation": args.games, "seed": args.seed, "turns": args.turns,
                    "rotations": len(entrants), "time_limit": args.time_limit,
                    "memory_mb": args.memory, "in_process": args.in_process,
                    "sandbox": args.sandbox, "isolated": isolated, "secret": secret,
                    "game_time_limit": deadline,
                    **({"hidden_end": True} if args.hidden_end else {}),
                    "failed_games": failed}
        if args.process_per_seat:  # said only when asked: the results of other runs unchanged
            settings["process_per_seat"] = True
        try:
            atomic_write_text(out / "leaderboard.csv", leaderboard_csv(rows))
            document = results_document(settings, scenarios, entrants, records, rows)
            atomic_write_text(out / "results.json",
                              json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
            scores_chart(out / "scores.png", rows, args.lang)
        except (OSError, StorageError) as error:
            print(t("tournament.cannot_write", error=str(error)), file=sys.stderr)
            return 1
        console.print(t("tournament.written", directory=str(out)))
    console.print(t("tournament.secret", secret=secret), markup=False)
    return 1 if failed else 0


def choose_sandbox(mode: str, in_process: bool, files: bool, language: str) -> bool | None:
    """Whether bots from files play in their sandbox (``isolation``); None when --sandbox
    strict cannot be honoured. Says on stderr, in ``language``, which protections are missing
    when they are (and only when bots from files play: the others run no one's code)."""
    from game.agents.bots import isolation

    def t(key: str, **values: object) -> str:
        return translate(key, language, **values)

    if not files:
        return False
    missing = "\n".join(f"  - {t('sandbox.missing.' + key)}" for key in isolation.MISSING)
    if mode == "off":
        print(t("sandbox.off", missing=missing), file=sys.stderr)
        return False
    problem = ("in_process", "") if in_process else isolation.problem()
    if problem is None:
        return True
    reason = t(f"sandbox.problem.{problem[0]}", detail=problem[1])
    print(t("sandbox.refused" if mode == "strict" else "sandbox.best_effort", reason=reason,
            missing=missing), file=sys.stderr)
    return None if mode == "strict" else False


def run_secret(out: str | None) -> str | None:
    """The secret in the header of the journal a resumed run continues (None: none there)."""
    header = journal_header(out) if out else None
    secret = header.get("secret") if header else None
    return secret if isinstance(secret, str) and SECRET_PATTERN.fullmatch(secret) else None


def add_cluster_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cluster", metavar="HOST:PORT", default=None,
                        help="play the games on the workers that connect to this address "
                             "(run_game.py worker --connect HOST:PORT; --jobs N starts N of them "
                             "here); loopback only, other machines through SSH tunnels")


def run_games(jobs: list[dict[str, Any]], args: argparse.Namespace, advance: Any,
              journal: Journal | None, worker: Any = None,
              deadline: float | None = None) -> list[dict[str, Any]] | int:
    """``run_jobs`` with the command's --jobs and --cluster; or the exit status after printing
    why the cluster cannot be used."""
    from game.tools.cluster import ClusterError

    def notice(key: str, values: dict[str, Any]) -> None:
        print(translate(f"runs.cluster.{key}", args.lang, **values), file=sys.stderr)

    cluster = getattr(args, "cluster", None)
    try:
        return run_jobs(jobs, args.jobs, advance, worker=worker, journal=journal,
                        deadline=deadline, cluster=cluster, notice=notice)
    except ClusterError as error:
        print(translate(f"runs.cluster.{error.key}", args.lang, **error.values), file=sys.stderr)
        return 2
    except OSError as error:
        if cluster is None:
            raise
        print(translate("runs.cluster.in_use", args.lang, address=cluster,
                        reason=error.strerror or str(error)), file=sys.stderr)
        return 2


def open_journal(out: str | None, jobs: list[dict[str, Any]], resume: bool, verb: str,
                 language: str, settings: dict[str, Any] | None = None) -> Journal | int | None:
    """The run's journal in ``out`` (None without --out), opened before the first game so that
    a folder that cannot be written is found at once; or the exit status after printing why.
    ``settings`` go into its header (a tournament's secret, for --resume)."""
    if not out:
        return None
    try:
        return Journal(out, work_fingerprint(jobs, {"verb": verb}), len(jobs), resume, settings)
    except JournalError as error:
        print(translate(f"runs.{error.key}", language, **error.values), file=sys.stderr)
        return 2
    except OSError as error:
        print(translate("runs.cannot_write", language, path=out,
                        reason=error.strerror or str(error)), file=sys.stderr)
        return 1


def report_failed(failed: list[dict[str, Any]], total: int, language: str) -> None:
    """Each game that could not be played, and how many, on stderr."""
    for record in failed:
        print(translate("runs.failed_game", language, index=record["index"],
                        scenario=record.get("scenario", "?"), seed=record.get("seed", "?"),
                        rotation=record.get("rotation", "-"), reason=record["failed"]),
              file=sys.stderr)
    if failed:
        print(translate("runs.failed_summary", language, count=len(failed), total=total),
              file=sys.stderr)
