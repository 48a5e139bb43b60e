"""Every visible string: the current language, lookups in the catalogs, names and numbers.

The language is one global setting of the client (switched at run time from the menu or the
settings). Texts handed to pygame_gui are always already translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game.i18n import catalog, numbers, translate
from game.rules.agreements import Clause
from game.scenario.schema import AMOUNT_CLAUSES, AidForm, ClauseKind

_language = "en"


def set_language(language: str) -> None:
    global _language
    _language = language if language in ("en", "id") else "en"


def language() -> str:
    return _language


def tr(key: str, **values: Any) -> str:
    """A catalog text in the current language with its values filled in."""
    return translate(key, _language, **values)


def ui(key: str, **values: Any) -> str:
    """A text of the client's own catalog (``ui.*``)."""
    return translate(f"ui.{key}", _language, **values)


def turns_shown(facts: Mapping[str, Any]) -> Any:
    """How long a game is said to last, as "Turn 3 of …" ends: its last turn, or "about 10"
    when its end is hidden (``facts``: a view, or ``game_facts``; the turn drawn is never in
    them, ``game.rules.ending``)."""
    if facts.get("hidden_end"):
        return ui("game.about_turns", turns=facts.get("announced_turns", "?"))
    return facts.get("last_turn", "?")


def game_facts(game: Any) -> dict[str, Any]:
    """What a screen may say of a game's length: ``end_facts`` and the last turn."""
    return {**game.end_facts(), "last_turn": game.last_turn}


def has(key: str) -> bool:
    return key in catalog("en")


# --- numbers ---------------------------------------------------------------------------------

def number(value: float, digits: int = 1) -> str:
    """A number as people write it: 1,234.5 in English and 1.234,5 in Indonesian (never
    "−0": a value that rounds to zero is 0; ``game.i18n.numbers``)."""
    return numbers.number(value, digits, _language)


def signed(value: float, digits: int = 1) -> str:
    """+1.2 or −1.2 (a true minus sign); a value that rounds to zero shows as 0."""
    return numbers.signed(value, digits, _language)


def percent(share: float, digits: int = 0) -> str:
    return number(100.0 * share, digits) + "%"


def signed_percent(share: float, digits: int = 1) -> str:
    return signed(100.0 * share, digits) + "%"


def money(value: float, currency: str) -> str:
    digits = 0 if abs(value) >= 100 else (1 if abs(value) >= 10 else 2)
    return f"{number(value, digits)} {currency}"


# --- names -----------------------------------------------------------------------------------

def country_name(game: Any, country: str) -> str:
    """A country's name in the current language (its id if unknown)."""
    index = game.index.get(country) if game is not None else None
    if index is None:
        return country
    return game.scenario.countries[index].name.get(_language)


def names(game: Any, countries: list[str] | tuple[str, ...]) -> str:
    """Country names joined as a list: "Japan, China and Korea"."""
    parts = [country_name(game, c) for c in countries]
    if len(parts) <= 1:
        return "".join(parts)
    return ui("list_join", first=", ".join(parts[:-1]), last=parts[-1])


def currency(game: Any) -> str:
    return game.scenario.scenario.currency.get(_language)


def scenario_text(text: Any) -> str:
    return text.get(_language) if text is not None else ""


def clause_name(kind: ClauseKind | str) -> str:
    value = kind.value if isinstance(kind, ClauseKind) else kind
    return tr(f"clause.{value}")


def clause_text(game: Any, clause: Clause, short: bool = False) -> str:
    """One clause in words: "trade liberalisation 50%", "investment 2.5 billion dollars a year
    from Japan to Indonesia", "technology transfer with training 50% from ...".)"""
    name = clause_name(clause.kind)
    if clause.kind is ClauseKind.TECHNOLOGY_TRANSFER and clause.training:
        name = ui("clause.with_training", clause=name)
    if clause.kind is ClauseKind.DEVELOPMENT_AID:
        name = ui("clause.aid_form", clause=name, form=ui(f"aid.{AidForm(clause.form).value}"))
    if clause.kind in AMOUNT_CLAUSES:
        size = ui("clause.amount_a_year", amount=money(clause.amount, currency(game)))
    else:
        size = percent(clause.level)
    text = f"{name} {size}"
    if clause.directed and clause.giver and clause.receiver and not short:
        text += " " + ui("clause.direction", giver=country_name(game, clause.giver),
                         receiver=country_name(game, clause.receiver))
    return text


def agreement_name(game: Any, agreement: Any) -> str:
    """The scenario's name of an agreement, or one made of its type and parties."""
    if agreement.name:
        return agreement.name.get(_language) or agreement.name.get("en") or agreement.id
    kind = tr(f"agreement_type.{game.agreement_type(agreement.parties).value}")
    return ui("agreement.made_name", type=kind.capitalize(), parties=names(game, agreement.parties))


def agreement_type_name(game: Any, parties: tuple[str, ...] | list[str]) -> str:
    return tr(f"agreement_type.{game.agreement_type(parties).value}")


def refusal_text(refusal: Any) -> str:
    """A refusal's reason: the rules' catalog, or the client's for its own refusals."""
    key = f"refusal.{refusal.key}"
    if not has(key):
        key = f"ui.refusal.{refusal.key}"
    values = dict(refusal.values)
    if "clause" in values and isinstance(values["clause"], str) and has(f"clause.{values['clause']}"):
        values["clause"] = clause_name(values["clause"])
    return translate(key, _language, **values)


def reason_text(game: Any, reason: Any) -> str:
    """One of the AI's reasons: "dependency on Japan −8"."""
    values = dict(getattr(reason, "values", {}) or {})
    for name in ("partner", "country"):
        if name in values:
            values[name] = country_name(game, str(values[name]))
    key = f"reason.{reason.key}"
    if "personality" in values:  # what the personality likes, in words (not its name)
        if has(f"{key}_of.{values['personality']}"):
            key = f"{key}_of.{values['personality']}"
        values["personality"] = tr(f"personality.{values['personality']}")
    label = tr(key, **values)
    return f"{label} {signed(reason.points, 1)}"


def event_title(game: Any, event: Any) -> str:
    card = game.deck.get(event.card)
    return card.title.get(_language) if card is not None else tr(f"event.{event.kind.value}")


def event_text(game: Any, event: Any) -> str:
    card = game.deck.get(event.card)
    return card.text.get(_language) if card is not None else ""


def term_name(term: str) -> str:
    return cap(tr(f"term.{term}"))


def cap(value: str) -> str:
    """The text with its first letter in capitals (catalog terms are lower case)."""
    return value[:1].upper() + value[1:]


def change_text(game: Any, change: Any) -> str:
    """One line of a difference between offers: "+ education exchange 50%", "trade 60% » 35%"."""
    if change.change == "added":
        return ui("difference.added", clause=clause_text(game, change.after))
    if change.change == "removed":
        return ui("difference.removed", clause=clause_text(game, change.before))
    before, after = change.before, change.after
    if before.kind in AMOUNT_CLAUSES:
        old = money(before.amount, currency(game))
        new = money(after.amount, currency(game))
    else:
        old, new = percent(before.level), percent(after.level)
    extra = ""
    if before.training != after.training:
        extra = " " + (ui("difference.training_added") if after.training
                       else ui("difference.training_removed"))
    return ui("difference.changed", clause=cap(clause_name(after.kind)), before=old, after=new) + extra
