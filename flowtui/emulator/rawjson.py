"""JSON the emulator writes and reads exactly: values kept as their raw text on the wire.

Python's json cannot write ``1e400`` (it becomes ``Infinity``, which is not JSON), an integer of
more than 4,300 digits, an object with a repeated key, or a 5,000-deep array (its encoder
recurses). A stored value that must go out exactly as written is a ``RawJSON``: its text is
copied into the reply verbatim. Incoming bodies keep any number whose text a float would not
reproduce (``1e400``, ``0.1000000000000000055511151231257827``, ``1E+2``) as ``RawJSON`` too, so
what a client sent is what the next GET returns.

The client side has its own, separate implementation (``flowtui.exactjson``): the emulator
shares no code with it, so one mistake cannot hide on both sides of the wire.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

MAX_BODY_DEPTH = 256
"""Deepest request body the emulator accepts (400 beyond); Python's json recurses per level."""

_STRUCTURE_SCAN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


class RawJSON:
    """A JSON value kept as its exact text; written verbatim into replies."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        shown = self.text if len(self.text) <= 40 else self.text[:37] + "..."
        return f"RawJSON({shown!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RawJSON) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __copy__(self) -> RawJSON:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> RawJSON:
        return self


def _number(text: str) -> Any:
    """A float when it writes back as the same text, else the text itself."""
    try:
        value = float(text)
    except ValueError:
        return RawJSON(text)
    return value if repr(value) == text else RawJSON(text)


def _integer(text: str) -> Any:
    try:
        return int(text)
    except ValueError:  # beyond Python's int/str digit limit: keep the digits
        return RawJSON(text)


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text`` (strings skipped)."""
    deepest = depth = 0
    for token in _STRUCTURE_SCAN.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif mark in "]}":
            depth -= 1
    return deepest


class TooDeepError(ValueError):
    """A request body nested deeper than MAX_BODY_DEPTH."""


def loads(body: bytes | str) -> Any:
    """Parse a request body, keeping numbers a float would change as ``RawJSON``."""
    text = body.decode(json.detect_encoding(body)) if isinstance(body, bytes) else body
    if text.count("[") + text.count("{") > MAX_BODY_DEPTH and _depth(text) > MAX_BODY_DEPTH:
        raise TooDeepError(f"the body is nested deeper than {MAX_BODY_DEPTH} levels")
    return json.loads(text, parse_float=_number, parse_int=_integer)


def dumps(value: Any) -> str:
    """``json.dumps(value)``, with every ``RawJSON`` written as its own text."""
    raws: list[str] = []
    nonce = secrets.token_hex(16)

    def placeholder(item: Any) -> str:
        if isinstance(item, RawJSON):
            raws.append(item.text)
            return f"rawjson:{nonce}:{len(raws) - 1}"
        raise TypeError(f"{type(item).__name__} is not JSON")

    text = json.dumps(value, default=placeholder)
    for index, raw in enumerate(raws):
        text = text.replace(json.dumps(f"rawjson:{nonce}:{index}"), raw, 1)
    return text


def opened_along(document: Any, pointer: str) -> Any:
    """``document`` with every raw object or array on ``pointer``'s way parsed, so a patch can
    reach inside it; a repeated key keeps its last value, as Python's json and most services do.
    """
    node = document
    for raw_token in pointer.split("/")[1:]:
        token = raw_token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            key: Any = token
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            key = int(token)
        else:
            return document
        child = node[key]
        if isinstance(child, RawJSON) and child.text.lstrip()[:1] in ("{", "["):
            try:
                child = node[key] = loads(child.text)
            except ValueError:  # too deep to open: the patch is refused as not applicable
                return document
        node = child
    return document
