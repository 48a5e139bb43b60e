"""A tournament's leaderboard and its outputs: the ranking by mean score with its 95 % interval
(with wins, agreements, breaches, trust held, forfeits and how much each bot was exploited), what
the whole table achieved together, and the files of a run (leaderboard.csv, results.json,
scores.png) and its printed table. The games themselves are played by ``game.tools.tournament``."""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from pathlib import Path
from typing import Any

from game.analysis.common import json_safe, mean_interval, mean_or_nan
from game.i18n import translate

FORMAT = "diplomasi-tournament"
FORMAT_VERSION = 1
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
    "failed_games": "games that could not be played (their worker process died twice or was "
                    "still unfinished at the game's deadline twice, or the game raised), with "
                    "the reason; they are left out of every figure",
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
    from game.ui.report_charts import strip_chart

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
