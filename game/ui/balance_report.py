"""The balance report's files: ``report.md`` with its PNG charts beside it, and
``balance.json``. Written by ``run_game.py balance --out`` and by the window's balance screen, from
the figures of ``game.analysis.balance``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.analysis.balance import (
    AGREEMENT_TYPES,
    CHARTS,
    CLAUSE_KINDS,
    NEGOTIATION_ENDS,
    country_names,
    report_document,
    report_markdown,
)
from game.i18n import translate
from game.rules.storage import atomic_write_text
from game.ui.report_charts import bar_chart, line_chart_file, strip_chart


def draw_charts(directory: Path, analysis: dict[str, Any], names: dict[str, str],
                language: str) -> dict[str, str]:
    """The report's PNG charts in ``directory``; {chart: file name}."""
    def t(key: str, **values: object) -> str:
        return translate(key, language, **values)

    countries = analysis["countries"]
    ids = list(countries)
    files = {name: f"{name}.png" for name in CHARTS}
    strip_chart(directory / files["scores"], *score_chart(analysis, names, language))
    bar_chart(directory / files["wins"], t("balance.chart.wins"), [names[c] for c in ids],
              [(t("balance.chart.win_rate"), [100 * countries[c]["win_rate"] for c in ids])],
              t("balance.chart.percent"), reference=100 / len(ids),
              reference_label=t("balance.chart.fair_share"))
    clause_labels = [t(f"clause.{k}") for k in CLAUSE_KINDS]
    clauses = analysis["clauses"]
    bar_chart(directory / files["clauses"], t("balance.chart.clauses"), clause_labels,
              [(t("balance.chart.proposed"), [clauses[k]["proposed"] for k in CLAUSE_KINDS]),
               (t("balance.chart.agreed"), [clauses[k]["agreed"] for k in CLAUSE_KINDS]),
               (t("balance.chart.broken"), [clauses[k]["broken"] for k in CLAUSE_KINDS])],
              t("balance.chart.count"))
    types = analysis["agreement_types"]
    bar_chart(directory / files["agreements"], t("balance.chart.agreements"),
              [t(f"agreement_type.{k}") for k in AGREEMENT_TYPES],
              [(t(f"balance.chart.{end}"), [types[k][end] for k in AGREEMENT_TYPES])
               for end in ("proposed", *NEGOTIATION_ENDS)], t("balance.chart.count"))
    turns = list(range(len(countries[ids[0]]["trust_by_turn"])))
    line_chart_file(directory / files["trust"], t("balance.chart.trust"), turns,
               [(names[c], countries[c]["trust_by_turn"]) for c in ids],
               t("balance.chart.turn"), t("balance.chart.trust_axis"))
    line_chart_file(directory / files["dependency"], t("balance.chart.dependency"), turns,
               [(names[c], countries[c]["import_concentration_by_turn"]) for c in ids],
               t("balance.chart.turn"), t("balance.chart.dependency_axis"),
               reference=analysis["dependency_threshold"],
               reference_label=t("balance.chart.high_dependency"))
    return files


def score_chart(analysis: dict[str, Any], names: dict[str, str], language: str) -> tuple:
    """The score chart's title, rows (a country's name and scores), axis, intervals and note,
    for the report's file and the balance screen."""
    countries = analysis["countries"]
    ids = list(countries)
    return (translate("balance.chart.scores", language),
            [(names.get(c, c), countries[c]["scores"]) for c in ids],
            translate("balance.chart.score_axis", language),
            [(countries[c]["mean_score"], countries[c]["ci_low"], countries[c]["ci_high"])
             for c in ids], translate("balance.chart.scores_note", language))


def write_report(directory: Path, loaded: Any, records: list[dict[str, Any]],
                 analysis: dict[str, Any], settings: dict[str, Any], language: str) -> dict[str, Path]:
    """Write ``report.md``, its PNG charts and ``balance.json`` to ``directory`` (made if needed);
    {"report": ..., "data": ..., chart: ...} the files written. Raises OSError or StorageError
    when the folder cannot be written."""
    directory.mkdir(parents=True, exist_ok=True)
    names = country_names(loaded, language)
    files = draw_charts(directory, analysis, names, language)
    atomic_write_text(directory / "report.md",
                      report_markdown(analysis, loaded, settings, names, files, language))
    document = report_document(loaded, records, analysis, settings, files)
    atomic_write_text(directory / "balance.json",
                      json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return {"report": directory / "report.md", "data": directory / "balance.json",
            **{chart: directory / name for chart, name in files.items()}}
