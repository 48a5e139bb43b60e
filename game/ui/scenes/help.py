"""Help: how to play, a bilingual glossary of the concepts, keyboard shortcuts."""

from __future__ import annotations

import pygame

from game.i18n import translate
from game.model.state import SCORE_TERMS
from game.ui.hover_tips import term_tip
from game.ui.scene import Scene, colour_tag, escape
from game.ui.text import language, ui
from game.ui.widgets import segmented

TABS = ("play", "glossary", "shortcuts")
#: The concepts of the glossary, in the order a lesson meets them.
CONCEPTS = ("cooperation", "mutual_benefit", "agreement", "negotiation", "treaty", "bilateral",
            "regional", "multilateral", "trust", "sovereignty", "non_interference", "free_active",
            "welfare", "production_costs", "technology", "dependency", "security", "investment",
            "aid", "msme", "visa", "education", "state_name", "nash")
SHORTCUTS = ("esc", "f11", "f1", "f9", "enter", "n", "i", "r", "c", "lens", "arrows", "zoom", "save",
             "moderator.shortcut", "f5", "guard.shortcut.tab")
PLAY_STEPS = ("goal", "score", "par", "news", "diplomacy", "answers", "compliance", "resolution",
              "hidden_end", "hot_seat")


def glossary_html(accent) -> str:
    """Every concept with its term in both languages and our explanation."""
    other = "en" if language() == "id" else "id"
    parts = []
    for concept in CONCEPTS:
        term = ui(f"glossary.{concept}.term")
        other_term = translate(f"ui.glossary.{concept}.term", other)
        parts.append(f"<font color={colour_tag(accent)}><b>{escape(term)}</b></font> "
                     f"<i>({escape(other_term)})</i><br>{escape(ui(f'glossary.{concept}.text'))}")
    return "<br><br>".join(parts)


def score_text() -> str:
    """The score step of *How to play*: what a point is, then one line per term of the model's
    score (``SCORE_TERMS``, each term's own explanation), so the help cannot name other terms."""
    lines = [escape(ui("play.score.text"))]
    for term in SCORE_TERMS:  # "Welfare: how much ...", the name in bold
        name, _, explanation = term_tip(term).partition(": ")
        lines.append(f"&#8226; <b>{escape(name)}</b>: {escape(explanation)}")
    return "<br>".join(lines)


def play_html(accent) -> str:
    """The steps of *How to play*, each with its title."""
    parts = []
    for step in PLAY_STEPS:
        text = score_text() if step == "score" else escape(ui(f"play.{step}.text"))
        parts.append(f"<font color={colour_tag(accent)}><b>{escape(ui(f'play.{step}.title'))}</b>"
                     f"</font><br>{text}")
    return "<br><br>".join(parts)


class HelpScene(Scene):
    name = "help"

    def __init__(self, app, tab: str = "play"):
        super().__init__(app)
        self.tab = tab if tab in TABS else "play"

    def build(self) -> None:
        top = self.top_bar(ui("help.title"))
        margin = self.px(24)
        width = min(self.width - 2 * margin, self.px(900))
        left = (self.width - width) // 2
        segmented(self, pygame.Rect(left, top, width, self.px(40)),
                  [(t, ui(f"help.tab.{t}")) for t in TABS], self.tab, self.on_tab, key="tab")
        rect = pygame.Rect(left, top + self.px(52), width, self.height - top - self.px(52) - margin)
        self.textbox(rect, self.html(), "#boxed")

    def html(self) -> str:
        accent = self.colours.accent
        if self.tab == "glossary":
            return (f"{escape(ui('help.glossary_intro'))}<br><br>" + glossary_html(accent))
        if self.tab == "shortcuts":
            prefixes = [k if "." in k else f"shortcut.{k}" for k in SHORTCUTS]  # a.b: ui.a.b.keys
            rows = [f"<b>{escape(ui(f'{p}.keys'))}</b>: {escape(ui(f'{p}.does'))}" for p in prefixes]
            return "<br>".join(rows)
        return play_html(accent)

    def on_tab(self, tab: str) -> None:
        self.tab = tab
        self.app.rebuild()
