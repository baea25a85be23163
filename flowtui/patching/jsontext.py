"""JSON as the person typed it: parse with a located error, and find the pointer under a line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flowtui.patching.pointers import child

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[{}\[\]:,]|\n|[^\s{}\[\]:,"]+|[ \t\r]+')


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
    """Parse editor text strictly (no duplicate keys, NaN or Infinity); errors carry a location."""
    try:
        value = json.loads(text, object_pairs_hook=_unique_pairs, parse_constant=_reject_constant)
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


def _first_repeated_key(text: str) -> tuple[int, int, str]:
    seen: set[str] = set()
    for line, column, pointer, is_key in _nodes(text):
        if is_key:
            if pointer in seen:
                return line, column, pointer
            seen.add(pointer)
    return 0, 0, ""


def pointer_for_line(text: str, line: int) -> str:
    """The RFC 6901 pointer of the first node on 0-based ``line`` ("" for the root).

    Tolerates half-typed JSON; a line with no node gives the container around it.
    """
    enclosing = ""
    for node_line, _column, pointer, _is_key in _nodes(text, stop_after=line):
        if node_line == line:
            return pointer
        if node_line < line:
            enclosing = pointer
    return enclosing


class _Frame:
    __slots__ = ("index", "is_object", "key", "pointer", "wants_key")

    def __init__(self, pointer: str, is_object: bool) -> None:
        self.pointer = pointer
        self.is_object = is_object
        self.index = 0
        self.key: str | None = None
        self.wants_key = is_object


def _decode_key(token: str) -> str:
    try:
        decoded = json.loads(token)
    except ValueError:
        return token.strip('"')
    return decoded if isinstance(decoded, str) else token


def _nodes(text: str, stop_after: int | None = None) -> Iterator[tuple[int, int, str, bool]]:
    """Yield (line, column, pointer, is_key) for each key, value start and container end.

    For lines before ``stop_after`` it also yields the container open there, so a caller
    scanning to a line knows what encloses it.
    """
    stack: list[_Frame] = []
    line = 0
    line_start = 0

    def value_pointer() -> str:
        if not stack:
            return ""
        top = stack[-1]
        if top.is_object:
            return top.pointer if top.key is None else child(top.pointer, top.key)
        return child(top.pointer, top.index)

    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == "\n":
            if stop_after is not None and line >= stop_after:
                return
            line += 1
            line_start = match.end()
            if stop_after is not None and line == stop_after:
                yield line - 1, 0, stack[-1].pointer if stack else "", False
            continue
        if first in " \t\r":
            continue
        column = match.start() - line_start
        top = stack[-1] if stack else None
        if first in "{[":
            pointer = value_pointer()
            yield line, column, pointer, False
            stack.append(_Frame(pointer, first == "{"))
        elif first in "}]":
            if stack:
                yield line, column, stack.pop().pointer, False
        elif first == ":":
            if top is not None and top.is_object:
                top.wants_key = False
        elif first == ",":
            if top is not None:
                if top.is_object:
                    top.wants_key = True
                else:
                    top.index += 1
        elif top is not None and top.is_object and top.wants_key and first == '"':
            top.key = _decode_key(token)
            yield line, column, child(top.pointer, top.key), True
        else:
            yield line, column, value_pointer(), False
