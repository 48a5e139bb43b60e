"""The built-in scenarios and the country table they are made from.

Every file in ``scenarios/`` must load and be fully bilingual; the scenarios made from real data
must carry the table's figures (and the article's, for indonesia-partners); the table must hold
countries only, never World Bank aggregates.
"""

from __future__ import annotations

import csv
import importlib.util
import math
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from game.scenario.loading import LoadedScenario, load_scenario
from game.scenario.schema import (
    ClauseKind,
    EventKind,
    Personality,
    Scenario,
    Text,
)

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
TABLE = ROOT / "assets" / "data" / "countries.csv"
SCENARIO_FILES = sorted(SCENARIOS.glob("*.toml"))
#: The scenarios this suite requires; others may be added and are checked too.
REQUIRED = {"world", "asean-plus-three", "indonesia-partners", "archipelago"}
GENERATED = {"world", "asean-plus-three", "indonesia-partners"}

ASEAN = {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"}
PARTNERS = {"IDN", "JPN", "CHN", "KOR", "MYS", "SGP", "THA"}
RUPIAH_PER_US_DOLLAR = 15_000
#: Every region, income group and other aggregate in the World Bank files (codes that are
#: not countries), so that none can slip into the table.
WORLD_BANK_AGGREGATES = {
    "AFE", "AFW", "ARB", "CEB", "CSS", "EAP", "EAR", "EAS", "ECA", "ECS", "EMU", "EUU", "FCS",
    "HIC", "HPC", "IBD", "IBT", "IDA", "IDB", "IDX", "LAC", "LCN", "LDC", "LIC", "LMC", "LMY",
    "LTE", "MEA", "MIC", "MNA", "NAC", "OED", "OSS", "PRE", "PSS", "PST", "SAS", "SSA", "SSF",
    "SST", "TEA", "TEC", "TLA", "TMN", "TSA", "TSS", "UMC", "WLD",
}


def significant(value: float) -> float:
    """The rounding the scenario builder documents: six significant digits."""
    return float(f"{value:.6g}")


@pytest.fixture(scope="module")
def table() -> list[dict[str, str]]:
    with TABLE.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def loaded() -> dict[str, LoadedScenario]:
    return {path.stem: load_scenario(path) for path in SCENARIO_FILES}


def scenario(loaded: dict[str, LoadedScenario], name: str) -> Scenario:
    return loaded[name].scenario


def texts(model: BaseModel, path: str = "") -> Iterator[tuple[str, Text]]:
    """Every Text inside a validated model, with its key path."""
    if isinstance(model, Text):
        yield path, model
        return
    for name in type(model).model_fields:
        item = getattr(model, name)
        items = item if isinstance(item, list) else [item]
        for position, element in enumerate(items):
            where = f"{path}.{name}" if path else name
            if isinstance(item, list):
                where += f"[{position}]"
            if isinstance(element, BaseModel):
                yield from texts(element, where)


def prose(model: Scenario) -> Iterator[tuple[str, Text]]:
    """Texts that are sentences or titles, never the same in both languages when translated."""
    info = model.scenario
    yield "scenario.title", info.title
    yield "scenario.description", info.description
    yield "scenario.lesson", info.lesson
    yield "scenario.currency", info.currency
    if info.currency_note is not None:
        yield "scenario.currency_note", info.currency_note
    for event in model.events:
        yield f"events.{event.id}.title", event.title
        yield f"events.{event.id}.text", event.text
    for organisation in model.organisations:
        if organisation.description is not None:
            yield f"organisations.{organisation.id}.description", organisation.description


# --- every file ------------------------------------------------------------------------------


def test_the_required_scenarios_exist() -> None:
    assert {path.stem for path in SCENARIO_FILES} >= REQUIRED


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_every_scenario_loads_and_its_id_is_its_file_name(path: Path) -> None:
    loaded = load_scenario(path)
    assert loaded.scenario.scenario.id == path.stem
    assert loaded.scenario.scenario.sources, "say where the figures come from"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_every_text_has_both_languages(path: Path) -> None:
    model = load_scenario(path).scenario
    found = list(texts(model))
    assert len(found) > 5
    for where, item in found:
        assert item.en.strip(), f"{where}: empty English text"
        assert item.id.strip(), f"{where}: empty Indonesian text"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_titles_descriptions_and_lessons_are_translated(path: Path) -> None:
    model = load_scenario(path).scenario
    for where, item in prose(model):
        assert item.id.strip() != item.en.strip(), f"{where}: Indonesian equals English"


def test_the_text_walker_finds_nested_texts(loaded: dict[str, LoadedScenario]) -> None:
    paths = dict(texts(scenario(loaded, "indonesia-partners")))
    assert paths["countries[2].name"].id == "Tiongkok"
    assert "countries[0].capital.name" in paths
    assert "events[0].title" in paths


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_each_new_scenario_has_a_varied_event_deck_and_varied_countries(
    loaded: dict[str, LoadedScenario], name: str
) -> None:
    model = scenario(loaded, name)
    kinds = [event.kind for event in model.events]
    # 5 to 8 cards of the first kinds, plus the three dependency and compliance cards of
    # issue 13 (domestic pressure, supply disruption, licence withdrawn) that every deck has.
    assert 5 <= len(kinds) <= 11
    assert {EventKind.DOMESTIC_PRESSURE, EventKind.SUPPLY_DISRUPTION,
            EventKind.LICENCE_WITHDRAWAL} <= set(kinds)
    assert len(set(kinds)) >= 5
    assert EventKind.CORRUPTION_SCANDAL in kinds
    assert len({country.personality for country in model.countries}) >= 3
    assert len({country.objectives for country in model.countries}) >= 3
    view = model.scenario.map
    for country in model.countries:
        assert view.longitude_min <= country.capital.longitude <= view.longitude_max, country.id
        assert view.latitude_min <= country.capital.latitude <= view.latitude_max, country.id


# --- the country table -----------------------------------------------------------------------


def test_the_table_holds_countries_not_aggregates(table: list[dict[str, str]]) -> None:
    codes = [row["iso3"] for row in table]
    assert len(codes) == len(set(codes))
    assert not set(codes) & WORLD_BANK_AGGREGATES
    assert not any(
        word in row["name_en"].lower()
        for row in table
        for word in ("income", "world", "total", " & ", "area", "states")
        if row["iso3"] not in {"USA", "ARE", "FSM"}  # United States, Arab Emirates, Micronesia
    )
    assert {"IDN", "JPN", "CHN", "KOR", "TLS", "USA", "NLD", "XKX"} <= set(codes)


def test_the_table_codes_are_iso_countries(table: list[dict[str, str]]) -> None:
    import pycountry

    iso = {country.alpha_3 for country in pycountry.countries}
    assert {row["iso3"] for row in table} - iso == {"XKX"}


def test_the_table_uses_one_stated_year_and_indonesian_names(
    table: list[dict[str, str]],
) -> None:
    years = [int(row["year"]) for row in table]
    main = max(set(years), key=years.count)
    assert main == 2022
    assert years.count(main) > 0.9 * len(years)
    assert all(main - 5 <= year <= main for year in years)
    names = {row["iso3"]: row["name_id"] for row in table}
    assert names["CHN"] == "Tiongkok"
    assert names["JPN"] == "Jepang"
    assert names["KOR"] == "Korea Selatan"
    assert names["TLS"] == "Timor-Leste"
    assert names["USA"] == "Amerika Serikat"
    assert names["NLD"] == "Belanda"
    for row in table:
        assert -90 <= float(row["capital_latitude"]) <= 90
        assert -180 <= float(row["capital_longitude"]) <= 180
        assert float(row["gdp_usd"]) > 0 and float(row["population"]) > 0
    jakarta = next(row for row in table if row["iso3"] == "IDN")
    assert jakarta["capital_en"] == "Jakarta"
    assert math.isclose(float(jakarta["capital_latitude"]), -6.2, abs_tol=0.1)
    assert math.isclose(float(jakarta["capital_longitude"]), 106.8, abs_tol=0.1)


# --- world -----------------------------------------------------------------------------------


def test_world_has_every_table_country_with_the_table_figures(
    loaded: dict[str, LoadedScenario], table: list[dict[str, str]]
) -> None:
    model = scenario(loaded, "world")
    assert len(model.countries) >= 150
    assert model.scenario.currency.en == "billion US dollars"
    rows = {row["iso3"]: row for row in table}
    assert {country.id for country in model.countries} == set(rows)
    for country in model.countries:
        row = rows[country.id]
        assert country.gdp == significant(float(row["gdp_usd"]) / 1e9), country.id
        assert country.population == significant(float(row["population"]) / 1e6), country.id
        assert country.name.en == row["name_en"] and country.name.id == row["name_id"]
        assert country.region == row["region"]
        assert country.capital.latitude == float(row["capital_latitude"])
        assert country.capital.longitude == float(row["capital_longitude"])


def test_world_leaves_trade_to_the_model_and_has_the_un_and_asean(
    loaded: dict[str, LoadedScenario], table: list[dict[str, str]]
) -> None:
    model = scenario(loaded, "world")
    assert all(relation.exports is None for relation in model.relations)
    organisations = {organisation.id: organisation for organisation in model.organisations}
    un_members = {row["iso3"] for row in table if row["un_member"] == "1"}
    assert set(organisations["UN"].members) == un_members
    assert "PBB" in organisations["UN"].name.id
    assert len(un_members) > 180
    assert set(organisations["ASEAN"].members) == ASEAN


def test_world_proxies_rise_with_income(loaded: dict[str, LoadedScenario]) -> None:
    model = scenario(loaded, "world")
    by_income = sorted(model.countries, key=lambda c: c.gdp / c.population)
    technology = [c.technology for c in by_income]
    human_capital = [c.human_capital for c in by_income]
    assert technology == sorted(technology)
    assert human_capital == sorted(human_capital)
    assert technology[0] < 0.2 and technology[-1] == 1.0
    # Three sectors, each averaging about 1.0 (geometric mean) over the scenario.
    for sector in range(3):
        logs = [math.log(c.productivity[sector]) for c in model.countries]
        assert abs(sum(logs) / len(logs)) < 0.05
    singapore = next(c for c in model.countries if c.id == "SGP")
    mongolia = next(c for c in model.countries if c.id == "MNG")
    assert singapore.productivity[0] < mongolia.productivity[0]  # land per person


# --- asean-plus-three ------------------------------------------------------------------------


def test_asean_plus_three_has_asean_and_its_trade_agreement(
    loaded: dict[str, LoadedScenario], table: list[dict[str, str]]
) -> None:
    model = scenario(loaded, "asean-plus-three")
    ids = {country.id for country in model.countries}
    assert ids == ASEAN | {"JPN", "CHN", "KOR"}
    organisations = {organisation.id: organisation for organisation in model.organisations}
    assert set(organisations["ASEAN"].members) == ASEAN
    assert len(organisations["ASEAN"].members) == 10
    asean_deals = [a for a in model.agreements if a.organisation == "ASEAN"]
    assert asean_deals
    deal = asean_deals[0]
    assert set(deal.parties) == ASEAN
    assert any(c.kind == ClauseKind.TRADE_LIBERALISATION for c in deal.clauses)
    assert 1 <= deal.age <= 40
    rows = {row["iso3"]: row for row in table}
    for country in model.countries:
        assert country.gdp == significant(float(rows[country.id]["gdp_usd"]) / 1e9)


# --- indonesia-partners ----------------------------------------------------------------------


def relation(model: Scenario, first: str, second: str):
    for item in model.relations:
        if item.between == [first, second]:
            return item.exports
        if item.between == [second, first]:
            return None if item.exports is None else list(reversed(item.exports))
    raise AssertionError(f"no relation between {first} and {second}")


def test_indonesia_partners_has_the_seven_countries_in_trillion_rupiah(
    loaded: dict[str, LoadedScenario], table: list[dict[str, str]]
) -> None:
    model = scenario(loaded, "indonesia-partners")
    assert {country.id for country in model.countries} >= PARTNERS
    info = model.scenario
    assert (info.currency.en, info.currency.id) == ("trillion rupiah", "triliun rupiah")
    assert info.currency_note is not None
    assert "15,000" in info.currency_note.en and "15.000" in info.currency_note.id
    assert "miliar rupiah" in info.currency_note.en and "miliar rupiah" in info.currency_note.id
    rows = {row["iso3"]: row for row in table}
    for country in model.countries:
        expected = float(rows[country.id]["gdp_usd"]) * RUPIAH_PER_US_DOLLAR / 1e12
        assert country.gdp == significant(expected), country.id
        assert country.name.id == rows[country.id]["name_id"]
    names = {country.id: country.name.id for country in model.countries}
    assert names["CHN"] == "Tiongkok" and names["JPN"] == "Jepang"
    assert names["KOR"] == "Korea Selatan" and names["SGP"] == "Singapura"


def test_indonesia_partners_starts_from_the_articles_trade(
    loaded: dict[str, LoadedScenario],
) -> None:
    model = scenario(loaded, "indonesia-partners")
    assert relation(model, "IDN", "JPN") == [318.6, 87.75]
    assert relation(model, "JPN", "IDN") == [87.75, 318.6]
    to_china = relation(model, "IDN", "CHN")
    assert to_china is not None and to_china[0] == 185.9
    assert to_china[1] == "model"  # China → Indonesia: not in the article, left to the model
    for item in model.relations:
        assert item.note, f"relation {item.between} says nothing about its figures"
        assert "odelled" in item.note
        if item.investment is not None:  # the article's investors (issue 13, item 7)
            assert "Investment" in item.note and "docs/model.md" in item.note, item.between
            assert item.between[0] == "IDN" and item.investment[0] == 0.0  # stocks in Indonesia


def test_indonesia_partners_agreements_reflect_the_article(
    loaded: dict[str, LoadedScenario],
) -> None:
    model = scenario(loaded, "indonesia-partners")
    by_parties = {frozenset(a.parties): a for a in model.agreements}
    japan = next(a for a in model.agreements if a.id == "IJEPA")  # Japan's aid is another one
    assert set(japan.parties) == {"IDN", "JPN"}
    transfer = [c for c in japan.clauses if c.kind == ClauseKind.TECHNOLOGY_TRANSFER]
    assert transfer and transfer[0].giver == "JPN" and transfer[0].training
    korea = by_parties[frozenset({"IDN", "KOR"})]
    assert {c.kind for c in korea.clauses} >= {
        ClauseKind.SECURITY_COOPERATION, ClauseKind.EDUCATION_EXCHANGE}
    regional = [a for a in model.agreements if a.organisation == "ASEAN"]
    assert regional and set(regional[0].parties) == {"IDN", "MYS", "SGP", "THA"}
    personalities = {c.id: c.personality for c in model.countries}
    assert personalities["KOR"] == Personality.SECURITY
    indonesia = next(c for c in model.countries if c.id == "IDN")
    assert indonesia.objectives.independence == max(
        c.objectives.independence for c in model.countries)


# --- archipelago -----------------------------------------------------------------------------


def test_archipelago_is_invented_and_shows_the_whole_format(
    loaded: dict[str, LoadedScenario], table: list[dict[str, str]]
) -> None:
    model = scenario(loaded, "archipelago")
    ids = {country.id for country in model.countries}
    assert 5 <= len(ids) <= 7
    assert not ids & {row["iso3"] for row in table}  # not real countries
    assert len(model.regions) == 2
    assert model.organisations
    assert {event.kind for event in model.events} == set(EventKind)
    assert {clause.kind for a in model.agreements for clause in a.clauses} == set(ClauseKind)
    assert {country.personality for country in model.countries} == set(Personality)
    assert "coordinates" in model.scenario.description.en
    text = loaded["archipelago"].text
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) > 60, "the showcase explains itself to designers"


# --- the generated files are the builder's output --------------------------------------------


def test_generated_scenarios_are_up_to_date_and_say_so() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_scenarios", ROOT / "tools" / "build_scenarios.py")
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = builder  # its dataclasses look their module up
    try:
        spec.loader.exec_module(builder)
    finally:
        del sys.modules[spec.name]
    rows = builder.read_table(TABLE)
    for name in GENERATED:
        path = SCENARIOS / f"{name}.toml"
        text = path.read_text(encoding="utf-8")
        assert text.startswith("#:schema ./scenario.schema.json\n")
        assert text.split("\n", 1)[1].startswith("# Generated by tools/build_scenarios.py")
        built = builder.BUILDERS[path.name](rows)
        assert built == builder.BUILDERS[path.name](rows)  # deterministic
        assert built == text, f"{path.name} is stale: run python tools/build_scenarios.py"
