"""Play bots against each other and rank them, duplicate-bridge style: for every seed, every
rotation of the bots over the countries (seats), so that every bot plays every seat equally
often with the same seeds and nobody wins by drawing a good country. Prints a leaderboard (mean
score with its 95% interval, wins, agreements made and broken, trust held, forfeits, how much
each bot was exploited) and what the whole table achieved together (Nash social welfare).
With --out DIR writes DIR/leaderboard.csv, DIR/results.json and DIR/scores.png, and keeps
DIR/journal.jsonl with every game as it finishes: --resume continues a killed run from it, with
the same results as a run that was never stopped. The results are the same for a given seed
whatever --jobs is; a game whose worker process dies is played again once, then reported as
failed with the reason (see ``game.tools.runs``)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from game.analysis.common import geometric_mean, json_safe, mean_interval, mean_or_nan, scenario_from_text
from game.i18n import translate
from game.tools.common import load_or_report, output_folder, whole_number
from game.tools.runs import Journal, JournalError, is_failed, run_jobs, work_fingerprint

FORMAT = "diplomasi-tournament"
FORMAT_VERSION = 1
#: The bot that plays every seat of the reference games ("vs cooperators").
REFERENCE_BOT = "cooperator"
#: Forfeits kept in full per bot, game and reason (the rest are counted in forfeit_counts), and
#: the length of a kept detail: a bot failing every decision with long messages cannot swell
#: results.json.
FORFEITS_KEPT = 3
#: The longest --time-limit, in seconds.
MAXIMUM_TIME_LIMIT = 600
FORFEIT_DETAIL_CHARACTERS = 300

DEFINITIONS = {
    "seat": "one country in one game; a bot's samples are the seats it played",
    "rotation": "for each seed and scenario, rotation r gives seat i (country order) to bot (i + r) mod B; "
                "B rotations per seed, so each bot plays each seat once per seed",
    "mean_score": "mean final score over the bot's seats, with a 95% t-interval",
    "duplicate_score": "mean of (the bot's score in a seat) minus (the mean score of that seat over "
                       "every rotation of the same scenario and seed): above 0 means better than "
                       "the field in the same seats",
    "wins": "games in which one of the bot's seats has the highest score (ties all win)",
    "agreements_made": "agreements concluded during the game that the seat is a party to, per seat",
    "clauses_broken": "clauses the seat broke during the game, per seat",
    "trust_held": "the mean trust the other countries hold in the seat at the end, per seat",
    "forfeits": "decisions (or single actions) forfeited: timeout, exception, illegal action, ...; "
                "a game's forfeit_counts counts them all per bot and reason, its forfeits list "
                "keeps the first 3 of each with a shortened detail",
    "failed_games": "games that could not be played (their worker process died twice, or the "
                    "game raised), with the reason; they are left out of every figure",
    "exploited": "one-sided breaches suffered per seat: a partner broke a clause that benefits the "
                 "seat in a turn in which the seat kept every clause it owed under that agreement",
    "vs_cooperators": "mean of (the bot's score in a seat) minus (the score of the same seat in the "
                      "reference game of the same scenario and seed where every seat is the "
                      "cooperator bot): below 0 means the bot's table left it worse off than "
                      "universal cooperation",
    "nash_social_welfare": "per game, the geometric mean over countries of welfare_index (welfare "
                           "now / welfare at the start); reported as its mean over games",
    "trust_after_own_breach": "mean change of the seat's trust held over a turn in which it broke "
                              "at least one clause",
    "trust_after_keeping": "mean change of the seat's trust held over a turn in which it broke none",
}


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
    parser.add_argument("--out", metavar="DIR", default=None, type=output_folder,
                        help="write leaderboard.csv, results.json and scores.png to DIR, and "
                             "every game to DIR/journal.jsonl as it finishes")
    parser.add_argument("--resume", action="store_true",
                        help="continue the killed run whose journal is in --out DIR (the same "
                             "command otherwise): its games are not played again")
    parser.add_argument("--time-limit", type=float, default=2.0, metavar="SECONDS",
                        help="time per decision for bots from files, above 0 and at most 600 "
                             "(default 2)")
    parser.add_argument("--memory", type=whole_number(64, 65536), default=512, metavar="MB",
                        help="memory limit of a bot from a file (default 512)")
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


def work_list(scenarios: list[Any], entrants: list[tuple[str, str]], games: int, seed: int,
              turns: int | None, time_limit: float = 2.0, memory_mb: int = 512,
              reference: bool = True, in_process: bool = False) -> list[dict[str, Any]]:
    """Every game of the tournament as a plain job, in a fixed order (index = position).

    ``entrants`` are (name, spec) pairs. With ``reference``, one more game per scenario and
    seed has the cooperator at every seat (for ``vs_cooperators``)."""
    jobs: list[dict[str, Any]] = []
    for loaded in scenarios:
        seats = len(loaded.scenario.countries)
        for game_seed in range(seed, seed + games):
            plans = [(r, [entrants[b] for b in assignment])
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
                })
    return jobs


# --- one game (runs in a worker process) -------------------------------------------------------
def play_job(job: dict[str, Any]) -> dict[str, Any]:
    """Play one game of the work list and return its record (plain JSON data)."""
    from game.agents.bots.registry import AI_NAMES, resolve
    from game.rules.game import Game
    from game.rules.protocol import play_game

    game = Game(scenario_from_text(job["source"], job["text"]), job["seed"], job["turns"])
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
                controllers[country] = resolve(spec, job["time_limit"], job["memory_mb"],
                                               job.get("in_process", False)).make()
        play_game(game, controllers, on_refused=count_refused)
    finally:
        for controller in {id(c): c for c in controllers.values()}.values():
            close = getattr(controller, "close", None)
            if callable(close):
                close()
    record = game_record(game, job, controllers)
    record["refused"] = refused
    return record


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
        "turns": game.last_turn,
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


# --- the leaderboard ------------------------------------------------------------------------
def leaderboard(records: list[dict[str, Any]], names: list[str]) -> list[dict[str, Any]]:
    """One row per bot, best mean score first (see DEFINITIONS for every column)."""
    games = [r for r in records if not r["reference"]]
    reference = {(r["scenario"], r["seed"]): r for r in records if r["reference"]}
    seat_means: dict[tuple[str, int, str], float] = {}
    groups: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for record in games:
        groups[(record["scenario"], record["seed"])].append(record)
    for (scenario, seed), group in groups.items():
        for country in group[0]["seats"]:
            seat_means[(scenario, seed, country)] = mean_or_nan([g["scores"][country] for g in group])
    rows = []
    for name in names:
        samples: dict[str, list[float]] = defaultdict(list)
        wins = played = 0
        forfeits: dict[str, int] = defaultdict(int)
        trust_turns: dict[int, list[float]] = defaultdict(list)
        for record in games:
            seats = [c for c, bot in record["seats"].items() if bot == name]
            if not seats:
                continue
            played += 1
            wins += any(c in record["winners"] for c in seats)
            for reason, count in record["forfeit_counts"].get(name, {}).items():
                forfeits[reason] += count
            ref = reference.get((record["scenario"], record["seed"]))
            for country in seats:
                score = record["scores"][country]
                samples["score"].append(score)
                samples["duplicate"].append(
                    score - seat_means[(record["scenario"], record["seed"], country)])
                samples["made"].append(record["agreements_made"][country])
                samples["broken"].append(record["clauses_broken"][country])
                trust = record["trust_held"][country]
                samples["trust"].append(trust[-1])
                samples["exploited"].append(record["exploited"][country])
                if ref is not None:
                    samples["vs_cooperators"].append(score - ref["scores"][country])
                for turn, value in enumerate(trust):
                    trust_turns[turn].append(value)
                broke = {b[0] for b in record["breaches"] if b[3] == country}
                for turn in range(1, len(trust)):
                    key = "after_breach" if turn in broke else "after_keeping"
                    samples[key].append(trust[turn] - trust[turn - 1])
        mean, low, high = mean_interval(samples["score"])
        rows.append({
            "bot": name,
            "games": played,
            "seats": len(samples["score"]),
            "mean_score": mean, "ci_low": low, "ci_high": high,
            "duplicate_score": mean_or_nan(samples["duplicate"]),
            "wins": wins,
            "win_rate": wins / played if played else math.nan,
            "agreements_made": mean_or_nan(samples["made"]),
            "clauses_broken": mean_or_nan(samples["broken"]),
            "trust_held": mean_or_nan(samples["trust"]),
            "forfeits": sum(forfeits.values()),
            "forfeits_by_reason": dict(sorted(forfeits.items())),
            "exploited": mean_or_nan(samples["exploited"]),
            "vs_cooperators": mean_or_nan(samples["vs_cooperators"]),
            "trust_by_turn": [mean_or_nan(trust_turns[t]) for t in sorted(trust_turns)],
            "trust_after_own_breach": mean_or_nan(samples["after_breach"]),
            "trust_after_keeping": mean_or_nan(samples["after_keeping"]),
            "scores": samples["score"],
        })
    rows.sort(key=lambda row: (-_sortable(row["mean_score"]), row["bot"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def _sortable(value: float) -> float:
    return -math.inf if math.isnan(value) else value


def table_summary(records: list[dict[str, Any]]) -> dict[str, Any]:
    """What the tables achieved together: Nash social welfare, overall and per scenario."""
    games = [r for r in records if not r["reference"]]
    result: dict[str, Any] = {}
    for label, subset in [("all", games), *(
            (s, [g for g in games if g["scenario"] == s])
            for s in sorted({g["scenario"] for g in games}))]:
        mean, low, high = mean_interval([g["nash_social_welfare"] for g in subset])
        reference = [r["nash_social_welfare"] for r in records
                     if r["reference"] and (label == "all" or r["scenario"] == label)]
        above = mean_interval([g["nash_social_welfare_above"] for g in subset])
        reference_above = [r["nash_social_welfare_above"] for r in records
                           if r["reference"] and (label == "all" or r["scenario"] == label)]
        result[label] = {
            "games": len(subset),
            "nash_social_welfare": {"mean": mean, "ci_low": low, "ci_high": high},
            "reference_nash_social_welfare": mean_or_nan(reference),
            "nash_social_welfare_above": {"mean": above[0], "ci_low": above[1],
                                          "ci_high": above[2]},
            "reference_nash_social_welfare_above": mean_or_nan(reference_above),
            "agreements_per_game": mean_or_nan([len(g["agreements"]) for g in subset]),
            "clauses_broken_per_game": mean_or_nan([len(g["breaches"]) for g in subset]),
        }
    return result


# --- output ------------------------------------------------------------------------------------
CSV_COLUMNS = ["rank", "bot", "games", "seats", "mean_score", "ci_low", "ci_high",
               "duplicate_score", "wins", "win_rate", "agreements_made", "clauses_broken",
               "trust_held", "forfeits", "exploited", "vs_cooperators",
               "trust_after_own_breach", "trust_after_keeping"]


def leaderboard_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(["" if (v := json_safe(row[c])) is None else v for c in CSV_COLUMNS])
    return out.getvalue()


def results_document(args: dict[str, Any], scenarios: list[Any], entrants: list[dict[str, Any]],
                     records: list[dict[str, Any]], rows: list[dict[str, Any]]) -> dict[str, Any]:
    return json_safe({
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "scenarios": [{"id": s.scenario.scenario.id, "sha256": s.sha256} for s in scenarios],
        "bots": entrants,
        **args,
        "definitions": DEFINITIONS,
        "leaderboard": rows,
        "table": table_summary(records),
        "games": records,
    })


def scores_chart(path: str | Path, rows: list[dict[str, Any]], language: str) -> None:
    from game.ui.charts import strip_chart

    def t(key: str, **values: object) -> str:
        return translate(key, language, **values)

    strip_chart(
        path, t("tournament.chart_title"),
        [(row["bot"], row["scores"]) for row in rows],
        t("tournament.chart_axis"),
        [(row["mean_score"], row["ci_low"], row["ci_high"]) for row in rows],
        note=t("tournament.chart_note"),
    )


def print_leaderboard(rows: list[dict[str, Any]], table: dict[str, Any], language: str,
                      console: Any) -> None:
    from rich.table import Table

    def t(key: str, **values: object) -> str:
        return translate(key, language, **values)

    view = Table(title=t("tournament.title"))
    for key, justify in [("rank", "right"), ("bot", "left"), ("mean_score", "right"),
                         ("duplicate_score", "right"), ("wins", "right"),
                         ("agreements_made", "right"), ("clauses_broken", "right"),
                         ("trust_held", "right"), ("forfeits", "right"), ("exploited", "right"),
                         ("vs_cooperators", "right")]:
        view.add_column(t(f"tournament.column.{key}"), justify=justify)  # type: ignore[arg-type]
    for row in rows:
        view.add_row(
            str(row["rank"]), row["bot"],
            f"{row['mean_score']:.1f} [{row['ci_low']:.1f}, {row['ci_high']:.1f}]",
            _signed(row["duplicate_score"]),
            f"{row['wins']}/{row['games']}",
            _number(row["agreements_made"]), _number(row["clauses_broken"]),
            _number(row["trust_held"], 2), str(row["forfeits"]),
            _number(row["exploited"]), _signed(row["vs_cooperators"]),
        )
    console.print(view)
    overall = table["all"]["nash_social_welfare"]
    console.print(t("tournament.welfare", mean=_percent(overall["mean"]),
                    low=_percent(overall["ci_low"]), high=_percent(overall["ci_high"]),
                    reference=_percent(table["all"]["reference_nash_social_welfare"])))
    above = table["all"]["nash_social_welfare_above"]
    console.print(t("tournament.welfare_above", mean=_percent(above["mean"]),
                    low=_percent(above["ci_low"]), high=_percent(above["ci_high"]),
                    reference=_percent(table["all"]["reference_nash_social_welfare_above"])))
    for row in rows:
        if row["forfeits"]:
            reasons = ", ".join(f"{t('bots.reason.' + reason)} {count}"
                                for reason, count in row["forfeits_by_reason"].items())
            console.print(t("tournament.forfeits", bot=row["bot"], reasons=reasons))


def _number(value: float, digits: int = 1) -> str:
    return "–" if math.isnan(value) else f"{value:.{digits}f}"


def _signed(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:+.1f}"


def _percent(index: float) -> str:
    """A welfare index (1.05) as a gain (+5.0%)."""
    return "–" if index is None or math.isnan(index) else f"{(index - 1) * 100:+.1f}%"


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
    jobs = work_list(scenarios, [(e["name"], e["spec"]) for e in entrants], args.games,
                     args.seed, args.turns, args.time_limit, args.memory,
                     in_process=args.in_process)
    journal = open_journal(args.out, jobs, args.resume, "tournament", args.lang)
    if isinstance(journal, int):
        return journal
    console = Console(width=170)
    if journal is not None and journal.records:
        console.print(t("runs.resumed", done=len(journal.records), total=len(jobs),
                        path=str(journal.path)), markup=False)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(t("tournament.progress"), total=len(jobs))
        played = run_jobs(jobs, args.jobs, lambda _: bar.advance(task), journal=journal)
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
                    "failed_games": failed}
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
    return 1 if failed else 0


def open_journal(out: str | None, jobs: list[dict[str, Any]], resume: bool, verb: str,
                 language: str) -> Journal | int | None:
    """The run's journal in ``out`` (None without --out), opened before the first game so that
    a folder that cannot be written is found at once; or the exit status after printing why."""
    if not out:
        return None
    try:
        return Journal(out, work_fingerprint(jobs, {"verb": verb}), len(jobs), resume)
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
