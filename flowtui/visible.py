"""Outside text made safe to show: every control and invisible character becomes visible.

Names, descriptions, values, ids and error details come from the service, from files or from
the person; any of them may hold an escape sequence that would drive the terminal, a bidi
override that reorders what is read, or a zero-width character that makes two names look alike.
``visible`` is the one rule every screen (and the command line) applies before showing such
text; ``visible_json`` is the same rule for JSON text, written as JSON escapes so the text still
parses to the same value. Pure Python: no terminal library needed.
"""

from __future__ import annotations

import re
import unicodedata

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Controls, format characters (bidi, zero-width, tags), lone surrogates, line/paragraph
separators: none of them shows as itself on a terminal."""

INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u034f")
"""Characters Unicode files as letters or marks that draw as nothing (Hangul fillers, the
combining grapheme joiner): used to make two names look the same."""

TYPED_TEXT_PATTERN = (
    "[^\x00-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff"
    "\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e007f]*"
)
"""What a one-line input (a filter, an id, a sandbox name) accepts: no control, bidi or
zero-width character can be typed or pasted into it (an ``Input(restrict=...)`` pattern)."""

_DEL_PICTURE = "\u2421"  # ␡
_ASCII_PRINTABLE = re.compile(r"[ -~]*")
_NOT_ASCII_PRINTABLE = re.compile(r"[^ -~]")
_INVISIBLE_LETTER = re.compile("[" + "".join(sorted(INVISIBLE_LETTERS)) + "]")
# What json.dumps leaves outside strings and as its own escapes: printable ASCII and layout.
_JSON_PLAIN = re.compile(r"[ -~\n\t\r]*")
_NOT_JSON_PLAIN = re.compile(r"[^ -~\n\t\r]")


def _is_hidden(char: str) -> bool:
    return unicodedata.category(char) in HIDDEN_CATEGORIES or char in INVISIBLE_LETTERS


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _shown(char: str, *, one_line: bool) -> str:
    code = ord(char)
    if code < 0x20:
        if not one_line and char == "\n":
            return char
        if not one_line and char == "\t":
            return "    "
        # ESC as ␛, NUL as ␀, BEL as ␇: the control pictures block.
        return chr(0x2400 + code)
    if code == 0x7F:
        return _DEL_PICTURE
    return _escape(code)


def visible(text: object, *, one_line: bool = True) -> str:
    """``text`` as plain characters that show as themselves on any terminal.

    C0 controls and DEL become their control pictures (ESC as ``␛``); C1 controls, bidi
    overrides and isolates, zero-width and other format characters, line and paragraph
    separators and lone surrogates become ``\\u202e``-style escapes. With ``one_line=False``
    a newline is kept and a tab becomes four spaces (messages, error details); otherwise they
    show as ``␊`` and ``␉``, so a one-line cell never wraps and never hides a line.
    Markup characters are left alone: callers show the result as plain text, never markup.
    """
    string = text if isinstance(text, str) else str(text)
    if _ASCII_PRINTABLE.fullmatch(string) is not None:
        return string
    if string.isprintable() and _INVISIBLE_LETTER.search(string) is None:
        return string

    def shown(match: re.Match[str]) -> str:
        char = match.group()
        return _shown(char, one_line=one_line) if _is_hidden(char) else char

    return _NOT_ASCII_PRINTABLE.sub(shown, string)


def is_visible(text: str, *, one_line: bool = True) -> bool:
    """Whether ``text`` already shows as itself (``visible`` would not change it)."""
    return visible(text, one_line=one_line) == text


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    # JSON writes a character beyond the BMP as its UTF-16 surrogate pair.
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _json_shown(match: re.Match[str]) -> str:
    char = match.group()
    return _json_escape(char) if _is_hidden(char) else char


def visible_json(text: str) -> str:
    """JSON text (from ``json.dumps``) with every hidden character written as a JSON escape.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 controls but passes DEL, C1 controls,
    bidi overrides and zero-width characters through raw; the result here parses to exactly
    the same value and shows each of them as ``\\u202e``. Only for JSON text: outside strings
    JSON holds nothing but ASCII, so every replacement lands inside a string.
    """
    if _JSON_PLAIN.fullmatch(text) is not None:
        return text
    return _NOT_JSON_PLAIN.sub(_json_shown, text)
