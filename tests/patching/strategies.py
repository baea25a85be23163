"""Hypothesis strategies: JSON documents with traps (1/1.0/true, duplicates, keys with / and ~)."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import strategies as st

KEY_ALPHABET = st.sampled_from(["a", "b", "/", "~", "0", "1", "é", "☃", " "])
keys = st.text(KEY_ALPHABET, max_size=3)

# Small pools so duplicates and near-equal values (1, 1.0, True, "1") are common.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, 2, -1, 10**20]),
    st.sampled_from([0.0, 1.0, 2.5, 1e-3]),
    st.sampled_from(["", "1", "a", "true", "~1", "/"]),
)

documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.dictionaries(keys, inner, max_size=5),
    ),
    max_leaves=25,
)

containers = st.one_of(
    st.lists(documents, max_size=6), st.dictionaries(keys, documents, max_size=5)
)


def canonical(value: Any) -> str:
    """Type-exact, order-free text of a JSON value, independent of the engine under test."""
    return json.dumps(value, sort_keys=True)


def containers_in(doc: Any, out: list[Any]) -> list[Any]:
    """Every object and array in ``doc``, the root first."""
    if isinstance(doc, (dict, list)):
        out.append(doc)
        for child in doc.values() if isinstance(doc, dict) else doc:
            containers_in(child, out)
    return out


def mutate(doc: Any, data: st.DataObject, steps: int) -> Any:
    """A copy of ``doc`` after random inserts, removals, moves, shuffles and replacements."""
    doc = copy.deepcopy(doc)
    for _ in range(steps):
        targets = containers_in(doc, [])
        if not targets:
            return data.draw(documents)
        target = data.draw(st.sampled_from(targets))
        if isinstance(target, list):
            action = data.draw(
                st.sampled_from(["insert", "remove", "move", "shuffle", "replace", "retype"])
            )
            if action == "insert" or not target:
                target.insert(data.draw(st.integers(0, len(target))), data.draw(documents))
            elif action == "remove":
                del target[data.draw(st.integers(0, len(target) - 1))]
            elif action == "move":
                item = target.pop(data.draw(st.integers(0, len(target) - 1)))
                target.insert(data.draw(st.integers(0, len(target))), item)
            elif action == "shuffle":
                order = data.draw(st.permutations(range(len(target))))
                target[:] = [target[i] for i in order]
            elif action == "retype":
                index = data.draw(st.integers(0, len(target) - 1))
                target[index] = _retype(target[index])
            else:
                target[data.draw(st.integers(0, len(target) - 1))] = data.draw(documents)
        else:
            action = data.draw(st.sampled_from(["add", "remove", "replace", "retype"]))
            if action == "add" or not target:
                target[data.draw(keys)] = data.draw(documents)
            else:
                key = data.draw(st.sampled_from(sorted(target)))
                if action == "remove":
                    del target[key]
                elif action == "retype":
                    target[key] = _retype(target[key])
                else:
                    target[key] = data.draw(documents)
    return doc


def _retype(value: Any) -> Any:
    """The same number under another JSON type: 1 -> 1.0 -> true -> "1" -> 1."""
    if value is True or value is False:
        return str(int(value))
    if isinstance(value, int):
        return float(value)
    if isinstance(value, float):
        return value != 0
    if isinstance(value, str):
        return 1
    return value
