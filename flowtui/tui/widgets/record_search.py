"""Moving inside a record's JSON text: search matches, the line of a JSON Pointer, a line number.

Pure functions over the text a view or the editor shows (masked, hidden characters escaped), so
what is found is what is on screen; the record view and the editor both use them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from flowtui.patching import pointer_for_line

Location = tuple[int, int]
"""(line, column), 0-based, as TextArea takes it."""

_KEYED = re.compile(r'\s*("(?:[^"\\]|\\.)*")\s*:\s*(.*)$')
_VALUE = re.compile(
    r'(?:\{|\[|\{\}|\[\]|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null),?'
)
SLOW_SCAN_LINES = 5000
"""Lines a text that is not laid out as pretty_json writes it is scanned line by line for a
pointer; past that the answer is "not found" rather than a frozen screen."""


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@dataclass
class _Container:
    tokens: list[str]
    is_object: bool
    count: int = 0


def line_pointers(text: str) -> list[str] | None:
    """The JSON Pointer of each line of text laid out one node per line (pretty_json, indent 2).

    A closing bracket's line gets its container's pointer, as ``pointer_for_line`` gives it.
    None when the text is not laid out that way (a half-typed edit): callers scan instead.
    """
    pointers: list[str] = []
    stack: list[_Container] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            pointers.append("/".join(["", *stack[-1].tokens]) if stack else "")
            continue
        if stripped[0] in "}]":
            if not stack:
                return None
            if stripped.rstrip(",") not in ("}", "]"):
                return None
            closed = stack.pop()
            pointers.append("".join("/" + t for t in closed.tokens))
            continue
        tokens: list[str] = []
        rest = stripped
        if stack:
            top = stack[-1]
            if top.is_object:
                keyed = _KEYED.match(stripped)
                if keyed is None:
                    return None
                try:
                    key = json.loads(keyed.group(1))
                except ValueError:
                    return None
                tokens = [*top.tokens, _escape(str(key))]
                rest = keyed.group(2)
            else:
                tokens = [*top.tokens, str(top.count)]
                top.count += 1
        pointers.append("".join("/" + t for t in tokens))
        if _VALUE.fullmatch(rest.strip()) is None:
            return None  # more than one node on the line (half-typed, or laid out otherwise)
        opener = rest.rstrip(",").strip()
        if opener in ("{", "["):
            stack.append(_Container(tokens, opener == "{"))
    return pointers if not stack else None


def line_of_pointer(text: str, pointer: str) -> int | None:
    """The first 0-based line whose node is ``pointer``, or None when no line holds it."""
    pointers = line_pointers(text)
    if pointers is not None:
        return pointers.index(pointer) if pointer in pointers else None
    for line in range(min(text.count("\n") + 1, SLOW_SCAN_LINES)):
        if pointer_for_line(text, line) == pointer:
            return line
    return None


def parse_line_number(typed: str) -> int | None:
    """The 1-based line number a person typed after ``:`` (``42``), or None if it is not one."""
    typed = typed.strip()
    return int(typed) if typed.isdecimal() and typed.isascii() else None


def find_matches(text: str, query: str) -> list[Location]:
    """Every place ``query`` occurs in ``text``, plain text and case-insensitive, in order."""
    if not query:
        return []
    needle = query.lower()
    found: list[Location] = []
    for number, line in enumerate(text.split("\n")):
        lowered = line.lower()
        start = lowered.find(needle)
        while start != -1:
            found.append((number, start))
            start = lowered.find(needle, start + 1)
    return found


@dataclass
class SearchState:
    """The last search of a view: its matches and which one the cursor is on."""

    query: str = ""
    matches: list[Location] = field(default_factory=list)
    current: int = -1

    def start(self, text: str, query: str, cursor: Location) -> Location | None:
        """Search ``text``; the first match at or after ``cursor`` becomes current."""
        self.query = query
        self.matches = find_matches(text, query)
        self.current = -1
        if not self.matches:
            return None
        after = [i for i, place in enumerate(self.matches) if place >= cursor]
        self.current = after[0] if after else 0
        return self.matches[self.current]

    def step(self, forward: bool) -> Location | None:
        """The next (or previous) match, wrapping round; None when there are none."""
        if not self.matches:
            return None
        self.current = (self.current + (1 if forward else -1)) % len(self.matches)
        return self.matches[self.current]

    @property
    def label(self) -> str:
        """``3/7`` for the status line; ``no match`` or empty when nothing was searched."""
        if not self.query:
            return ""
        if not self.matches:
            return "no match"
        return f"{self.current + 1}/{len(self.matches)}"


def find_from(
    text: str, query: str, cursor: Location, *, forward: bool
) -> tuple[Location, int, int] | None:
    """The match after (or before) ``cursor``, wrapping round: (place, its 1-based number, count).

    For text that changes between searches (the editor), so nothing is kept.
    """
    matches = find_matches(text, query)
    if not matches:
        return None
    if forward:
        index = next((i for i, place in enumerate(matches) if place > cursor), 0)
    else:
        earlier = [i for i, place in enumerate(matches) if place < cursor]
        index = earlier[-1] if earlier else len(matches) - 1
    return matches[index], index + 1, len(matches)
