"""AI self-play for scenario designers: every country played by the built-in AI for N seeded
games. Reports each country's score distribution and win rate, which clauses and agreement
types are proposed and how often they pass, trust and dependency over time, and warnings where
the scenario looks unbalanced (a country winning far more than its share, a clause nobody uses,
agreements that never pass). With --out DIR writes DIR/report.md (with its charts as PNG
beside it) and DIR/balance.json, and keeps DIR/journal.jsonl with every game as it finishes
(--resume continues a killed run). The results are the same for a given seed whatever --jobs is;
a game whose worker process dies, or is still unfinished at its deadline (--game-time-limit), is
played again once, then reported as failed.

The games and figures are ``game.analysis.balance``'s, the files ``game.ui.balance_report``'s:
the game window's balance screen uses the same, so the CLI and the screen give the same figures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from game.analysis.balance import (
    analyse,
    country_names,
    percent_text,
    play_job,
    run_settings,
    warning_text,
    work_list,
)
from game.i18n import translate
from game.rules.ending import SPREAD
from game.tools.common import decimal_number, load_or_report, output_folder, whole_number
from game.tools.hidden_end import add_hidden_end_argument, with_hidden_end
from game.tools.runs import is_failed
from game.tools.tournament import (
    MAXIMUM_GAME_TIME_LIMIT,
    add_cluster_argument,
    game_time_floor,
    open_journal,
    report_failed,
    run_games,
)
from game.ui.balance_report import write_report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO", help="a built-in scenario id or a file")
    parser.add_argument("--games", type=whole_number(1, 100_000), default=20,
                        help="games to play, with seeds S, S+1, ... (default 20)")
    parser.add_argument("--seed", type=whole_number(0, 2**62), default=1, help="first seed (default 1)")
    parser.add_argument("--jobs", type=whole_number(1, 256), default=1,
                        help="games played at once in separate processes (default 1)")
    parser.add_argument("--turns", type=whole_number(1, 100), default=None,
                        help="turns per game (default: the scenario's)")
    parser.add_argument("--game-time-limit", type=decimal_number(1, MAXIMUM_GAME_TIME_LIMIT),
                        default=None, metavar="SECONDS",
                        help="with --jobs 2 or more, the time a game may take before its worker "
                             "process is taken for hung and stopped (the game is played again "
                             "once, then reported as failed; default 300 s and 60 s a turn)")
    add_cluster_argument(parser)
    parser.add_argument("--ai", choices=["easy", "normal", "hard"], default="normal",
                        help="the AI's level for every country (default normal)")
    parser.add_argument("--out", metavar="DIR", default=None, type=output_folder,
                        help="write report.md, its PNG charts and balance.json to DIR, and every "
                             "game to DIR/journal.jsonl as it finishes")
    parser.add_argument("--resume", action="store_true",
                        help="continue the killed run whose journal is in --out DIR (the same "
                             "command otherwise)")
    add_hidden_end_argument(parser)
    parser.add_argument("--lang", choices=["en", "id"], default="en",
                        help="language of the printed summary and of the report")


def print_summary(analysis: dict[str, Any], names: dict[str, str], language: str,
                  console: Any) -> None:
    from rich.table import Table

    def t(key: str, **values: object) -> str:
        return translate(key, language, **values)

    view = Table(title=t("balance.title", games=analysis["games"]))
    for key in ("country", "mean_score", "interval", "wins", "trust", "dependency"):
        view.add_column(t(f"balance.report.column.{key}"),
                        justify="left" if key == "country" else "right")
    for country, row in analysis["countries"].items():
        view.add_row(names[country], f"{row['mean_score']:.1f}",
                     f"{row['ci_low']:.1f} … {row['ci_high']:.1f}",
                     f"{row['wins']} ({100 * row['win_rate']:.0f}%)",
                     f"{row['trust_by_turn'][-1]:.2f}", f"{row['import_concentration_by_turn'][-1]:.2f}")
    console.print(view)
    offers = analysis["offers"]
    console.print(t("balance.offers_line", negotiations=offers["negotiations"], agreed=offers["agreed"],
                    rate=percent_text(offers["acceptance_rate"]), countered=offers["countered"]))
    if analysis["warnings"]:
        console.print(t("balance.report.warnings") + ":")
        for warning in analysis["warnings"]:
            console.print(f"  ! {warning_text(warning, language, names)}", markup=False)
    else:
        console.print(t("balance.report.no_warnings"))


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from game.rules.storage import StorageError

    def t(key: str, **values: object) -> str:
        return translate(key, args.lang, **values)

    if args.resume and not args.out:
        print(t("runs.resume_needs_out"), file=sys.stderr)
        return 2
    loaded = load_or_report(args.scenario)
    if loaded is None:
        return 1
    jobs = with_hidden_end(work_list(loaded, args.games, args.seed, args.turns, args.ai),
                           args.hidden_end)
    journal = open_journal(args.out, jobs, args.resume, "balance", args.lang)
    if isinstance(journal, int):
        return journal
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(t("balance.progress"), total=len(jobs))
        played = run_games(jobs, args, lambda _: bar.advance(task), journal, worker=play_job,
                           deadline=args.game_time_limit or game_time_floor(
                               (args.turns or loaded.scenario.scenario.turns)
                               + (SPREAD if args.hidden_end else 0)))
    if isinstance(played, int):
        return played
    failed = [r for r in played if is_failed(r)]
    records = [r for r in played if not is_failed(r)]
    report_failed(failed, len(jobs), args.lang)
    if not records:
        return 1
    analysis = analyse(records, loaded)
    names = country_names(loaded, args.lang)
    console = Console(width=150)
    print_summary(analysis, names, args.lang, console)
    if args.out:
        out = Path(args.out)
        settings = run_settings(args.games, args.seed, args.turns, args.ai, records)
        if args.hidden_end:  # games of 1 to 5 turns more or less: "about N turns"
            settings["hidden_end"] = True
            settings["turns_played"] = translate("ui.game.about_turns", args.lang, turns=(
                args.turns or loaded.scenario.scenario.turns))
        try:
            write_report(out, loaded, records, analysis, settings, args.lang)
        except (OSError, StorageError) as error:
            print(t("tournament.cannot_write", error=str(error)), file=sys.stderr)
            return 1
        console.print(t("balance.written", directory=str(out)))
    return 1 if failed else 0
