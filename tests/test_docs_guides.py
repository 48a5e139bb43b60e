"""The teachers' guide and the scenario designers' guide stay true to the code: every
`run_game.py` command they quote names a real verb with real flags, every relative link points at
a file (and heading) that exists, and the teachers' guide has its Indonesian half."""

from __future__ import annotations

import contextlib
import functools
import io
import re
import shlex
from pathlib import Path

import pytest

from game.tools.cli import VERBS, main

ROOT = Path(__file__).resolve().parent.parent
GUIDES = [ROOT / "docs" / "teachers.md", ROOT / "docs" / "designing-scenarios.md"]
#: Options of the game itself, which take a value and may stand before the verb.
GLOBAL_OPTIONS_WITH_VALUE = {"--lang", "--scale", "--scenario"}
#: Verbs whose first positional word is an action with its own options.
VERBS_WITH_ACTIONS = {"results"}


def _commands(text: str) -> list[str]:
    """Every `python run_game.py ...` / `python3 run_game.py ...` command quoted in ``text``:
    in code blocks (a line each, backslash continuations joined) and in inline code."""
    commands: list[str] = []
    in_block = False
    pending = ""
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            in_block = not in_block
            continue
        if in_block:
            line = pending + line.strip()
            if line.endswith("\\"):
                pending = line[:-1] + " "
                continue
            pending = ""
            found = re.search(r"\bpython3? run_game\.py\b.*", line)
            if found:
                commands.append(found.group(0).split("  #")[0].split(" # ")[0])
        else:
            for span in re.findall(r"`([^`]+)`", line):
                found = re.search(r"\bpython3? run_game\.py\b.*", span)
                if found:
                    commands.append(found.group(0))
    return commands


def _parse(command: str) -> tuple[list[str], list[str]]:
    """The verb (with its action, if any) and the flags of ``command``."""
    words = shlex.split(command.replace("\\", "/"))[2:]
    path: list[str] = []
    flags: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word.startswith("--"):
            flag = word.split("=")[0]
            flags.append(flag)
            if not path and flag in GLOBAL_OPTIONS_WITH_VALUE and "=" not in word:
                skip = True
        elif word.startswith("-") and len(word) > 1 and not word[1].isdigit():
            flags.append(word)
        elif not path or (len(path) == 1 and path[0] in VERBS_WITH_ACTIONS):
            path.append(word)
    return path, flags


@functools.cache
def _help(path: tuple[str, ...]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main([*path, "--help"])
    return out.getvalue()


def _quoted_commands() -> list[tuple[str, str]]:
    found = []
    for guide in GUIDES:
        for command in _commands(guide.read_text(encoding="utf-8")):
            found.append((guide.name, command))
    return found


def test_the_guides_quote_commands() -> None:
    names = {name for name, _ in _quoted_commands()}
    assert names == {guide.name for guide in GUIDES}


@pytest.mark.parametrize(("guide", "command"), _quoted_commands())
def test_every_quoted_command_names_a_verb_and_its_flags(guide: str, command: str) -> None:
    path, flags = _parse(command)
    if path:
        assert path[0] in VERBS, f"{guide}: unknown verb {path[0]!r} in {command!r}"
    text = _help(tuple(path))
    for flag in flags:
        assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text), \
            f"{guide}: {flag} is not an option of {' '.join(path) or 'the game'}: {command!r}"


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return {_slug(m) for m in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_relative_links_exist(guide: Path) -> None:
    text = re.sub(r"```.*?```", "", guide.read_text(encoding="utf-8"), flags=re.S)
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert links
    for link in links:
        if re.match(r"^[a-z]+:", link):
            continue
        target, _, anchor = link.partition("#")
        path = (guide.parent / target).resolve() if target else guide
        assert path.exists(), f"{guide.name}: broken link {link}"
        if anchor and path.suffix == ".md":
            assert anchor in _anchors(path), f"{guide.name}: no heading for {link}"


def test_teachers_guide_has_an_indonesian_half() -> None:
    text = (ROOT / "docs" / "teachers.md").read_text(encoding="utf-8")
    assert re.search(r"^# Diplomasi untuk guru$", text, flags=re.M)
    half = text.split("# Diplomasi untuk guru", 1)[1]
    for heading in ("Rencana pelajaran 45 menit", "Rencana pelajaran 90 menit",
                    "Pertanyaan untuk pembahasan", "Kompetisi kelas"):
        assert f"## {heading}" in half
    terms = ["kerja sama internasional", "bilateral", "regional", "multilateral", "kepercayaan",
             "ketergantungan berlebihan", "kedaulatan", "kesejahteraan rakyat", "perundingan",
             "perjanjian"]
    missing = [term for term in terms if term not in half.lower()]
    assert not missing, f"the Indonesian half lacks {missing}"
    # as long as the English half, give or take: two full halves, not a summary
    english = text.split("# Diplomasi untuk guru", 1)[0]
    assert len(half) > 0.7 * len(english)


def test_the_guides_name_every_built_in_scenario() -> None:
    teachers = (ROOT / "docs" / "teachers.md").read_text(encoding="utf-8")
    for scenario in sorted((ROOT / "scenarios").glob("*.toml")):
        assert f"`{scenario.stem}`" in teachers
