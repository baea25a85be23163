"""A read-only JSON view with a cursor line and highlighting that needs no tree-sitter.

Textual highlights TextArea text through tree-sitter, which is an optional extra; a JSON record
tokenises well enough line by line, so the highlights are computed here instead.
"""

from __future__ import annotations

import re

from textual.widgets import TextArea

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
