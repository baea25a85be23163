"""Type-exact equality of JSON values: 1, 1.0, true and "1" are four different values."""

from __future__ import annotations

import marshal
from typing import Any

# marshal format 2 writes no back-references, so equal values give equal bytes whatever
# objects they share; it keeps int, float and bool apart, unlike ==.
_MARSHAL_VERSION = 2


def exact_equal(a: Any, b: Any) -> bool:
    """True when ``a`` and ``b`` are the same JSON, type for type; key order is ignored."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is dict or kind is list:
        return bool(a == b) and same_bytes(a, b)
    return bool(a == b)


def same_bytes(a: Any, b: Any) -> bool:
    """Exact equality for values already known to be ==: one C-speed pass in the usual case."""
    try:
        if marshal.dumps(a, _MARSHAL_VERSION) == marshal.dumps(b, _MARSHAL_VERSION):
            return True
    except ValueError:  # not plain JSON types; the walk decides
        pass
    return walk_equal(a, b)


def walk_equal(a: Any, b: Any) -> bool:
    """Exact equality by walking both values (key order ignored)."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is dict:
        return len(a) == len(b) and all(
            key in b and walk_equal(value, b[key]) for key, value in a.items()
        )
    if kind is list:
        return len(a) == len(b) and all(walk_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
