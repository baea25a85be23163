"""A read-only JSON view with a cursor line and highlighting that needs no tree-sitter.

Textual highlights TextArea text through tree-sitter, which is an optional extra; a JSON record
tokenises well enough line by line, so the highlights are computed here instead.
"""

from __future__ import annotations

import re

from textual import events
from textual.widgets import TextArea

from flowtui.tui.widgets.key_order import follow_burst

_TOKEN = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*")(?=\s*:)'
    r'|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<boolean>\btrue\b|\bfalse\b)"
    r"|(?P<null>\bnull\b)"
    r"|(?P<bracket>[\[\]{}])"
)
_NAMES = {
    "key": "json.label",
    "string": "string",
    "number": "number",
    "boolean": "boolean",
    "null": "json.null",
    "bracket": "punctuation.bracket",
}

Highlight = tuple[int, int | None, str]

VIEW_STRING_LIMIT = 4000
"""Characters of one string value the read-only view shows; the editor always has them all."""
# One line that ends in a string value: indent, maybe a key, the string, maybe a comma.
_STRING_BODY = r'[^"\\]*(?:\\.[^"\\]*)*'
_VALUE_LINE = re.compile(rf'(\s*(?:"{_STRING_BODY}"\s*:\s*)?)"({_STRING_BODY})"(,?)')


def _cut_escape_safely(text: str, size: int) -> str:
    """``text[:size]``, stepping back over a JSON escape it would cut in half."""
    head = text[:size]
    start = head.rfind("\\", max(0, size - 6))
    if start == -1:
        return head
    run_start = start
    while run_start > 0 and head[run_start - 1] == "\\":
        run_start -= 1
    if (start - run_start) % 2 == 1:
        return head  # the last backslash is itself escaped: nothing is cut in half
    needed = 6 if head[start + 1 : start + 2] == "u" else 2
    return head[:start] if size - start < needed else head


def cut_long_strings(text: str, limit: int = VIEW_STRING_LIMIT) -> str:
    """JSON text with every string value longer than ``limit`` cut, saying how much is hidden.

    A 5 MB value drawn in full takes the terminal half a minute; the view shows its start and
    the count of the rest, and stays valid JSON (the cut is inside the string).
    """
    if len(text) <= limit:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if len(line) <= limit:
            continue
        match = _VALUE_LINE.fullmatch(line)
        if match is None or len(match.group(2)) <= limit:
            continue
        prefix, value, comma = match.groups()
        head = _cut_escape_safely(value, limit)
        hidden = len(value) - len(head)
        note = f"… [{hidden:,} more characters not shown here: e edits the whole value]"
        lines[index] = f'{prefix}"{head}{note}"{comma}'
    return "\n".join(lines)


def json_highlights(line: str) -> list[Highlight]:
    """Byte ranges and TextArea theme names for the tokens of one line of JSON."""
    found: list[Highlight] = []
    for match in _TOKEN.finditer(line):
        group = match.lastgroup
        if group is None:
            continue
        start = len(line[: match.start()].encode())
        end = start + len(match.group().encode())
        found.append((start, end, _NAMES[group]))
    return found


class JsonText(TextArea):
    """JSON text with highlighting; read-only unless a subclass says otherwise."""

    DEFAULT_CSS = """
    JsonText { height: 1fr; border: none; padding: 0; }
    JsonText:focus { border: none; }
    """

    def __init__(self, text: str = "", *, read_only: bool = True, id: str | None = None) -> None:
        super().__init__(
            text,
            read_only=read_only,
            show_line_numbers=True,
            soft_wrap=True,
            tab_behavior="focus",
            id=id,
        )
        self.cursor_blink = False

    def _build_highlight_map(self) -> None:
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        for index, line in enumerate(self.document.lines):
            tokens = json_highlights(line)
            if tokens:
                highlights[index].extend(tokens)


class RecordJson(JsonText):
    """The record screen's JSON: keys typed in one burst act in the order typed (``/etag``
    fast over SSH searches for "etag"); see key_order.follow_burst."""

    async def on_key(self, event: events.Key) -> None:
        await follow_burst(self, event, owner=self)
