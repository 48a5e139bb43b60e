"""The scenario file format: pydantic models that are the one source of truth.

The same models validate a TOML file (with exact key paths in every error), document the format
(field descriptions) and export the JSON Schema that designers' editors use for completion.
Cross-checks between sections (unknown ids, duplicates) live in ``Scenario``'s validator so that
all problems of a file are reported together.

Longer than most modules on purpose: it is one cohesive table, the file format's every section
and field with its type, range, default and description, read top to bottom by designers
(docs/scenarios.md and the JSON Schema are generated from it).
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from game.model.parameters import ParameterOverrides
from game.scenario.terms import (  # the domain's words, re-exported where they were defined
    AMOUNT_CLAUSES,
    DIRECTED_CLAUSES,
    AidForm,
    ClauseKind,
    EventKind,
    Personality,
)

SCHEMA_VERSION = 1

#: Numbers, whole numbers and true/false written as such: `gdp = true` or `training = "yes"`
#: are errors, not silently converted (a whole number is still a fine number).
Number = Annotated[float, Strict()]
Whole = Annotated[int, Strict()]
Flag = Annotated[bool, Strict()]

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,39}$"),
    Field(description="An id: a letter, then letters, digits, '_' or '-' (at most 40)."),
]


#: Characters that change how text is shown instead of being shown: bidirectional overrides and
#: isolates, and the line and paragraph separators (control characters, category Cc, too).
_HIDDEN = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                    "\u2066\u2067\u2068\u2069\u2028\u2029")


def unprintable(text: str, line_breaks: bool = False) -> str | None:
    """The first character of ``text`` that cannot be shown as it is (a control character, an
    ANSI escape's ESC, a right-to-left override, a line break unless ``line_breaks``), written
    as its code (``U+0000``), or None when every character is printable."""
    for character in text:
        if character == "\n" and line_breaks:
            continue
        if unicodedata.category(character) in ("Cc", "Cs") or character in _HIDDEN:
            return f"U+{ord(character):04X}"
    return None


def _printable_paragraph(text: str) -> str:
    found = unprintable(text, line_breaks=True)
    if found is not None:
        raise PydanticCustomError(
            "unprintable",
            "holds the character {code}, which cannot be shown (a control character, an "
            "escape or a text-direction override): remove it",
            {"code": found},
        )
    return text


#: Free text (notes, sources): printable, line breaks allowed.
Prose = Annotated[str, AfterValidator(_printable_paragraph)]
#: A flag image file, relative to the scenario file's folder.
FlagFile = Annotated[
    str,
    StringConstraints(pattern=r"^[^\\:*?\"<>|\x00-\x1f]{1,200}\.(png|svg|PNG|SVG)$"),
    Field(description="A PNG or SVG file, e.g. 'flags/samudra.png' (forward slashes)."),
]


class Strict(BaseModel):
    """Base for every section: unknown keys are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in both languages of the game."""

    en: Annotated[str, StringConstraints(min_length=1)] = Field(description="English text.")
    id: Annotated[str, StringConstraints(min_length=1)] = Field(
        description="Bahasa Indonesia text."
    )

    @field_validator("en", "id")
    @classmethod
    def _printable(cls, text: str) -> str:
        if not text.strip():
            raise PydanticCustomError(
                "blank_text", "is only spaces: write the text, or remove the key", {})
        return _printable_paragraph(text)

    def get(self, language: str) -> str:
        """The text in ``language`` ('en' or 'id'), English for anything else."""
        return self.id if language == "id" else self.en


class ClauseSpec(Strict):
    """One clause of an agreement."""

    kind: ClauseKind = Field(description="What the clause does.")
    level: Number = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="Depth from 0 to 1 (tariff cut, share of technology shared, intensity). "
        "Ignored for investment and development aid, which use `amount`.",
    )
    amount: Number = Field(
        default=0.0,
        ge=0.0,
        le=1e9,
        description="Money a year, in the scenario's currency unit (investment, development aid).",
    )
    giver: Identifier | None = Field(
        default=None,
        description="For investment, technology transfer and aid: the party that gives "
        "(investor, technology owner, donor).",
    )
    receiver: Identifier | None = Field(
        default=None, description="For directed clauses: the party that receives."
    )
    training: Flag = Field(
        default=False,
        description="Technology transfer only: with a training part that builds local experts "
        "and lowers dependency over time.",
    )
    form: AidForm = Field(default=AidForm.GRANT, description="Development aid only: grant or loan.")

    @model_validator(mode="after")
    def _directed_clause_names_both_sides(self) -> ClauseSpec:
        directed = self.kind in DIRECTED_CLAUSES
        if directed and (self.giver is None or self.receiver is None):
            raise PydanticCustomError(
                "clause_direction",
                "a clause of kind {kind} needs `giver` and `receiver` (two parties of the agreement)",
                {"kind": self.kind.value},
            )
        if not directed and (self.giver is not None or self.receiver is not None):
            raise PydanticCustomError(
                "clause_direction",
                "a clause of kind {kind} binds all parties alike: remove `giver` and `receiver`",
                {"kind": self.kind.value},
            )
        if directed and self.giver == self.receiver:
            raise PydanticCustomError(
                "clause_direction", "`giver` and `receiver` must be two different parties", {}
            )
        given = self.model_fields_set
        if "training" in given and self.kind is not ClauseKind.TECHNOLOGY_TRANSFER:
            raise PydanticCustomError(
                "clause_field",
                "`training` applies to technology_transfer clauses only: remove it from this "
                "{kind} clause", {"kind": self.kind.value})
        if "form" in given and self.kind is not ClauseKind.DEVELOPMENT_AID:
            raise PydanticCustomError(
                "clause_field",
                "`form` applies to development_aid clauses only: remove it from this {kind} "
                "clause", {"kind": self.kind.value})
        if "amount" in given and self.kind not in AMOUNT_CLAUSES:
            raise PydanticCustomError(
                "clause_field",
                "`amount` applies to investment and development_aid clauses only: remove it "
                "from this {kind} clause (its depth is `level`)", {"kind": self.kind.value})
        if self.kind in AMOUNT_CLAUSES and self.amount <= 0:
            raise PydanticCustomError(
                "clause_amount",
                "a clause of kind {kind} needs an `amount` greater than 0 (money a year)",
                {"kind": self.kind.value},
            )
        return self


class Capital(Strict):
    """A capital city: where the country is drawn when it has no real shape."""

    name: Text | None = Field(default=None, description="The capital's name.")
    latitude: Number = Field(ge=-90, le=90, description="Degrees north (negative: south).")
    longitude: Number = Field(ge=-180, le=180, description="Degrees east (negative: west).")


class Objectives(Strict):
    """Score weights: what this country cares about. Not all may be zero."""

    welfare: Number = Field(default=1.0, ge=0, le=10, description="Weight of welfare growth.")
    trust: Number = Field(default=0.5, ge=0, le=10, description="Weight of trust others hold in it.")
    technology: Number = Field(
        default=0.0, ge=0, le=10,
        description="Not scored: technology counts through what it adds to output, so welfare. "
        "Accepted so that older scenarios load; ignored.")
    human_capital: Number = Field(
        default=0.0, ge=0, le=10,
        description="Not scored: skills count through what they add to output, so welfare. "
        "Accepted so that older scenarios load; ignored.")
    security: Number = Field(default=0.3, ge=0, le=10, description="Weight of security.")
    independence: Number = Field(
        default=0.5,
        ge=0,
        le=10,
        description="Weight of the penalty for depending too much on one partner (sovereignty).",
    )
    influence: Number = Field(
        default=0.0,
        ge=0,
        le=10,
        description="How much the country values influence: the computer, playing it, counts "
        "development aid it gives as worth this many times 2 points a year at a full amount "
        "(0.5% of the receiver's GDP), beside what aid costs and the goodwill (trust) it buys. "
        "0: aid is given only for what it does in the score.",
    )

    @model_validator(mode="after")
    def _not_all_zero(self) -> Objectives:
        scored = ("welfare", "trust", "security", "independence")
        if not any(getattr(self, name) > 0 for name in scored):
            raise PydanticCustomError(
                "objectives_zero", "objectives are all zero: give at least one of welfare, trust, "
                "security and independence a weight above 0", {}
            )
        return self


class Country(Strict):
    """A country of the scenario with its starting data."""

    id: Identifier = Field(description="ISO-like id, e.g. 'IDN'; real ISO alpha-3 codes get real map shapes.")
    name: Text = Field(description="The country's name in both languages.")
    region: Identifier = Field(description="The id of one of the scenario's regions.")
    capital: Capital = Field(description="The capital's position.")
    gdp: Number = Field(gt=0, le=1e12, description="Gross domestic product, in the currency unit.")
    population: Number = Field(gt=0, le=1e4, description="Population in millions.")
    growth: Number = Field(
        default=0.03, ge=-0.2, le=0.2, description="Underlying real growth a year (0.03 = 3%)."
    )
    productivity: list[Annotated[float, Field(gt=0, le=100, strict=True)]] = Field(
        default_factory=list,
        description="Productivity in each of the scenario's sectors (same order), relative: "
        "1.0 is the scenario's average. Empty: 1.0 in every sector.",
    )
    technology: Number = Field(ge=0.01, le=1, description="Technology level, 1 = the frontier.")
    human_capital: Number = Field(ge=0.01, le=1, description="Human capital (skills, education), 0..1.")
    security: Number = Field(default=0.6, ge=0, le=1, description="Security, 0..1.")
    stability: Number = Field(default=0.7, ge=0, le=1, description="Political and economic stability, 0..1.")
    tariff: Number = Field(
        default=0.05, ge=0, le=2, description="Average tariff on imports (0.05 = 5%)."
    )
    delegations: Whole = Field(
        default=2, ge=1, le=10, description="Negotiations the country can open a turn."
    )
    objectives: Objectives = Field(default_factory=Objectives, description="Score weights.")
    brief: Text | None = Field(
        default=None,
        description="The country's private brief in both languages: what its government wants "
        "and why (its objectives in words), for the player of this country only.")
    import_share: Annotated[float, Field(ge=0.0, le=0.9, strict=True)] | None = Field(
        default=None,
        description="Imports of goods and services from everywhere as a share of GDP "
        "(World Bank WDI NE.IMP.GNFS.ZS). What the scenario's own flows leave comes from the "
        "rest of the world. Missing: the parameter `world_import_share`.")
    personality: Personality = Field(
        default=Personality.TRADER, description="How the computer plays this country."
    )
    flag: FlagFile | None = Field(
        default=None,
        description="The country's flag: a PNG or SVG file, its path relative to the scenario "
        "file's folder (e.g. 'flags/samudra.png'). Missing: the built-in flag of a real ISO "
        "alpha-3 id (assets/flags/), else an emblem drawn from the country's id.")


class Region(Strict):
    """A region: agreements among three or more countries of one region are regional."""

    id: Identifier
    name: Text


class Sector(Strict):
    """An economic sector (its productivities are given per country)."""

    id: Identifier
    name: Text


#: A share from 0 to 1, and an amount of money (in the scenario's currency) or stock.
Share = Annotated[float, Field(ge=0.0, le=1.0, strict=True)]
Amount = Annotated[float, Field(ge=0.0, le=1e9, strict=True)]
SharePair = Annotated[list[Share], Field(min_length=2, max_length=2)]
AmountPair = Annotated[list[Amount], Field(min_length=2, max_length=2)]
#: A flow that is given, or "model" for the gravity model's prediction.
Flow = Amount | Literal["model"]
FlowPair = Annotated[list[Flow], Field(min_length=2, max_length=2)]


class Relation(Strict):
    """What two countries have between them at the start. Pairs not listed take model values."""

    between: Annotated[list[Identifier], Field(min_length=2, max_length=2)] = Field(
        description="The two countries: [first, second]."
    )
    trust: Share | SharePair | None = Field(
        default=None,
        description="Trust from 0 to 1: one number for both, or [first's trust in second, "
        "second's trust in first]. Missing: the parameter `initial_trust`.",
    )
    exports: FlowPair | None = Field(
        default=None,
        description="Yearly trade in the currency unit: [first → second, second → first]; "
        'write "model" for a direction the gravity model should fill in. Missing: both modelled.',
    )
    investment: AmountPair | None = Field(
        default=None,
        description="Investment stock: [first's stock in second, second's stock in first].",
    )
    note: Prose | None = Field(default=None, description="Where the figures come from.")



class Organisation(Strict):
    """An international organisation (e.g. ASEAN, the UN) with its members."""

    id: Identifier
    name: Text
    members: list[Identifier] = Field(default_factory=list, description="Member country ids.")
    description: Text | None = None


class AgreementSpec(Strict):
    """An agreement already in force when the game starts."""

    id: Identifier
    name: Text
    parties: Annotated[list[Identifier], Field(min_length=2)] = Field(
        description="The countries bound by it."
    )
    clauses: Annotated[list[ClauseSpec], Field(min_length=1)]
    age: Whole = Field(default=0, ge=0, le=200, description="Years it has already been in force.")
    duration: Whole = Field(
        default=10, ge=1, le=200, description="Years it still runs from the start of the game."
    )
    organisation: Identifier | None = Field(
        default=None, description="The organisation it belongs to, if any."
    )


class EventSpec(Strict):
    """An event card of the scenario's deck, drawn at random in the news phase."""

    id: Identifier
    kind: EventKind
    title: Text
    text: Text = Field(description="The news item the players read.")
    probability: Number = Field(
        default=0.1, ge=0, le=1, description="Chance the card is drawn in a given year."
    )
    targets: list[Identifier] = Field(
        default_factory=list,
        description="Countries it can strike (one is chosen at random; border tension strikes two). "
        "Empty: any country. Pandemics and financial crises strike everyone.",
    )
    magnitude: Number = Field(
        default=1.0, gt=0, le=5, description="Strength relative to the kind's usual effect."
    )
    first_turn: Whole = Field(default=1, ge=1, le=200, description="Earliest turn it can happen.")
    once: Flag = Field(default=True, description="Whether it can happen only once a game.")


class MapView(Strict):
    """The part of the world the map shows at the start, in degrees."""

    longitude_min: Number = Field(default=-180, ge=-180, le=180)
    longitude_max: Number = Field(default=180, ge=-180, le=180)
    latitude_min: Number = Field(default=-60, ge=-90, le=90)
    latitude_max: Number = Field(default=85, ge=-90, le=90)

    @model_validator(mode="after")
    def _ordered(self) -> MapView:
        if self.longitude_min >= self.longitude_max or self.latitude_min >= self.latitude_max:
            raise PydanticCustomError(
                "map_view", "the map view's minimum must be below its maximum", {}
            )
        return self


class ScenarioInfo(Strict):
    """The scenario's metadata."""

    id: Identifier
    title: Text
    description: Text = Field(description="What the players read before the game starts, in "
                              "words for students (sources and units go in designer_notes).")
    lesson: Text = Field(description="What the scenario teaches, for teachers.")
    designer_notes: Text | None = Field(
        default=None, description="Notes for designers and teachers (how the figures were made, "
        "units, modelling choices): shown on the scenario's preview, never as the players' text."
    )
    turns: Whole = Field(default=10, ge=1, le=100, description="Turns (years) a game lasts.")
    hidden_end: bool = Field(
        default=False, description="Hide the game's end: the game is announced as 'about "
        "turns years' and ends after a turn drawn from the seed between turns - 2 and turns + 2 "
        "(at least 1), which nobody learns before it comes, so that keeping promises pays in "
        "every year (see docs/model.md, 'A hidden end')."
    )
    seed: Whole = Field(default=1, ge=0, le=2**63 - 1, description="Default random seed.")
    currency: Text = Field(description="The unit of every money figure, e.g. 'billion US dollars'.")
    currency_note: Text | None = Field(
        default=None, description="Why this unit, and any exchange rate used to convert figures."
    )
    sources: list[Prose] = Field(default_factory=list, description="Where the figures come from.")
    map: MapView = Field(default_factory=MapView, description="The map's starting view.")
    negotiation_rounds: Whole = Field(
        default=3, ge=1, le=10, description="Rounds of offers and counter-offers a negotiation has."
    )
    diplomacy_rounds: Whole = Field(
        default=3, ge=1, le=10, description="Rounds in which countries act in a diplomacy phase."
    )


class Scenario(Strict):
    """A whole scenario file."""

    scenario: ScenarioInfo
    sectors: list[Sector] = Field(
        default_factory=lambda: [
            Sector(id="agriculture", name=Text(en="Agriculture", id="Pertanian")),
            Sector(id="industry", name=Text(en="Industry", id="Industri")),
            Sector(id="services", name=Text(en="Services", id="Jasa")),
        ],
        min_length=1,
    )
    regions: Annotated[list[Region], Field(min_length=1)]
    countries: Annotated[list[Country], Field(min_length=2, max_length=400)]
    relations: list[Relation] = Field(default_factory=list)
    organisations: list[Organisation] = Field(default_factory=list)
    agreements: list[AgreementSpec] = Field(default_factory=list)
    events: list[EventSpec] = Field(default_factory=list)
    parameters: ParameterOverrides = Field(
        default_factory=ParameterOverrides, description="Model parameters to override."
    )

    def country_index(self) -> dict[str, int]:
        """Country id → position in the country list (the model's axis order)."""
        return {country.id: i for i, country in enumerate(self.countries)}


class CrossReferenceProblem(Exception):
    """One broken reference between sections, with its key path."""

    def __init__(self, location: tuple[str | int, ...], message: str, value: Any = None):
        super().__init__(message)
        self.location = location
        self.message = message
        self.value = value


#: An opening agreement's investment or aid a year may be at most this share of the giver's GDP
#: (the built-in scenarios stay near 1%; more is almost always a unit mistake).
MAXIMUM_GIVEN_SHARE = 0.1

SINGULAR = {"sectors": "sector", "regions": "region", "countries": "country",
            "organisations": "organisation", "agreements": "agreement", "events": "event"}


def _duplicates(ids: list[str]) -> list[int]:
    seen: set[str] = set()
    positions = []
    for position, identifier in enumerate(ids):
        if identifier in seen:
            positions.append(position)
        seen.add(identifier)
    return positions


def cross_reference_problems(scenario: Scenario):
    """Yield every broken cross-reference (unknown or duplicate ids, mismatched lengths)."""
    for section in ("sectors", "regions", "countries", "organisations", "agreements", "events"):
        items = getattr(scenario, section)
        for position in _duplicates([item.id for item in items]):
            yield CrossReferenceProblem(
                (section, position, "id"),
                f"duplicate id {items[position].id!r}: every {SINGULAR[section]} needs its own id",
                items[position].id,
            )
    regions = {region.id for region in scenario.regions}
    countries = [country.id for country in scenario.countries]
    known = set(countries)
    known_list = _listing(list(dict.fromkeys(countries)))
    organisations = {organisation.id for organisation in scenario.organisations}
    sectors = len(scenario.sectors)
    for i, country in enumerate(scenario.countries):
        if country.region not in regions:
            yield CrossReferenceProblem(
                ("countries", i, "region"),
                f"unknown region {country.region!r}; known regions: {_listing(regions)}",
                country.region,
            )
        if country.productivity and len(country.productivity) != sectors:
            yield CrossReferenceProblem(
                ("countries", i, "productivity"),
                f"gives {len(country.productivity)} productivities for {sectors} sectors "
                f"({', '.join(s.id for s in scenario.sectors)}): give one a sector, or none",
                country.productivity,
            )

    def unknown(ids: list[str], location: tuple[str | int, ...]):
        for j, country in enumerate(ids):
            if country not in known:
                yield CrossReferenceProblem(
                    (*location, j), f"unknown country {country!r}; known countries: {known_list}",
                    country,
                )

    seen_pairs: set[frozenset[str]] = set()
    for i, relation in enumerate(scenario.relations):
        yield from unknown(relation.between, ("relations", i, "between"))
        pair = frozenset(relation.between)
        if len(pair) < 2:
            yield CrossReferenceProblem(
                ("relations", i, "between"), "a relation needs two different countries",
                relation.between,
            )
        elif pair in seen_pairs:
            yield CrossReferenceProblem(
                ("relations", i, "between"),
                f"the pair {relation.between} is listed twice: merge the two relations",
                relation.between,
            )
        seen_pairs.add(pair)
    yield from _import_problems(scenario)
    yield from _label_problems(scenario)
    members_of = {}
    for i, organisation in enumerate(scenario.organisations):
        yield from unknown(organisation.members, ("organisations", i, "members"))
        for position in _duplicates(organisation.members):
            yield CrossReferenceProblem(
                ("organisations", i, "members", position),
                f"{organisation.members[position]!r} is listed twice among the members",
                organisation.members[position],
            )
        members_of.setdefault(organisation.id, set(organisation.members))
    gdp = {country.id: country.gdp for country in scenario.countries}
    for i, agreement in enumerate(scenario.agreements):
        parties = set(agreement.parties)
        yield from unknown(agreement.parties, ("agreements", i, "parties"))
        if len(parties) < len(agreement.parties):
            yield CrossReferenceProblem(
                ("agreements", i, "parties"), "a country is named twice among the parties",
                agreement.parties,
            )
        if agreement.organisation is not None and agreement.organisation not in organisations:
            yield CrossReferenceProblem(
                ("agreements", i, "organisation"),
                f"unknown organisation {agreement.organisation!r}; known: "
                f"{_listing(organisations)}",
                agreement.organisation,
            )
        elif agreement.organisation is not None:
            outsiders = [p for p in agreement.parties
                         if p in known and p not in members_of[agreement.organisation]]
            if outsiders:
                yield CrossReferenceProblem(
                    ("agreements", i, "parties"),
                    f"{', '.join(outsiders)} not a member of {agreement.organisation!r}, whose "
                    "agreement this is: add them to its members or remove the `organisation`",
                    agreement.parties,
                )
        for k, clause in enumerate(agreement.clauses):
            if clause.kind in AMOUNT_CLAUSES and clause.giver in gdp:
                limit = MAXIMUM_GIVEN_SHARE * gdp[clause.giver]
                if clause.amount > limit:
                    yield CrossReferenceProblem(
                        ("agreements", i, "clauses", k, "amount"),
                        f"{clause.amount:g} a year is more than {MAXIMUM_GIVEN_SHARE:.0%} of "
                        f"{clause.giver}'s GDP ({gdp[clause.giver]:g}): at most {limit:g} "
                        "(check that amounts and GDP are in the same unit)",
                        clause.amount,
                    )
            for side in ("giver", "receiver"):
                party = getattr(clause, side)
                if party is not None and party not in parties:
                    yield CrossReferenceProblem(
                        ("agreements", i, "clauses", k, side),
                        f"{party!r} is not a party of this agreement; parties: "
                        f"{', '.join(agreement.parties)}",
                        party,
                    )
    for i, event in enumerate(scenario.events):
        yield from unknown(event.targets, ("events", i, "targets"))
        if event.kind is EventKind.BORDER_TENSION and event.targets:
            if len(set(event.targets)) < len(event.targets):
                yield CrossReferenceProblem(
                    ("events", i, "targets"),
                    "a country is named twice: a border tension is between two different "
                    "countries, never a country and itself", event.targets,
                )
            elif len(event.targets) < 2:
                yield CrossReferenceProblem(
                    ("events", i, "targets"),
                    "a border tension strikes two different countries: name at least two "
                    "targets, or none (any two countries)", event.targets,
                )
        last = scenario.scenario.turns + (2 if scenario.scenario.hidden_end else 0)
        if event.first_turn > last:
            yield CrossReferenceProblem(
                ("events", i, "first_turn"),
                f"first_turn {event.first_turn} is after the last turn "
                f"({last}): the event could never happen",
                event.first_turn,
            )


def _label_problems(scenario: Scenario):
    """Names and titles are shown on one line (the window's buttons, the command line's
    tables): a line break in one would break the layout or fake a line of output."""
    labels: list[tuple[tuple[str | int, ...], Text | None]] = [
        (("scenario", "title"), scenario.scenario.title),
        (("scenario", "currency"), scenario.scenario.currency),
    ]
    for section in ("sectors", "regions", "countries", "organisations", "agreements"):
        labels += [((section, i, "name"), item.name) for i, item in enumerate(getattr(scenario, section))]
    labels += [(("countries", i, "capital", "name"), c.capital.name)
               for i, c in enumerate(scenario.countries)]
    labels += [(("events", i, "title"), e.title) for i, e in enumerate(scenario.events)]
    for location, text in labels:
        for language in ("en", "id"):
            if text is not None and "\n" in getattr(text, language):
                yield CrossReferenceProblem(
                    (*location, language), "a name or title is one line: remove the line break",
                    getattr(text, language),
                )


def _import_problems(scenario: Scenario):
    """Given flows into a country that exceed what the model allows it to import: almost always
    a unit mistake (exports in millions, GDP in billions)."""
    from game.model.parameters import parameters_for  # the model's own limit

    share = parameters_for(scenario.parameters).maximum_import_share
    imports: dict[str, float] = {}
    for relation in scenario.relations:
        for (_, receiver), flow in zip(
            (relation.between, relation.between[::-1]), relation.exports or [], strict=False
        ):
            if not isinstance(flow, str):
                imports[receiver] = imports.get(receiver, 0.0) + flow
    for k, country in enumerate(scenario.countries):
        limit = share * country.gdp
        if imports.get(country.id, 0.0) > limit:
            yield CrossReferenceProblem(
                ("countries", k, "gdp"),
                f"the given exports into {country.id} add up to {imports[country.id]:g}, more "
                f"than {share:.0%} of its GDP ({limit:g}): check that flows and GDP are in the "
                "same unit (the scenario's currency)",
                country.gdp,
            )


def _listing(ids: set[str] | list[str], limit: int = 12) -> str:
    ordered = sorted(ids) if isinstance(ids, set) else list(ids)
    shown = ", ".join(ordered[:limit])
    return shown + (f" … ({len(ordered)} in all)" if len(ordered) > limit else "") or "none"
