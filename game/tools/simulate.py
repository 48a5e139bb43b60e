"""Play an all-computer game headless and print a summary table; --json writes every turn's
indicators, score terms, trade, trust and dependency matrices and agreements in force. The same
arguments give byte-identical output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from game.agents.ai import AINegotiator
from game.agents.baseline import BaselinePolicy
from game.i18n import translate
from game.model.state import SCORE_TERMS
from game.rules.game import Game
from game.rules.protocol import play_game
from game.rules.snapshot import country_indicators, game_record
from game.rules.storage import StorageError, log_text
from game.tools.common import load_or_report, output_file, whole_number, write_output


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", required=True, help="a built-in scenario id or a file")
    parser.add_argument("--turns", type=whole_number(1, 100), default=None,
                        help="turns to play (default: the scenario's)")
    parser.add_argument("--seed", type=whole_number(0, 2**63 - 1), default=None,
                        help="random seed (default: the scenario's)")
    parser.add_argument("--json", dest="json_out", metavar="OUT", default=None, type=output_file,
                        help="write every turn's data as JSON to OUT (- for the standard output; "
                             "the summary then goes to the standard error)")
    parser.add_argument("--log", metavar="LOG", default=None, type=output_file,
                        help="write the game log (JSON lines) to LOG, for `replay` (- for the "
                             "standard output)")
    parser.add_argument("--lang", choices=["en", "id"], default="en",
                        help="language of the summary table")
    parser.add_argument("--ai", choices=["baseline", "easy", "normal", "hard"],
                        default="baseline",
                        help="who plays the countries: the fast baseline policy (default) or "
                        "the built-in AI at a difficulty")


def run(args: argparse.Namespace) -> int:
    loaded = load_or_report(args.scenario)
    if loaded is None:
        return 1
    game = Game(loaded, args.seed, args.turns)
    policy = BaselinePolicy() if args.ai == "baseline" else AINegotiator(args.ai)
    play_game(game, dict.fromkeys(game.country_ids, policy))
    try:
        if args.json_out:
            write_output(args.json_out, json.dumps(game_record(game), sort_keys=True) + "\n")
        if args.log:
            write_output(args.log, log_text(game))
    except (OSError, StorageError) as error:
        print(f"cannot write the output: {error}", file=sys.stderr)
        return 1
    print_summary(game, args.lang, sys.stderr if "-" in (args.json_out, args.log) else sys.stdout)
    return 0


def summary_counts(game: Game) -> dict[str, dict[str, int]]:
    """Per country: agreements made during the game and clauses it broke."""
    counts = {c: {"made": 0, "broken": 0} for c in game.country_ids}
    for agreement in game.agreements:
        if agreement.id not in {spec.id for spec in game.scenario.agreements}:
            for party in agreement.parties:
                counts[party]["made"] += 1
        for _, _, country in agreement.broken:
            counts[country]["broken"] += 1
    return counts


def print_summary(game: Game, language: str, stream: TextIO | None = None) -> None:
    from rich.console import Console  # imported here: only this verb's output needs it
    from rich.table import Table

    def t(key: str, **values: object) -> str:
        return translate(key, language, **values)

    info = game.scenario.scenario
    table = Table(title=t("summary.title", scenario=info.title.get(language),
                          turns=game.last_turn, seed=game.seed))
    table.add_column(t("summary.country"))
    table.add_column(t("summary.score"), justify="right")
    for term in SCORE_TERMS:
        table.add_column(t(f"term.{term}"), justify="right")
    for key in ("made", "broken", "trust_held", "dependency"):
        table.add_column(t(f"summary.{key}"), justify="right")
    indicators = country_indicators(game, game.state)
    counts = summary_counts(game)
    order = sorted(game.country_ids, key=lambda c: -indicators[c]["score"])
    names = {c.id: c.name.get(language) for c in game.scenario.countries}
    for country in order:
        row = indicators[country]
        hhi = row["dependency"]["imports"]["concentration"]
        table.add_row(
            names[country], f"{row['score']:.1f}",
            *(f"{row['terms'][term]:+.1f}" for term in SCORE_TERMS),
            str(counts[country]["made"]), str(counts[country]["broken"]),
            f"{row['trust_held']:.2f}", f"{hhi:.2f}",
        )
    console = Console(width=160, file=stream)
    console.print(table)
    made = [a for a in game.agreements if a.id not in {s.id for s in game.scenario.agreements}]
    types = [game.agreement_type(a.parties).value for a in made]
    console.print(t("summary.totals", made=len(made), bilateral=types.count("bilateral"),
                    regional=types.count("regional"), multilateral=types.count("multilateral"),
                    broken=sum(len(a.broken) for a in game.agreements)))
    console.print(t("summary.hash", hash=game.state_hash()))
