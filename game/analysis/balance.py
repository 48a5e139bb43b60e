"""AI self-play for scenario designers: every country played by the built-in AI for N seeded
games. Finds each country's score distribution and win rate, which clauses and agreement types
are proposed and how often they pass, trust and dependency over time, and warnings where the
scenario looks unbalanced (a country winning far more than its share, a clause nobody uses,
agreements that never pass). The results are the same for a given seed however the games are
spread over processes.

Two front-ends share these games and figures: ``run_game.py balance`` (``game.tools.balance``)
and the game window's balance screen, which plays them through a ``BalanceRun`` (one game after
another in a background thread, with progress and cancel). Both write the same report with
``game.ui.balance_report.write_report``, whose figures and text come from here."""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from game.analysis.common import (
    geometric_mean,
    json_safe,
    mean_interval,
    mean_or_nan,
    rank_correlation,
    scenario_from_text,
)
from game.i18n import translate
from game.i18n.numbers import signed

FORMAT = "diplomasi-balance"
FORMAT_VERSION = 1
CLAUSE_KINDS = ("trade_liberalisation", "investment", "technology_transfer", "development_aid",
                "security_cooperation", "visa_facilitation", "education_exchange")
AGREEMENT_TYPES = ("bilateral", "regional", "multilateral")
NEGOTIATION_ENDS = ("agreed", "rejected", "withdrawn", "expired")
#: Fewer games than this and win rates say too little to warn about.
MINIMUM_GAMES_FOR_WIN_WARNING = 5
#: Issue 13's fairness targets: no seat wins more than this share of the games, and the rank
#: correlation between a seat's mean score and its starting technology stays within ± this.
FAIR_WIN_RATE = 0.5
FAIR_TECHNOLOGY_CORRELATION = 0.5
#: An acceptance rate below this (of all negotiations) is worth a warning.
LOW_ACCEPTANCE = 0.1
CHARTS = ("scores", "wins", "clauses", "agreements", "trust", "dependency")


# --- one game (runs in a worker process) -------------------------------------------------------
def work_list(loaded: Any, games: int, seed: int, turns: int | None, level: str) -> list[dict[str, Any]]:
    return [
        {"index": k, "source": loaded.source, "text": loaded.text, "seed": seed + k,
         "turns": turns, "level": level}
        for k in range(games)
    ]


def play_job(job: dict[str, Any]) -> dict[str, Any]:
    """Play one self-play game and return what the report needs (plain JSON data)."""
    from game.agents.bots.registry import ai_controller
    from game.rules.game import Game
    from game.rules.protocol import play_game

    game = Game(scenario_from_text(job["source"], job["text"]), job["seed"], job["turns"],
                hidden_end=job.get("hidden_end"))
    ai = ai_controller(job["level"])  # one AI for every country, as in a class's session
    refused: dict[str, int] = {}
    play_game(game, dict.fromkeys(game.country_ids, ai),
              on_refused=lambda country, action, refusal: refused.update(
                  {country: refused.get(country, 0) + 1}))
    return {**game_record(game, job), "refused": refused}


def game_record(game: Any, job: dict[str, Any]) -> dict[str, Any]:
    """What the report needs from one finished self-play game (its figures from the game's
    records, ``game.rules.records``)."""
    from game.rules.records import records
    from game.session.views import nash_social_welfare

    collected = records(game)
    ids = game.country_ids
    p = game.economy.parameters
    scores = collected.latest("score")
    best = float(scores.max())
    welfare = collected.latest("welfare_index")
    opening = {spec.id for spec in game.scenario.agreements}
    return {
        "index": job["index"],
        "seed": job["seed"],
        "turns": game.end_turn,  # the turn it ended after (hidden end: the one drawn)
        "dependency_threshold": float(p.dependency_threshold),
        "scores": {c: float(scores[k]) for k, c in enumerate(ids)},
        "winners": [c for k, c in enumerate(ids) if float(scores[k]) == best],
        "nash_social_welfare": geometric_mean(float(w) for w in welfare),
        # As an index (1.02 = 2% above what the same countries reach with no new agreements).
        "nash_social_welfare_above": 1.0 + nash_social_welfare(game)["above"],
        "trust_held": collected.series("trust_held"),
        "import_concentration": collected.series("imports_concentration"),
        "dependency_excess": collected.series("dependency_excess"),
        "negotiations": [
            {"turn": n.turn, "proposer": n.proposer, "parties": list(n.parties),
             "type": game.agreement_type(n.parties).value, "status": n.status.value,
             "offers": len(n.offers),
             "offered": sorted({c.kind.value for o in n.offers for c in o.clauses}),
             "final": sorted({c.kind.value for c in n.current.clauses})}
            for n in game.negotiations
        ],
        "agreements": [
            {"id": a.id, "turn": a.start_turn, "parties": list(a.parties),
             "type": game.agreement_type(a.parties).value,
             "clauses": sorted({c.kind.value for c in a.clauses})}
            for a in game.agreements if a.id not in opening
        ],
        "breaches": sorted([turn, a.id, a.clauses[k].kind.value, country]
                           for a in game.agreements for turn, k, country in a.broken),
    }


# --- the analysis ------------------------------------------------------------------------------
def analyse(records: list[dict[str, Any]], loaded: Any) -> dict[str, Any]:
    """Everything the report shows, from the games' records."""
    scenario = loaded.scenario
    ids = [c.id for c in scenario.countries]
    games = len(records)
    countries = {}
    for country in ids:
        scores = [r["scores"][country] for r in records]
        mean, low, high = mean_interval(scores)
        wins = sum(country in r["winners"] for r in records)
        countries[country] = {
            "mean_score": mean, "ci_low": low, "ci_high": high, "scores": scores,
            "wins": wins, "win_rate": wins / games if games else math.nan,
            "trust_by_turn": _by_turn([r["trust_held"][country] for r in records]),
            "import_concentration_by_turn": _by_turn(
                [r["import_concentration"][country] for r in records]),
            "dependency_excess_by_turn": _by_turn([r["dependency_excess"][country] for r in records]),
        }
    negotiations = [n for r in records for n in r["negotiations"]]
    agreements = [a for r in records for a in r["agreements"]]
    breaches = [b for r in records for b in r["breaches"]]
    types = {}
    for kind in AGREEMENT_TYPES:
        opened = [n for n in negotiations if n["type"] == kind]
        ended = {end: sum(n["status"] == end for n in opened) for end in NEGOTIATION_ENDS}
        types[kind] = {"proposed": len(opened), **ended,
                       "countered": sum(n["offers"] > 1 for n in opened),
                       "acceptance_rate": ended["agreed"] / len(opened) if opened else math.nan,
                       "possible": _possible(kind, scenario)}
    clauses = {}
    for kind in CLAUSE_KINDS:
        proposed = [n for n in negotiations if kind in n["offered"]]
        clauses[kind] = {
            "proposed": len(proposed),
            "agreed": sum(kind in a["clauses"] for a in agreements),
            "acceptance_rate": (sum(n["status"] == "agreed" and kind in n["final"] for n in proposed)
                                / len(proposed) if proposed else math.nan),
            "broken": sum(b[2] == kind for b in breaches),
        }
    offers = {
        "negotiations": len(negotiations),
        **{end: sum(n["status"] == end for n in negotiations) for end in NEGOTIATION_ENDS},
        "countered": sum(n["offers"] > 1 for n in negotiations),
        "countered_then_agreed": sum(n["offers"] > 1 and n["status"] == "agreed" for n in negotiations),
        "acceptance_rate": (sum(n["status"] == "agreed" for n in negotiations) / len(negotiations)
                            if negotiations else math.nan),
        "agreements_per_game": len(agreements) / games if games else math.nan,
        "clauses_broken_per_game": len(breaches) / games if games else math.nan,
    }
    nsw = mean_interval([r["nash_social_welfare"] for r in records])
    above = mean_interval([r["nash_social_welfare_above"] for r in records])
    result = {
        "games": games,
        "countries": countries,
        "agreement_types": types,
        "clauses": clauses,
        "offers": offers,
        "nash_social_welfare": {"mean": nsw[0], "ci_low": nsw[1], "ci_high": nsw[2]},
        "nash_social_welfare_above": {"mean": above[0], "ci_low": above[1],
                                      "ci_high": above[2]},
        "dependency_threshold": records[0]["dependency_threshold"] if records else 0.25,
        # Spearman's, between a seat's mean score and its starting technology: near -1 when the
        # least advanced seat always scores most (the seat, not the play, decides the ranking).
        "technology_correlation": rank_correlation(
            [countries[c]["mean_score"] for c in ids],
            [float(c.technology) for c in scenario.countries]),
    }
    result["warnings"] = warnings(result, ids)
    return result


def _by_turn(series: list[list[float]]) -> list[float]:
    length = max((len(s) for s in series), default=0)
    return [mean_or_nan([s[t] for s in series if t < len(s)]) for t in range(length)]


def _possible(kind: str, scenario: Any) -> bool:
    """Whether the scenario's geography allows an agreement of this type at all."""
    regions: dict[str, int] = defaultdict(int)
    for country in scenario.countries:
        regions[country.region] += 1
    if kind == "bilateral":
        return len(scenario.countries) >= 2
    if kind == "regional":
        return any(size >= 3 for size in regions.values())
    return len(scenario.countries) >= 3 and len(regions) >= 2


def win_warning_threshold(countries: int) -> float:
    """A win rate at or above this is "far more than its share" (1/n): twice the share and at
    least 25 points above it."""
    share = 1.0 / countries
    return min(1.0, max(2.0 * share, share + 0.25))


def warnings(analysis: dict[str, Any], ids: list[str]) -> list[dict[str, Any]]:
    """Where the scenario looks unbalanced: translation keys under ``balance.warning.`` with
    their values."""
    result: list[dict[str, Any]] = []
    games = analysis["games"]
    share = 1.0 / len(ids)
    if games < MINIMUM_GAMES_FOR_WIN_WARNING:
        result.append({"key": "few_games", "values": {"games": games,
                                                      "minimum": MINIMUM_GAMES_FOR_WIN_WARNING}})
    else:
        threshold = win_warning_threshold(len(ids))
        for country in ids:
            rate = analysis["countries"][country]["win_rate"]
            if rate >= threshold:
                result.append({"key": "dominant_country", "values": {
                    "country": country, "rate": round(100 * rate), "share": round(100 * share),
                    "games": games}})
            elif rate > FAIR_WIN_RATE:
                result.append({"key": "wins_more_than_half", "values": {
                    "country": country, "rate": round(100 * rate), "games": games}})
        correlation = analysis.get("technology_correlation", math.nan)
        if abs(correlation) > FAIR_TECHNOLOGY_CORRELATION:
            result.append({"key": "technology_decides", "values": {
                "correlation": round(correlation, 2), "limit": FAIR_TECHNOLOGY_CORRELATION}})
    for kind, row in analysis["clauses"].items():
        if row["proposed"] == 0:
            result.append({"key": "clause_never_proposed", "values": {"clause": kind}})
        elif row["agreed"] == 0:
            result.append({"key": "clause_never_agreed", "values": {"clause": kind,
                                                                    "proposed": row["proposed"]}})
    for kind, row in analysis["agreement_types"].items():
        if row["proposed"] and not row["agreed"]:
            result.append({"key": "type_never_agreed", "values": {"type": kind,
                                                                  "proposed": row["proposed"]}})
        elif not row["proposed"] and row["possible"]:
            result.append({"key": "type_never_proposed", "values": {"type": kind}})
    offers = analysis["offers"]
    if offers["negotiations"] and offers["agreed"] == 0:
        result.append({"key": "nothing_passes", "values": {"negotiations": offers["negotiations"]}})
    elif offers["negotiations"] and offers["acceptance_rate"] < LOW_ACCEPTANCE:
        result.append({"key": "low_acceptance", "values": {
            "rate": round(100 * offers["acceptance_rate"]), "negotiations": offers["negotiations"]}})
    elif not offers["negotiations"]:
        result.append({"key": "no_negotiations", "values": {}})
    return result


def warning_text(warning: dict[str, Any], language: str, names: dict[str, str] | None = None) -> str:
    values = dict(warning["values"])
    if "country" in values and names:
        values["country"] = names.get(values["country"], values["country"])
    if "clause" in values:
        values["clause"] = translate(f"clause.{values['clause']}", language)
    if "type" in values:
        values["type"] = translate(f"agreement_type.{values['type']}", language)
    if "correlation" in values:  # a number (a text such as "-0.83" in reports of older versions)
        values["correlation"] = signed(float(str(values["correlation"]).replace("\u2212", "-")),
                                       2, language)
    return translate(f"balance.warning.{warning['key']}", language, **values)


# --- the report ------------------------------------------------------------------------------------


def report_markdown(analysis: dict[str, Any], loaded: Any, settings: dict[str, Any],
                    names: dict[str, str], files: dict[str, str], language: str) -> str:
    """The designer's report: warnings first, then each aspect with its chart and table."""
    def t(key: str, **values: object) -> str:
        return translate(key, language, **values)

    info = loaded.scenario.scenario
    lines = [f"# {t('balance.report.title', scenario=info.title.get(language))}", ""]
    lines += [t("balance.report.settings", id=info.id, games=analysis["games"], seed=settings["seed"],
                turns=settings["turns_played"], level=settings["ai"]), ""]
    lines += [f"## {t('balance.report.warnings')}", ""]
    if analysis["warnings"]:
        lines += [f"- {warning_text(w, language, names)}" for w in analysis["warnings"]]
    else:
        lines.append(t("balance.report.no_warnings"))
    countries = analysis["countries"]
    lines += ["", f"## {t('balance.report.countries')}", "",
              f"![{t('balance.chart.scores')}]({files['scores']})", "",
              f"![{t('balance.chart.wins')}]({files['wins']})", "",
              "| " + " | ".join(t(f"balance.report.column.{k}") for k in
                               ("country", "mean_score", "interval", "wins", "trust", "dependency"))
              + " |",
              "|---|---:|---:|---:|---:|---:|"]
    for country, row in countries.items():
        lines.append(
            f"| {names[country]} | {row['mean_score']:.1f} | {row['ci_low']:.1f} … "
            f"{row['ci_high']:.1f} | {row['wins']} ({100 * row['win_rate']:.0f}%) | "
            f"{row['trust_by_turn'][-1]:.2f} | {row['import_concentration_by_turn'][-1]:.2f} |")
    correlation = analysis.get("technology_correlation", math.nan)
    if not math.isnan(correlation):
        lines += ["", t("balance.report.fairness", correlation=signed(correlation, 2, language),
                        limit=FAIR_TECHNOLOGY_CORRELATION, rate=round(100 * FAIR_WIN_RATE))]
    offers = analysis["offers"]
    lines += ["", f"## {t('balance.report.agreements')}", "",
              t("balance.report.offers", negotiations=offers["negotiations"], agreed=offers["agreed"],
                rate=percent_text(offers["acceptance_rate"]), countered=offers["countered"],
                countered_then_agreed=offers["countered_then_agreed"],
                rejected=offers["rejected"], expired=offers["expired"],
                withdrawn=offers["withdrawn"],
                per_game=_number(offers["agreements_per_game"]),
                broken=_number(offers["clauses_broken_per_game"])), "",
              f"![{t('balance.chart.agreements')}]({files['agreements']})", "",
              "| " + " | ".join(t(f"balance.report.column.{k}") for k in
                               ("type", "proposed", "agreed", "rejected", "expired", "countered",
                                "acceptance")) + " |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for kind, row in analysis["agreement_types"].items():
        lines.append(f"| {t('agreement_type.' + kind)} | {row['proposed']} | {row['agreed']} | "
                     f"{row['rejected']} | {row['expired']} | {row['countered']} | "
                     f"{percent_text(row['acceptance_rate'])} |")
    lines += ["", f"## {t('balance.report.clauses')}", "",
              f"![{t('balance.chart.clauses')}]({files['clauses']})", "",
              t("balance.report.clauses_note"), "",
              "| " + " | ".join(t(f"balance.report.column.{k}") for k in
                               ("clause", "proposed", "agreed", "acceptance", "broken")) + " |",
              "|---|---:|---:|---:|---:|"]
    for kind, row in analysis["clauses"].items():
        lines.append(f"| {t('clause.' + kind)} | {row['proposed']} | {row['agreed']} | "
                     f"{percent_text(row['acceptance_rate'])} | {row['broken']} |")
    nsw = analysis["nash_social_welfare"]
    above = analysis.get("nash_social_welfare_above", {"mean": math.nan, "ci_low": math.nan,
                                                        "ci_high": math.nan})
    lines += ["", f"## {t('balance.report.over_time')}", "",
              f"![{t('balance.chart.trust')}]({files['trust']})", "",
              f"![{t('balance.chart.dependency')}]({files['dependency']})", "",
              t("balance.report.dependency_note", threshold=analysis["dependency_threshold"]), "",
              t("balance.report.welfare", mean=_gain(nsw["mean"]), low=_gain(nsw["ci_low"]),
                high=_gain(nsw["ci_high"])), "",
              t("balance.report.welfare_above", mean=_gain(above["mean"]),
                low=_gain(above["ci_low"]), high=_gain(above["ci_high"])), "",
              t("balance.report.data"), ""]
    return "\n".join(lines)


def percent_text(rate: float) -> str:
    return "–" if rate is None or math.isnan(rate) else f"{100 * rate:.0f}%"


def _number(value: float) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.1f}"


def _gain(index: float) -> str:
    return "–" if index is None or math.isnan(index) else f"{(index - 1) * 100:+.1f}%"


def run_settings(games: int, seed: int, turns: int | None, level: str,
                 records: list[dict[str, Any]]) -> dict[str, Any]:
    """The settings a report states (and balance.json keeps): what was asked and what was played."""
    return {"seed": seed, "games": games, "turns": turns, "ai": level,
            "turns_played": records[0]["turns"] if records else turns}


def country_names(loaded: Any, language: str) -> dict[str, str]:
    return {c.id: c.name.get(language) for c in loaded.scenario.countries}


class BalanceRun:
    """The self-play games of one balance report, played one after another (``play`` here, or
    ``start`` in a background thread so that a window stays responsive), with the progress, the
    time left, cancelling, and the error of a game that failed. The games are the CLI's
    (``work_list`` and ``play_job``), so the records, and the report, are the same."""

    def __init__(self, loaded: Any, games: int, seed: int = 1, turns: int | None = None,
                 level: str = "normal", clock: Callable[[], float] = time.monotonic):
        self.loaded = loaded
        self.games, self.seed, self.turns, self.level = games, seed, turns, level
        self.jobs = work_list(loaded, games, seed, turns, level)
        self.records: list[dict[str, Any]] = []
        self.error: str | None = None
        self.clock = clock
        self.started: float | None = None
        self.ended: float | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    # --- running ---------------------------------------------------------------------------
    def start(self) -> None:
        """Play the remaining games in a background thread (a daemon: closing the window never
        waits for it)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(target=self.play, name="balance", daemon=True)
        self._thread.start()

    def play(self, count: int | None = None) -> None:
        """Play the next ``count`` games (all that remain by default) here, unless cancelled."""
        if self.started is None:
            self.started = self.clock()
        pending = self.jobs[len(self.records):]
        for job in pending if count is None else pending[:count]:
            if self._stop.is_set():
                return
            try:
                record = play_job(job)
            except Exception as error:  # a bug in one game must not kill the window's thread
                self.error = f"{type(error).__name__}: {error}"
                self._stop.set()
                return
            if self._stop.is_set():
                return  # cancelled while this game was played: it is dropped
            with self._lock:
                self.records.append(record)
                if len(self.records) == len(self.jobs):
                    self.ended = self.clock()

    def cancel(self) -> None:
        """Stop after the game being played (its result is dropped with the rest)."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    # --- where it stands -------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.jobs)

    @property
    def done(self) -> int:
        return len(self.records)

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set() and self.error is None and not self.finished

    @property
    def finished(self) -> bool:
        return len(self.records) == len(self.jobs)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def elapsed(self) -> float:
        if self.started is None:
            return 0.0
        return (self.ended if self.ended is not None else self.clock()) - self.started

    def seconds_left(self) -> float | None:
        """An estimate from the mean time of the games played so far; None before the first."""
        if self.finished:
            return 0.0
        if not self.records or self.started is None:
            return None
        return self.elapsed() / len(self.records) * (len(self.jobs) - len(self.records))

    def settings(self) -> dict[str, Any]:
        return run_settings(self.games, self.seed, self.turns, self.level, self.records)

    def results(self) -> list[dict[str, Any]]:
        """The records of the games played, in seed order (a copy)."""
        with self._lock:
            return list(self.records)


def report_document(loaded: Any, records: list[dict[str, Any]], analysis: dict[str, Any],
                    settings: dict[str, Any], charts: dict[str, str]) -> dict[str, Any]:
    """What ``balance.json`` holds (JSON-safe): the scenario, the settings, the chart files,
    the analysis and every game's record."""
    return json_safe({
        "format": FORMAT, "version": FORMAT_VERSION,
        "scenario": {"id": loaded.scenario.scenario.id, "sha256": loaded.sha256},
        **settings, "charts": charts, **analysis, "games_played": records,
    })
