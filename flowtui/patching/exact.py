"""Type-exact equality of JSON values: 1, 1.0, true and "1" are four different values."""

from __future__ import annotations

import json
from typing import Any


def exact_equal(a: Any, b: Any) -> bool:
    """True when ``a`` and ``b`` are the same JSON, type for type; key order is ignored."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if type(a) is dict or type(a) is list:
        # One C-speed pass in the usual case (same key order); the walk settles the rest.
        if json.dumps(a) == json.dumps(b):
            return True
        return _walk_equal(a, b)
    return bool(a == b)


def _walk_equal(a: Any, b: Any) -> bool:
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is dict:
        if len(a) != len(b):
            return False
        return all(key in b and _walk_equal(value, b[key]) for key, value in a.items())
    if kind is list:
        return len(a) == len(b) and all(_walk_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
