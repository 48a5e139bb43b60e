"""Counted nouns take their plural form from the catalogs ("1 clause", "2 clauses"; issue 15's
"1 clauses", "1 promises"): a text with plural forms is a node {"one", "other"} chosen by the
``count`` value, and no student-facing English text counts a plural noun without one."""

from __future__ import annotations

import re

from game.i18n import catalog, translate

#: Texts whose count is never 1: hot-seat needs two teams at least; one problem has its own text.
NEVER_ONE = {"ui.reload.problems", "ui.setup.hot_seat", "ui.game.hot_seat"}


def test_one_and_many_in_english():
    assert translate("ui.inbox.item.from", "en", name="Japan", count=1) == "From Japan: 1 clause"
    assert translate("ui.inbox.item.from", "en", name="Japan", count=3) == "From Japan: 3 clauses"
    assert translate("ui.end.debrief.broke", "en", count=1) == "You broke 1 promise."
    assert translate("ui.end.debrief.broke", "en", count=0) == "You broke 0 promises."
    assert translate("ui.negotiation.duration", "en", count=1) == "Duration: 1 year"
    assert translate("ui.compliance.kept_count", "en", kept=1, count=1) == "You keep 1 of 1 clause."


def test_indonesian_has_the_same_forms_without_inflection():
    one = translate("ui.inbox.item.from", "id", name="Jepang", count=1)
    many = translate("ui.inbox.item.from", "id", name="Jepang", count=3)
    assert one == "Dari Jepang: 1 klausul" and many == "Dari Jepang: 3 klausul"


def test_no_counted_plural_without_plural_forms():
    english = catalog("en")
    single = [k for k, v in english.items()
              if k.startswith(("ui.", "explain.")) and not k.endswith((".one", ".other"))
              and k not in NEVER_ONE and re.search(r"%\{count\} [a-z]+s\b", v)]
    assert single == []
    for key in (k for k in english if k.endswith(".one")):
        assert key.removesuffix(".one") + ".other" in english, key
