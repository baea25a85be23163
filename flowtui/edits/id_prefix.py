"""Ids as people see them: the 8 characters a table shows (or any unique start of an id)
resolve to the record, first among the rows already loaded, then in the service's lists.

The Flow Service has no prefix filter, so the honest sources are the loaded rows and a listing
of each kind; a lookup says which it searched, and an ambiguous prefix lists its candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flowtui.api.client import FlowServiceClient, ListTruncatedError
from flowtui.api.errors import FlowServiceError, NotFoundError
from flowtui.api.kinds import ResourceKind

WHOLE_ID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
"""A whole record id (a UUID): looked up by a read, and across sandboxes, not by listing."""
SHOWN_ID_LENGTH = 8
"""How much of an id the tables show."""
MAX_LISTED_CANDIDATES = 8


@dataclass(frozen=True)
class LoadedRows:
    """The rows a pane holds for one kind, and whether they are that kind's whole list."""

    kind: ResourceKind
    records: Mapping[str, dict[str, Any]]
    """The pane's records by id (only the matching ones are read)."""
    complete: bool
    """True when the pane loaded the unfiltered list to its end (nothing else to find)."""


@dataclass(frozen=True)
class Candidate:
    """One record whose id starts with what was typed."""

    kind: ResourceKind
    record_id: str
    name: str
    sandbox: str

    def label(self) -> str:
        """``flow  Winter sale export  226fb2e1`` (kind, name, the id as tables show it)."""
        name = self.name or "(no name)"
        return f"{self.kind.singular}  {name}  {self.record_id[:SHOWN_ID_LENGTH]}"


@dataclass
class Lookup:
    """What a search for an id or prefix found, and what it searched."""

    text: str
    sandbox: str
    candidates: list[Candidate] = field(default_factory=list)
    searched: list[str] = field(default_factory=list)
    """Where it looked, in words: ``loaded rows``, ``the flows list of dev``."""
    gaps: list[str] = field(default_factory=list)
    """What it could not search whole (a list cut at its limit, a list the service refused)."""
    what: str = "record"
    """What was looked for, for messages: ``flow`` when a kind was given."""

    @property
    def only_loaded_rows(self) -> bool:
        return self.searched == ["loaded rows"]

    @property
    def found(self) -> Candidate | None:
        """The one record the text names, if exactly one matched."""
        return self.candidates[0] if len(self.candidates) == 1 else None

    def message(self) -> str:
        """What to tell the person when the text did not name exactly one record."""
        if len(self.candidates) > 1:
            shown = self.candidates[:MAX_LISTED_CANDIDATES]
            lines = [f"{c.label()}  ({c.sandbox})" for c in shown]
            more = len(self.candidates) - len(shown)
            if more:
                lines.append(f"and {more} more")
            return (
                f"{len(self.candidates)} records have an id starting with {self.text}; type "
                "more of it:\n" + "\n".join(lines)
            )
        where = "; ".join(self.searched) or "nothing"
        text = f"No {self.what} with id {self.text}."
        if WHOLE_ID.fullmatch(self.text):
            text += f" Searched: {where}"
        else:
            text += f" No id starts with it either (searched: {where})"
        if self.only_loaded_rows:
            text += "; only the loaded rows were searched"
        if self.gaps:
            text += ". Not searched whole: " + "; ".join(self.gaps)
        return text + "."


def matching(
    text: str, kind: ResourceKind, records: Iterable[dict[str, Any]], sandbox: str
) -> list[Candidate]:
    """The records whose id starts with ``text`` (case-insensitive); an exact id alone wins."""
    wanted = text.lower()
    found: list[Candidate] = []
    for record in records:
        record_id = record.get("id")
        if not isinstance(record_id, str) or not record_id.lower().startswith(wanted):
            continue
        name = record.get("name")
        found.append(Candidate(kind, record_id, name if isinstance(name, str) else "", sandbox))
    exact = [c for c in found if c.record_id.lower() == wanted]
    return exact or found


def _merge(into: Lookup, found: Iterable[Candidate]) -> None:
    seen = {(c.kind.name, c.record_id, c.sandbox) for c in into.candidates}
    for candidate in found:
        if (candidate.kind.name, candidate.record_id, candidate.sandbox) not in seen:
            into.candidates.append(candidate)
            seen.add((candidate.kind.name, candidate.record_id, candidate.sandbox))


def in_loaded_rows(text: str, loaded: Sequence[LoadedRows], sandbox: str) -> Lookup:
    """Search only what the panes hold (no request)."""
    lookup = Lookup(text, sandbox, searched=["loaded rows"])
    wanted = text.lower()
    for rows in loaded:
        ids = [key for key in rows.records if key.lower().startswith(wanted)]
        _merge(lookup, matching(text, rows.kind, (rows.records[key] for key in ids), sandbox))
    return lookup


async def in_listings(
    text: str, client: FlowServiceClient, kinds: Sequence[ResourceKind], into: Lookup
) -> Lookup:
    """Add the matches in the service's list of each of ``kinds`` in ``client``'s sandbox.

    A list cut at the settings' limit is searched as far as it went and named in ``gaps``;
    a list the service refused is named there too, with its message.
    """
    sandbox = client.sandbox
    for kind in kinds:
        try:
            records = await client.list_all(kind)
        except ListTruncatedError as cut:
            records = cut.records
            into.gaps.append(f"the {kind.name} list of {sandbox} ({cut.truncated.message})")
        except FlowServiceError as error:
            into.gaps.append(f"the {kind.name} list of {sandbox} ({error.message})")
            continue
        _merge(into, matching(text, kind, records, sandbox))
    names = ", ".join(kind.name for kind in kinds)
    if kinds:
        into.searched.append(f"the {names} lists of {sandbox}")
    return into


async def find_id(
    text: str,
    client: FlowServiceClient,
    loaded: Sequence[LoadedRows],
    kinds: Sequence[ResourceKind],
    *,
    other_sandboxes: Sequence[str] = (),
) -> Lookup:
    """Find the record(s) ``text`` names: loaded rows first, then the service.

    A whole id is read by id in this sandbox, then across sandboxes (one cross-sandbox read per
    kind); a prefix is matched in each kind's list here (the kinds whose pane does not hold the
    whole list), then in each of ``other_sandboxes``. Stops at the first place with a match.
    """
    sandbox = client.sandbox
    wanted = [rows for rows in loaded if rows.kind in kinds]
    lookup = in_loaded_rows(text, wanted, sandbox)
    if len(kinds) == 1:
        lookup.what = kinds[0].singular
    if lookup.candidates:
        return lookup
    complete = {rows.kind.name for rows in wanted if rows.complete}
    unlisted = [kind for kind in kinds if kind.name not in complete]
    if WHOLE_ID.fullmatch(text):
        return await _whole_id(text, client, unlisted, kinds, lookup)
    await in_listings(text, client, unlisted, lookup)
    for other in other_sandboxes:
        if lookup.candidates:
            break
        if other != sandbox:
            await in_listings(text, client.for_sandbox(other), kinds, lookup)
    return lookup


async def _whole_id(
    text: str,
    client: FlowServiceClient,
    here: Sequence[ResourceKind],
    kinds: Sequence[ResourceKind],
    lookup: Lookup,
) -> Lookup:
    """Read the id as each of ``here`` in this sandbox, then as any of ``kinds`` anywhere."""
    for kind in here:
        try:
            record = await client.get(kind, text)
        except NotFoundError:
            continue
        _merge(lookup, matching(text, kind, [record], client.sandbox))
        lookup.searched.append(f"a read by id in {client.sandbox}")
        return lookup
    lookup.searched.append(f"a read by id in {client.sandbox}")
    try:
        found = await client.find_anywhere(text, kinds)
    except NotFoundError:
        lookup.searched.append("a cross-sandbox read")
        return lookup
    except FlowServiceError as error:
        lookup.gaps.append(f"the cross-sandbox read ({error.message})")
        return lookup
    lookup.searched.append("a cross-sandbox read")
    _merge(lookup, matching(text, found.kind, [found.record], found.sandbox))
    return lookup
