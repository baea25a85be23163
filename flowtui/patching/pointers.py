"""RFC 6901 JSON Pointers: escaping, splitting, prefix tests and lookups."""

from __future__ import annotations

from typing import Any, Final


class _Missing:
    """The type of MISSING: a value that is absent (not the same as JSON null)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()
"""Stands for "no value here" where None would mean JSON null."""


def escape(token: str) -> str:
    """One reference token, escaped: ``~`` becomes ``~0`` and ``/`` becomes ``~1``."""
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


def unescape(token: str) -> str:
    """Undo :func:`escape` (``~1`` first would turn ``~01`` into ``/``, so ``~1`` goes first)."""
    if "~" in token:
        return token.replace("~1", "/").replace("~0", "~")
    return token


def split(pointer: str) -> list[str]:
    """The unescaped reference tokens of ``pointer``; ``""`` (the root) has none."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"JSON Pointer {pointer!r} must be empty or start with '/'")
    return [unescape(token) for token in pointer[1:].split("/")]


def join(tokens: list[str] | tuple[str, ...]) -> str:
    """The pointer made of ``tokens`` (each escaped)."""
    return "".join("/" + escape(token) for token in tokens)


def child(pointer: str, token: str | int) -> str:
    """``pointer`` extended by one token."""
    return f"{pointer}/{escape(token) if isinstance(token, str) else token}"


def is_within(path: str, parent: str) -> bool:
    """True when ``path`` is ``parent`` or lies under it, comparing whole tokens."""
    return path == parent or parent == "" or path.startswith(parent + "/")


def overlaps(first: str, second: str) -> bool:
    """True when one pointer is the other or an ancestor of it."""
    return is_within(first, second) or is_within(second, first)


def _index(token: str, size: int) -> int | None:
    if token.isdigit() and (token == "0" or not token.startswith("0")):
        index = int(token)
        if index < size:
            return index
    return None


def resolve(doc: Any, pointer: str) -> Any:
    """The value at ``pointer`` in ``doc``, or :data:`MISSING` where there is none."""
    current = doc
    for token in split(pointer):
        if type(current) is dict:
            if token not in current:
                return MISSING
            current = current[token]
        elif type(current) is list:
            index = _index(token, len(current))
            if index is None:
                return MISSING
            current = current[index]
        else:
            return MISSING
    return current
