"""The competition being set up on the screen: the scenario, the teams (a name and a free country
each, in playing order) and the options, what keeps it from starting, and the ``Competition`` it
makes (or shows, loaded from a set-up file)."""

from __future__ import annotations

from game.classroom.competition import MAXIMUM_NAME_LENGTH, Competition
from game.scenario.loading import ScenarioError
from game.ui.catalog import default_country, load_cached
from game.ui.text import ui

#: At most this many teams share one screen.
MAXIMUM_TEAMS = 8
#: The scenario a competition offers first (the lesson's own), if it is there.
PREFERRED_SCENARIO = "indonesia-partners"


class CompetitionSetup:
    """Part of ``CompetitionScene``: the set-up's state and its checks."""

    def select(self, identifier: str, keep_settings: bool = False) -> None:
        """Use the scenario ``identifier``: its turns and seed, the teams' countries kept where
        the scenario has them (teams beyond its number of countries dropped)."""
        result = load_cached(identifier)
        self.scenario_id = identifier
        if isinstance(result, ScenarioError):
            self.loaded, self.error = None, result.report()
            return
        self.loaded, self.error = result, None
        if not keep_settings:
            info = result.scenario.scenario
            self.turns, self.seed = info.turns, info.seed
            self.hidden_end = info.hidden_end
        ids = self.country_ids()
        kept: list[dict[str, str]] = []
        for team in self.teams:
            if team["country"] not in ids or any(t["country"] == team["country"] for t in kept):
                team = {**team, "country": ""}
            kept.append(team)
        for team in kept:
            if not team["country"]:
                free = self.free_countries(kept)
                team["country"] = free[0] if free else ""
        # more teams than the scenario has countries: the last teams without one go
        kept = [team for team in kept if team["country"]]
        self.teams = kept[: min(MAXIMUM_TEAMS, len(ids))]
        while len(self.teams) < min(2, len(ids)):
            self.teams.append(self.new_team())

    def country_ids(self) -> list[str]:
        """The scenario's countries, the one a new game offers first (Indonesia) first."""
        if self.loaded is None:
            return []
        ids = [c.id for c in self.loaded.scenario.countries]
        first = default_country(self.loaded)
        return [first] + [c for c in ids if c != first]

    def free_countries(self, teams: list[dict[str, str]] | None = None) -> list[str]:
        taken = {t["country"] for t in (self.teams if teams is None else teams)}
        return [c for c in self.country_ids() if c not in taken]

    def new_team(self) -> dict[str, str]:
        names = {t["name"].casefold() for t in self.teams}
        number_ = len(self.teams) + 1
        while ui("competition.team_default", number=number_).casefold() in names:
            number_ += 1
        free = self.free_countries()
        return {"name": ui("competition.team_default", number=number_), "country": free[0] if free else ""}

    def can_add(self) -> bool:
        return self.loaded is not None and len(self.teams) < MAXIMUM_TEAMS and bool(self.free_countries())

    def problem(self) -> str | None:
        """What keeps the set-up from starting, in words for the teacher (None: it can start)."""
        if self.loaded is None:
            return ui("competition.problem.no_scenario")
        seen: set[str] = set()
        for number_, team in enumerate(self.teams, start=1):
            name = " ".join(team["name"].split())
            if not name:
                return ui("competition.problem.no_name", number=number_)
            if len(name) > MAXIMUM_NAME_LENGTH:
                return ui("competition.problem.long_name", number=number_, limit=MAXIMUM_NAME_LENGTH)
            if name.casefold() in seen:
                return ui("competition.problem.same_name", name=name)
            seen.add(name.casefold())
        if self.seed is None:
            return ui("competition.problem.no_seed")
        return None

    def competition(self) -> Competition:
        """The set-up on screen as a Competition (ValidationError if it is not valid)."""
        results = self.results_text.strip()
        return Competition(
            scenario=self.scenario_id, teams=[dict(t) for t in self.teams], difficulty=self.difficulty,
            turns=self.turns, seed=self.seed if self.seed is not None else -1,
            hidden_end=self.hidden_end,
            diplomacy_minutes=self.minutes, reflection=self.reflection,
            results_folder=results or None)

    def use(self, competition: Competition) -> None:
        """Show a loaded set-up."""
        self.teams = [{"name": t.name, "country": t.country} for t in competition.teams]
        self.difficulty = competition.difficulty
        self.minutes = competition.diplomacy_minutes
        self.reflection = competition.reflection
        self.results_text = competition.results_folder or ""
        self.select(competition.scenario, keep_settings=True)
        self.turns = competition.turns or (self.loaded.scenario.scenario.turns if self.loaded else None)
        self.seed = competition.seed
        self.hidden_end = (competition.hidden_end if competition.hidden_end is not None else
                           bool(self.loaded and self.loaded.scenario.scenario.hidden_end))
