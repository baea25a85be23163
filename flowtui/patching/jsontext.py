"""JSON as the person typed it: parse with a located error, and find the pointer under a line."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from flowtui import exactjson
from flowtui.patching.pointers import escape

# Strings cannot hold a raw newline, so lines are found by offset and whitespace is skipped.
_STRUCTURE = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[{}\[\]:,]|[^\s{}\[\]:,"]+')


@dataclass(frozen=True)
class ParseResult:
    """The parsed value, or an error with its 0-based line and column."""

    value: Any
    error: str | None = None
    line: int = 0
    column: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


class _DuplicateKeyError(ValueError):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON; write a number or null")


def parse_json(text: str) -> ParseResult:
    """Parse editor text strictly (no duplicate keys, NaN or Infinity); errors carry a location.

    Numbers keep their exact text (``exactjson.ExactNumber``), so ``1e400`` or a 30-digit
    integer the person did not touch diffs as unchanged; nesting deeper than
    ``exactjson.MAX_DEPTH`` is refused, at the bracket that goes one level too deep.
    """
    try:
        value = exactjson.loads(
            text, object_pairs_hook=_unique_pairs, parse_constant=_reject_constant
        )
    except exactjson.TooDeepError as error:
        line = text.count("\n", 0, error.offset)
        column = error.offset - (text.rfind("\n", 0, error.offset) + 1)
        return ParseResult(
            None,
            f"Nested deeper than {exactjson.MAX_DEPTH} levels at line {line + 1}, column "
            f"{column + 1}: flowtui edits at most {exactjson.MAX_DEPTH} levels of arrays and "
            "objects",
            line,
            column,
        )
    except json.JSONDecodeError as error:
        return ParseResult(
            None,
            f"{error.msg} at line {error.lineno}, column {error.colno}",
            error.lineno - 1,
            error.colno - 1,
        )
    except _DuplicateKeyError as error:
        line, column, pointer = _first_repeated_key(text)
        where = f" at line {line + 1}, column {column + 1}"
        return ParseResult(
            None,
            f"Duplicate key {error.args[0]!r} ({pointer}){where}: keep one of them",
            line,
            column,
        )
    except ValueError as error:  # NaN / Infinity
        return ParseResult(None, str(error))
    return ParseResult(value)


def pretty_json(value: Any) -> str:
    """JSON text of a record for the view and the editor: indent 2, keys in order, every
    number written as the exact text it was read as (never ``Infinity``)."""
    return exactjson.dumps(value, indent=2, ensure_ascii=False)


def _first_repeated_key(text: str) -> tuple[int, int, str]:
    """Where the first repeated key of an object is: (line, column, pointer), 0-based."""
    stack: list[_Frame] = []
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        first = token[0]
        top = stack[-1] if stack else None
        if first in "{[":
            stack.append(_Frame(first == "{"))
        elif first in "}]":
            if stack:
                stack.pop()
        elif first in ":,":
            _punctuate(top, first)
        elif top is not None and top.is_object and top.wants_key and first == '"':
            key = _decode_key(token)
            if key in top.seen:
                top.key = key
                offset = match.start()
                line = text.count("\n", 0, offset)
                column = offset - (text.rfind("\n", 0, offset) + 1)
                return line, column, _value_pointer(stack)
            top.seen.add(key)
            top.key = key
    return 0, 0, ""


def pointer_for_line(text: str, line: int) -> str:
    """The RFC 6901 pointer of the first node on 0-based ``line`` ("" for the root).

    Tolerates half-typed JSON; a line with no node gives the container around it.
    """
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            start = len(text)
            break
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    stack: list[_Frame] = []
    for match in _STRUCTURE.finditer(text, 0, end):
        token = match.group()
        first = token[0]
        top = stack[-1] if stack else None
        on_line = match.start() >= start
        if first in "{[":
            if on_line:
                return _value_pointer(stack)
            stack.append(_Frame(first == "{"))
        elif first in "}]":
            if on_line:
                return _container_pointer(stack)
            if stack:
                stack.pop()
        elif first in ":,":
            _punctuate(top, first)
        elif top is not None and top.is_object and top.wants_key and first == '"':
            top.key = _decode_key(token)
            if on_line:
                return _value_pointer(stack)
        elif on_line:
            return _value_pointer(stack)
    return _container_pointer(stack)


def _container_pointer(stack: list[_Frame]) -> str:
    tokens: list[str] = []
    for frame in stack[:-1]:
        if frame.is_object:
            if frame.key is None:
                break
            tokens.append(escape(frame.key))
        else:
            tokens.append(str(frame.index))
    return "".join("/" + token for token in tokens)


def _value_pointer(stack: list[_Frame]) -> str:
    if not stack:
        return ""
    top = stack[-1]
    if top.is_object:
        container = _container_pointer(stack)
        return container if top.key is None else f"{container}/{escape(top.key)}"
    return f"{_container_pointer(stack)}/{top.index}"


class _Frame:
    """An open object or array while scanning: its current key or index."""

    __slots__ = ("index", "is_object", "key", "seen", "wants_key")

    def __init__(self, is_object: bool) -> None:
        self.is_object = is_object
        self.index = 0
        self.key: str | None = None
        self.wants_key = is_object
        self.seen: set[str] = set()


def _punctuate(top: _Frame | None, mark: str) -> None:
    if top is None:
        return
    if mark == ":":
        if top.is_object:
            top.wants_key = False
    elif top.is_object:
        top.wants_key = True
    else:
        top.index += 1


def _decode_key(token: str) -> str:
    try:
        decoded = json.loads(token)
    except ValueError:
        return token.strip('"')
    return decoded if isinstance(decoded, str) else token
