"""Find the line of every key in a TOML text, so that errors can say where to look.

``tomllib`` gives values without positions; this scanner walks the text once and maps each key
path (``("countries", 3, "gdp")``) to its 1-based line: table headers, arrays of tables,
dotted keys, and the elements and keys of inline arrays and tables, even across lines.
It never raises on malformed text: whatever it cannot follow it skips.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BARE_VALUE = re.compile(r"[^,\]}\n#]*")  # a number, a date, true or false
_BLANK = re.compile(r"(?:[ \t\r]+|#[^\n]*)*")
_BLANK_LINES = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
#: What may stand between an opening and a closing quote, by opening quote.
_STRING_BODIES = {
    '"': re.compile(r'(?:[^"\\\n]|\\.)*'),
    "'": re.compile(r"[^'\n]*"),
    '"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*', re.DOTALL),
    "'''": re.compile(r"(?:[^']|'(?!''))*"),
}
_QUOTE_RUNS = {'"': re.compile('"+'), "'": re.compile("'+")}


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0
        self.line = 1
        self.lines: dict[Path, int] = {}

    # --- low-level reading ---------------------------------------------------------------
    def peek(self) -> str:
        return self.text[self.position] if self.position < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        end = min(self.position + count, len(self.text))
        self.line += self.text.count("\n", self.position, end)
        self.position = end

    def advance_to(self, end: int) -> None:
        self.advance(end - self.position)

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces and comments (and line ends too when ``newlines``)."""
        pattern = _BLANK_LINES if newlines else _BLANK
        self.advance_to(pattern.match(self.text, self.position).end())

    def skip_line(self) -> None:
        end = self.text.find("\n", self.position)
        self.advance_to(len(self.text) if end < 0 else end + 1)

    def read_string(self) -> str:
        """A quoted string (basic or literal, single- or multi-line); the scanner moves past it."""
        quote = self.peek()
        triple = self.text.startswith(quote * 3, self.position)
        delimiter = quote * 3 if triple else quote
        self.advance(len(delimiter))
        start = self.position
        self.advance_to(_STRING_BODIES[delimiter].match(self.text, start).end())
        if triple and self.text.startswith(delimiter, self.position):
            # A closing delimiter may be preceded by up to two quotes of the string itself.
            run = _QUOTE_RUNS[quote].match(self.text, self.position).end() - self.position
            extra = min(run - 3, 2)
            value = self.text[start : self.position + extra]
            self.advance(extra + 3)
            return value
        value = self.text[start : self.position]
        if not triple and self.peek() == quote:
            self.advance()
        return value

    def read_key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            char = self.peek()
            if char in ('"', "'"):
                parts.append(self.read_string())
            else:
                match = _BARE_KEY.match(self.text, self.position)
                if not match:
                    return parts
                parts.append(match.group())
                self.advance(match.end() - self.position)
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.advance()

    def mark(self, table: Path, key: list[str], line: int) -> None:
        """Record ``line`` for a (dotted) key and for each table its dots create."""
        for end in range(1, len(key) + 1):
            self.lines.setdefault((*table, *key[:end]), line)

    # --- values --------------------------------------------------------------------------
    def read_value(self, path: Path) -> None:
        self.skip_blank(newlines=False)
        char = self.peek()
        if char == "[":
            self.read_array(path)
        elif char == "{":
            self.read_inline_table(path)
        elif char in ('"', "'"):
            self.read_string()
        else:
            self.advance_to(_BARE_VALUE.match(self.text, self.position).end())

    def read_array(self, path: Path) -> None:
        self.advance()  # [
        index = 0
        while True:
            self.skip_blank(newlines=True)
            char = self.peek()
            if char in ("]", ""):
                self.advance()
                return
            if char == ",":
                self.advance()
                continue
            self.lines.setdefault((*path, index), self.line)
            before = self.position
            self.read_value((*path, index))
            index += 1
            if self.position == before:
                self.advance()

    def read_inline_table(self, path: Path) -> None:
        self.advance()  # {
        while True:
            self.skip_blank(newlines=True)
            char = self.peek()
            if char in ("}", ""):
                self.advance()
                return
            if char == ",":
                self.advance()
                continue
            line = self.line
            key = self.read_key()
            self.skip_blank(newlines=False)
            if not key or self.peek() != "=":
                self.advance()
                continue
            self.advance()
            full = (*path, *key)
            self.mark(path, key, line)
            self.read_value(full)


def key_lines(text: str) -> dict[Path, int]:
    """Map every key path of a TOML text to the line where it is written (1-based)."""
    scanner = _Scanner(text)
    table: Path = ()
    array_counts: dict[Path, int] = {}
    while scanner.position < len(text):
        scanner.skip_blank(newlines=True)
        if scanner.position >= len(text):
            break
        line = scanner.line
        if text.startswith("[[", scanner.position):
            scanner.advance(2)
            parts = scanner.read_key()
            if not parts:
                scanner.skip_line()
                continue
            header = (*_resolve(parts[:-1], array_counts), parts[-1])
            array_counts[header] = array_counts.get(header, -1) + 1
            table = (*header, array_counts[header])
            _mark_parents(scanner.lines, header, line)
            scanner.lines.setdefault(table, line)
            scanner.skip_line()
        elif scanner.peek() == "[":
            scanner.advance()
            table = _resolve(scanner.read_key(), array_counts)
            _mark_parents(scanner.lines, table, line)
            scanner.skip_line()
        else:
            key = scanner.read_key()
            scanner.skip_blank(newlines=False)
            if key and scanner.peek() == "=":
                scanner.advance()
                full = (*table, *key)
                scanner.mark(table, key, line)
                scanner.read_value(full)
            scanner.skip_line()
    return scanner.lines


def _resolve(parts: list[str], array_counts: dict[Path, int]) -> Path:
    """A header's path, with the current index after each array of tables it passes through."""
    path: Path = ()
    for part in parts:
        path = (*path, part)
        if path in array_counts:
            path = (*path, array_counts[path])
    return path


def _mark_parents(lines: dict[Path, int], path: Path, line: int) -> None:
    """Record ``line`` for a table header's path and every ancestor not written before it."""
    for end in range(1, len(path) + 1):
        lines.setdefault(path[:end], line)


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its nearest written ancestor; None if nothing matches."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None
