"""The messages between the host and its clients (the browser page, the pygame client, scripts).

Every message is one JSON object in one WebSocket text frame, with a ``type`` and a ``version``
(``VERSION``). The host validates every message a client sends with these pydantic models
(``parse_client``): a message that is not JSON, not an object, of an unknown type, of another
version, or with a field of the wrong kind is refused with an ``Error`` naming what is wrong, and
nothing else happens. Nothing a client sends is ever run: the models know only plain fields.

Client → host: ``Hello`` (join with a code), ``Act`` (a move of the team's country, with an id
the client chose: resending the same id never applies the move twice), ``ViewRequest`` (the
whole current view again), ``Query`` (the proposal builder's projected effect and "what would it
take?"), ``TeacherCommand`` (the teacher's code only). Host → client: ``Welcome``, ``View``
(a team's whole current view) or ``TeacherView``, ``Ack`` (a move applied and saved),
``Answer`` (to a query), ``Error`` (a catalog key with its values and the text in the client's
language). docs/network.md lists every field.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from game.scenario.terms import AidForm, ClauseKind

#: The protocol's version: a client of another version is told to reload or update.
VERSION = 1
#: The longest message the host reads (bytes); longer ones are refused.
MAXIMUM_MESSAGE_BYTES = 64 * 1024

CountryId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,16}$")]
#: An id a client chooses for one of its moves (or commands), unique to that move.
ActionId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
DeviceId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
Number = Annotated[float, Field(allow_inf_nan=False, ge=-1e12, le=1e12)]
Language = Literal["en", "id"]


class Strict(BaseModel):
    """A message model: unknown fields refused, every value checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- the pieces of a move ----------------------------------------------------------------------
class ClauseData(Strict):
    """One clause of an offer, as ``game.rules.agreements.Clause.to_dict`` writes it."""

    kind: ClauseKind
    level: Number = 0.5
    amount: Number = 0.0
    giver: CountryId | None = None
    receiver: CountryId | None = None
    training: bool = False
    form: AidForm = AidForm.GRANT


Clauses = Annotated[list[ClauseData], Field(min_length=1, max_length=16)]
Negotiation = Annotated[int, Field(ge=0, le=1_000_000)]
Duration = Annotated[int, Field(ge=1, le=100)]


class Move(Strict):
    """What every move may say: the country it is for (if given, it must be the team's own)."""

    country: CountryId | None = None


class BeginDiplomacy(Move):
    kind: Literal["begin_diplomacy"]


class Propose(Move):
    kind: Literal["propose"]
    parties: Annotated[list[CountryId], Field(min_length=2, max_length=64)]
    clauses: Clauses
    duration: Duration = 5


class Counter(Move):
    kind: Literal["counter"]
    negotiation: Negotiation
    clauses: Clauses
    duration: Duration = 5


class Accept(Move):
    kind: Literal["accept"]
    negotiation: Negotiation


class Reject(Move):
    kind: Literal["reject"]
    negotiation: Negotiation


class Withdraw(Move):
    kind: Literal["withdraw"]
    negotiation: Negotiation


class EndDiplomacy(Move):
    kind: Literal["end_diplomacy"]


class Keep(Strict):
    """Keep (true) or break (false) one clause: the agreement's id and the clause's index."""

    agreement: Annotated[str, Field(min_length=1, max_length=80)]
    clause: Annotated[int, Field(ge=0, le=100)]
    keep: bool


class EndCompliance(Move):
    kind: Literal["end_compliance"]
    keep: Annotated[list[Keep], Field(max_length=500)] = []


MoveData = Annotated[
    BeginDiplomacy | Propose | Counter | Accept | Reject | Withdraw | EndDiplomacy | EndCompliance,
    Field(discriminator="kind"),
]


# --- the teacher's commands --------------------------------------------------------------------
class ModeratorCard(Strict):
    """Set off an event card of the scenario's deck this year (news or diplomacy phase)."""

    kind: Literal["moderate"]
    card: Annotated[str, Field(min_length=1, max_length=80)]
    countries: Annotated[list[CountryId], Field(max_length=8)] = []
    direction: Literal[1, -1] = 1


class Pause(Strict):
    """Stop the diplomacy countdown and the teams' moves until ``Resume``."""

    kind: Literal["pause"]


class Resume(Strict):
    kind: Literal["resume"]


class MoveDevice(Strict):
    """Make a connected device play for another team's country."""

    kind: Literal["move_device"]
    device: DeviceId
    to: CountryId


class RemoveDevice(Strict):
    """Disconnect a device; its device id cannot join again."""

    kind: Literal["remove_device"]
    device: DeviceId


class EndGame(Strict):
    """End the game now: no more moves, the results folder written, the final view shown."""

    kind: Literal["end_game"]


CommandData = Annotated[ModeratorCard | Pause | Resume | MoveDevice | RemoveDevice | EndGame,
                        Field(discriminator="kind")]


# --- client → host -----------------------------------------------------------------------------
class ClientMessage(Strict):
    version: int = VERSION


class Hello(ClientMessage):
    """Join with a team's or the teacher's code. ``device``: the id the host gave this device
    before (a reconnection keeps it), ``language``: the language of the host's texts."""

    type: Literal["hello"]
    code: Annotated[str, Field(max_length=40)]
    language: Language = "en"
    device: DeviceId | None = None


class Act(ClientMessage):
    """A move of the team's country; ``id`` is the client's, unique to the move."""

    type: Literal["act"]
    id: ActionId
    move: MoveData


class ViewRequest(ClientMessage):
    """Send me the whole current view (after a reconnection, or a doubt)."""

    type: Literal["view"]


class Query(ClientMessage):
    """The proposal builder's questions about a draft (nothing changes): ``projected_effect``
    (the team's own projected score change), ``what_would_it_take`` (the nearest version a
    computer ``partner`` would accept)."""

    type: Literal["query"]
    id: ActionId
    question: Literal["projected_effect", "what_would_it_take"]
    parties: Annotated[list[CountryId], Field(min_length=2, max_length=64)]
    clauses: Clauses
    duration: Duration = 5
    partner: CountryId | None = None


class TeacherCommand(ClientMessage):
    """A command of the teacher (refused from a team's code)."""

    type: Literal["teacher"]
    id: ActionId
    command: CommandData


Incoming = Annotated[Hello | Act | ViewRequest | Query | TeacherCommand, Field(discriminator="type")]
INCOMING: TypeAdapter[Any] = TypeAdapter(Incoming)
INCOMING_TYPES = ("hello", "act", "view", "query", "teacher")


# --- host → client -----------------------------------------------------------------------------
class HostMessage(Strict):
    version: int = VERSION


class Welcome(HostMessage):
    """You have joined: as a team (its country and name) or as the teacher; keep ``device``
    to reconnect as the same device."""

    type: Literal["welcome"] = "welcome"
    role: Literal["team", "teacher"]
    country: str | None
    team: str
    device: str
    language: Language


class View(HostMessage):
    """A team's whole current view (``game.net.views.TeamView``); ``sequence`` grows with every
    change, so a client keeps the newest."""

    type: Literal["view"] = "view"
    sequence: int
    view: dict[str, Any]


class TeacherView(HostMessage):
    """The teacher's view: the game's progress, the devices connected, the countdown, the cards."""

    type: Literal["teacher_view"] = "teacher_view"
    sequence: int
    view: dict[str, Any]


class Ack(HostMessage):
    """The move (or command) ``id`` is applied and saved; ``again``: it had been before (a
    resent id), nothing new was applied."""

    type: Literal["ack"] = "ack"
    id: str
    result: dict[str, Any] = {}
    again: bool = False


class Answer(HostMessage):
    """The answer to a ``Query``."""

    type: Literal["answer"] = "answer"
    id: str
    result: dict[str, Any]


class Error(HostMessage):
    """Refused: ``key`` names the catalog's text (``net.error.*`` or the rules' ``refusal.*``),
    ``values`` fill it in, ``text`` is it in the client's language; ``id`` is the refused
    message's, when it had one. Nothing was applied."""

    type: Literal["error"] = "error"
    key: str
    values: dict[str, str | int | float] = {}
    text: str
    id: str | None = None


def parse_client(text: str) -> Any:
    """The client's message as its model; ``MessageError`` with the catalog key if it is not one."""
    try:
        return INCOMING.validate_json(text)
    except ValidationError as error:
        raise MessageError(*_explain(error)) from None


class MessageError(Exception):
    """A client message that is not one of ours: ``key`` (``net.error.*``) and its values."""

    def __init__(self, key: str, values: dict[str, str | int | float] | None = None):
        self.key = key
        self.values = values or {}
        super().__init__(key)


def _explain(error: ValidationError) -> tuple[str, dict[str, str | int | float]]:
    first = error.errors(include_url=False)[0]
    kind = first.get("type", "")
    place = ".".join(str(p) for p in first.get("loc", ()))[:80]
    if kind == "json_invalid":
        return "net.error.not_json", {}
    if not first.get("loc"):
        if kind == "union_tag_not_found":
            return "net.error.no_type", {}
        if kind == "union_tag_invalid":
            return "net.error.unknown_type", {"type": str((first.get("ctx") or {}).get("tag", ""))[:40]}
        return "net.error.not_object", {}
    return "net.error.invalid", {"place": place or "-", "problem": str(first.get("msg", ""))[:120]}


def encode(message: HostMessage) -> str:
    """The JSON text of a message for the wire."""
    return message.model_dump_json()
