"""JSON read and written exactly, and never deeper than flowtui can handle.

Python's json turns ``1e400`` into ``inf`` (written back as ``Infinity``, which is not JSON),
rounds ``0.1000000000000000055511151231257827`` to ``0.1``, writes ``1E+2`` as ``100.0``, cannot
read an integer of more than 4,300 digits, and recurses once per nesting level, so a 5,000-deep
array raises RecursionError wherever it goes. Here every number that is not a plain integer is
an ``ExactNumber``: a float that keeps the text it was read from and is written back as that
text. ``loads`` measures nesting before parsing: too deep is refused (``TooDeepError``), or, for
answers from the service, the parts below ``MAX_DEPTH`` are cut and replaced by a
``TooDeepValue`` so the rest of a page still loads.

A leaf module: it imports nothing from flowtui, so the wire (``flowtui.api``), the patch engine
(``flowtui.patching``), the store and the UI all read and write numbers the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from itertools import accumulate
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any

MAX_DEPTH = 128
"""Deepest nesting of arrays and objects flowtui reads as a whole (the root is level 1).

Flow Service records and specs nest about 20 levels. Much deeper data would reach Python's
default recursion limit of 1,000 frames in code that recurses per level (copy.deepcopy takes
two frames a level, jsonschema and the diff one or more), starting from Textual's own stack a
hundred or so frames down; 128 leaves room for all of them.
"""

_INT_DIGITS_LIMIT = 4000
"""Python refuses int() of more than 4,300 digits; longer integers stay ExactNumber text."""


class ExactNumber(float):
    """A JSON number that keeps its text: ``1e400`` stays ``1e400``, never ``inf``.

    It behaves as the nearest float in arithmetic and ordering; two are equal when their
    decimal values are (so ``1E+2 == 100.0``, and ``1e400 != 2e400`` though both are inf).
    """

    text: str

    def __new__(cls, text: str) -> ExactNumber:
        number = super().__new__(cls, _float_of(text))
        number.text = text
        return number

    def decimal(self) -> Decimal | None:
        """The exact value; None for text Decimal cannot read."""
        try:
            return Decimal(self.text)
        except InvalidOperation:
            return None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ExactNumber):
            if other.text == self.text:
                return True
            mine, theirs = self.decimal(), other.decimal()
            return mine is not None and theirs is not None and mine == theirs
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            mine = self.decimal()
            return mine is not None and mine == Decimal(other)
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return float.__hash__(self)

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__

    def __reduce__(self) -> tuple[type[ExactNumber], tuple[str]]:
        return ExactNumber, (self.text,)

    def __copy__(self) -> ExactNumber:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> ExactNumber:
        return self


def _float_of(text: str) -> float:
    try:
        return float(text)
    except ValueError:  # not a number at all; only reachable by calling ExactNumber directly
        raise ValueError(f"{text!r} is not a JSON number") from None


class TooDeepValue(str):
    """Stands where the service sent something nested deeper than MAX_DEPTH; says so."""

    raw_length: int
    """Characters of JSON text that were cut."""

    def __new__(cls, raw_length: int) -> TooDeepValue:
        value = super().__new__(
            cls, f"<nested deeper than {MAX_DEPTH} levels: {raw_length} characters not shown>"
        )
        value.raw_length = raw_length
        return value

    def __reduce__(self) -> tuple[type[TooDeepValue], tuple[int]]:
        return TooDeepValue, (self.raw_length,)

    def __copy__(self) -> TooDeepValue:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> TooDeepValue:
        return self


class TooDeepError(ValueError):
    """JSON nested deeper than MAX_DEPTH; ``offset`` is where the level too many opens."""

    def __init__(self, depth: int, offset: int) -> None:
        super().__init__(
            f"nested {depth} levels deep; flowtui reads at most {MAX_DEPTH} levels of arrays "
            "and objects"
        )
        self.depth = depth
        self.offset = offset


# A JSON string (escapes included) or one bracket; strings are matched so their brackets don't
# count. The unrolled form runs in C even over a 5 MB string.
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_STRUCTURE = re.compile(_STRING + r"|[\[\]{}]")
_NOT_BRACKETS = re.compile(_STRING + r'|[^\[\]{}"]+')
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1, '"': 0}


def text_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text``, without parsing it."""
    brackets = _NOT_BRACKETS.sub("", text)
    if not brackets:
        return 0
    return max(0, max(accumulate(map(_STEP.__getitem__, brackets))))


_NOT_BRACKET_BYTES = bytes(b for b in range(256) if b not in b"[]{}")
_BYTE_STEP = [0] * 256
_BYTE_STEP[ord("[")] = _BYTE_STEP[ord("{")] = 1
_BYTE_STEP[ord("]")] = _BYTE_STEP[ord("}")] = -1


def _too_deep(text: str) -> bool:
    # Fewer openers than the limit cannot nest past it: most bodies stop here.
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    # Brackets inside strings counted too, this bound runs at C speed; only a body that may be
    # too deep is scanned string by string.
    skeleton = text.encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKET_BYTES)
    if max(accumulate(map(_BYTE_STEP.__getitem__, skeleton))) <= MAX_DEPTH:
        return False
    return text_depth(text) > MAX_DEPTH


def _deep_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """Start and end offsets of every array or object that opens at level ``limit + 1``."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for match in _STRUCTURE.finditer(text):
        mark = text[match.start()]
        if mark == '"':
            continue
        if mark in "[{":
            depth += 1
            if depth == limit + 1:
                start = match.start()
        else:
            if depth == limit + 1:
                spans.append((start, match.end()))
            depth -= 1
    if depth > limit:  # unterminated: cut to the end, the parser reports what is missing
        spans.append((start, len(text)))
    return spans


def _integer(text: str) -> int | ExactNumber:
    if text == "-0" or len(text) > _INT_DIGITS_LIMIT:
        return ExactNumber(text)
    return int(text)


def _decoded(text: str | bytes | bytearray) -> str:
    if isinstance(text, str):
        return text
    return bytes(text).decode(json.detect_encoding(text))


def loads(
    text: str | bytes | bytearray,
    *,
    cut_too_deep: bool = False,
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
    parse_constant: Callable[[str], Any] | None = None,
) -> Any:
    """Parse JSON keeping every number's text; TooDeepError beyond MAX_DEPTH levels.

    With ``cut_too_deep`` (for answers from the service) each part nested deeper is replaced by
    a TooDeepValue instead, so the rest still loads. A repeated key keeps its last value, as
    json does (pass ``object_pairs_hook`` to decide otherwise). ``NaN`` and ``Infinity`` are
    kept as ExactNumber text unless ``parse_constant`` says otherwise.
    """
    source = _decoded(text)
    cut = False
    if _too_deep(source):
        spans = _deep_spans(source, MAX_DEPTH)
        if not cut_too_deep:
            raise TooDeepError(text_depth(source), spans[0][0] if spans else 0)
        source = _cut(source, spans)
        cut = True
    value = json.loads(
        source,
        parse_float=ExactNumber,
        parse_int=_integer,
        parse_constant=parse_constant or ExactNumber,
        object_pairs_hook=object_pairs_hook,
    )
    return _restore_cut_values(value) if cut else value


_CUT_MARK = "\x00flowtui-too-deep:{}\x00"
_CUT_MARK_PATTERN = re.compile("\x00flowtui-too-deep:([0-9]+)\x00")


def _cut(source: str, spans: list[tuple[int, int]]) -> str:
    """``source`` with each span replaced by a JSON string that loads as a TooDeepValue."""
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces.append(source[position:start])
        pieces.append(json.dumps(_CUT_MARK.format(end - start)))
        position = end
    pieces.append(source[position:])
    return "".join(pieces)


def _restore_cut_values(value: Any) -> Any:
    """Turn the cut marks left by ``_cut`` into TooDeepValue, in place."""
    if type(value) is str:
        mark = _CUT_MARK_PATTERN.fullmatch(value)
        return TooDeepValue(int(mark.group(1))) if mark else value
    if type(value) is not dict and type(value) is not list:
        return value
    for container, key, item in _walk(value):
        if type(item) is str:
            mark = _CUT_MARK_PATTERN.fullmatch(item)
            if mark:
                container[key] = TooDeepValue(int(mark.group(1)))
    return value


def _walk(value: Any) -> Iterator[tuple[Any, Any, Any]]:
    """(container, key or index, item) for every item under ``value``, without recursion."""
    stack = [value]
    while stack:
        node = stack.pop()
        pairs = node.items() if type(node) is dict else enumerate(node)
        for key, item in list(pairs):
            yield node, key, item
            if type(item) is dict or type(item) is list:
                stack.append(item)


def too_deep_pointers(value: Any) -> list[str]:
    """JSON Pointers of every part of ``value`` that was cut for being nested too deep."""
    found: list[str] = []
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, TooDeepValue):
            found.append(path)
        elif type(node) is dict or type(node) is list:
            pairs = node.items() if type(node) is dict else enumerate(node)
            for key, item in pairs:
                token = str(key).replace("~", "~0").replace("/", "~1")
                stack.append((item, f"{path}/{token}"))
    return sorted(found)


def short_pointer(pointer: str, keep: int = 2) -> str:
    """A long pointer with its middle elided: ``/nested/0/…/0``."""
    tokens = pointer.split("/")[1:]
    if len(tokens) <= keep * 2 + 1:
        return pointer
    head, tail = "/".join(tokens[:keep]), "/".join(tokens[-1:])
    return f"/{head}/…/{tail}"


def too_deep_reason(value: Any) -> str | None:
    """Why a value read with ``cut_too_deep`` cannot be edited whole, or None when it can."""
    pointers = too_deep_pointers(value)
    if not pointers:
        return None
    where = short_pointer(pointers[0])
    if len(pointers) > 1:
        where += f" and {len(pointers) - 1} more place(s)"
    return (
        f"Read-only: this record nests deeper than {MAX_DEPTH} levels (flowtui's limit) at "
        f"{where}; it is shown down to level {MAX_DEPTH} and cannot be edited here"
    )


def depth_of(value: Any) -> int:
    """The deepest nesting of arrays and objects in a parsed value, without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if type(node) is dict or type(node) is list:
            deepest = max(deepest, level)
            items = node.values() if type(node) is dict else node
            stack.extend((item, level + 1) for item in items)
    return deepest


class _Frame:
    __slots__ = ("first", "is_object", "items", "level")

    def __init__(self, items: Iterator[Any], is_object: bool, level: int) -> None:
        self.items = items
        self.is_object = is_object
        self.level = level
        self.first = True


_END = object()


def dumps(
    value: Any,
    *,
    indent: int | None = None,
    separators: tuple[str, str] | None = None,
    ensure_ascii: bool = False,
    sort_keys: bool = False,
    default: Callable[[Any], Any] | None = None,
) -> str:
    """``json.dumps`` with the same options, writing every ExactNumber as its own text.

    It does not recurse, so any depth is written; a plain float that is inf or nan raises
    ValueError (it is not JSON).
    """
    if separators is None:
        item_sep, key_sep = ("," if indent is not None else ", "), ": "
    else:
        item_sep, key_sep = separators
    quote = encode_basestring_ascii if ensure_ascii else encode_basestring
    out: list[str] = []
    stack: list[_Frame] = []

    def newline(level: int) -> str:
        return "\n" + " " * (indent * level) if indent is not None else ""

    def write(item: Any, level: int) -> None:
        while True:
            kind = type(item)
            if kind is dict or kind is list or isinstance(item, (dict, list)):
                if not item:
                    out.append("{}" if isinstance(item, dict) else "[]")
                elif isinstance(item, dict):
                    out.append("{")
                    pairs = sorted(item.items()) if sort_keys else item.items()
                    stack.append(_Frame(iter(pairs), True, level + 1))
                else:
                    out.append("[")
                    stack.append(_Frame(iter(item), False, level + 1))
                return
            text = _scalar(item, quote)
            if text is not None:
                out.append(text)
                return
            if default is None:
                raise TypeError(f"Object of type {kind.__name__} is not JSON serializable")
            item = default(item)

    write(value, 0)
    while stack:
        frame = stack[-1]
        item: Any = next(frame.items, _END)
        if item is _END:
            stack.pop()
            if not frame.first:
                out.append(newline(frame.level - 1))
            out.append("}" if frame.is_object else "]")
            continue
        out.append(newline(frame.level) if frame.first else item_sep + newline(frame.level))
        frame.first = False
        if frame.is_object:
            key, item = item
            out.append(quote(_key_text(key)) + key_sep)
        write(item, frame.level)
    return "".join(out)


def _scalar(item: Any, quote: Callable[[str], str]) -> str | None:
    if isinstance(item, str):
        return quote(item)
    if item is None:
        return "null"
    if item is True:
        return "true"
    if item is False:
        return "false"
    if isinstance(item, ExactNumber):
        return item.text
    if isinstance(item, int):
        return int.__repr__(item)
    if isinstance(item, float):
        if item != item or item in (float("inf"), float("-inf")):
            raise ValueError(f"{item!r} is not a JSON number")
        return float.__repr__(item)
    return None


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, (bool, int, float)):
        return json.dumps(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
