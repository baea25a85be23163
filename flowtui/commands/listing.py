"""``flowtui list KIND``: every page of a kind, filtered with the TUI's ``/`` syntax.

``state==enabled`` (any ``property`` expression) is sent to the service; plain text matches names
and ids here, as in the TUI. Records are masked as ``get`` masks them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from flowtui.api.errors import FlowServiceError
from flowtui.api.kinds import CONNECTION_SPECS, ResourceKind, value_at
from flowtui.commands.exit_codes import ExitCode
from flowtui.commands.failures import from_service, refused, usage
from flowtui.commands.output import Output, json_text, quoted
from flowtui.commands.records import kind_named
from flowtui.commands.workflow import looks_like_single_equals, matches_text, parse_query
from flowtui.edits.edit_start import CONNECTION_KINDS
from flowtui.patching import mask_secrets, secret_pointers
from flowtui.session import Session
from flowtui.visible import visible

Record = dict[str, Any]
NAME_WIDTH = 48
"""A name cell is cut here in the table (``-o json`` keeps it whole)."""


def split_filters(
    kind: ResourceKind, filters: list[str], note: Callable[[str], None]
) -> tuple[list[str], list[str]]:
    """(property filters for the service, case-folded texts to match here).

    A filter the service would refuse (checked by the TUI's rules) is a usage error, with why;
    ``state=enabled`` is matched as text, as in the TUI, with the same hint.
    """
    properties: list[str] = []
    texts: list[str] = []
    for typed in filters:
        query = parse_query(typed, kind.name)
        if query.problem is not None:
            raise usage(f"--filter {quoted(typed)}: {query.problem}")
        if looks_like_single_equals(typed):
            note(
                f"--filter {quoted(typed)} is matched as text; a property filter takes ==: "
                f"{quoted(typed.replace('=', '==', 1))}"
            )
        if query.property_filter is not None:
            properties.append(query.property_filter)
        elif query.text:
            texts.append(query.text.casefold())
    return properties, texts


async def fetch(
    session: Session,
    kind: ResourceKind,
    *,
    properties: list[str],
    texts: list[str],
    orderby: str | None,
    limit: int | None,
) -> tuple[list[Record], str | None]:
    """Every matching record, all pages followed; and why the list stopped early, or None.

    The client stops at the TUI's list limits (``max_list_records``, ``max_list_pages``).
    """
    records: list[Record] = []
    stopped: str | None = None
    options: dict[str, Any] = {"properties": properties, "orderby": orderby}
    if limit is not None:
        options["limit"] = limit
    try:
        async for page in session.client.list_pages(kind, **options):
            records.extend(r for r in page.records if all(matches_text(r, text) for text in texts))
            if page.truncated is not None:
                stopped = page.truncated.message
    except FlowServiceError as error:
        raise from_service(error) from None
    except ValueError as error:  # a page size out of range
        raise usage(str(error)) from None
    return records, stopped


async def masked(session: Session, kind: ResourceKind, records: list[Record]) -> list[Record]:
    """The records with credentials masked, each connection by its own spec (read once each)."""
    specs: dict[str, Any] = {}
    shown = []
    for record in records:
        spec: Any = None
        spec_id = value_at(record, "connectionSpec.id")
        if kind in CONNECTION_KINDS and isinstance(spec_id, str):
            if spec_id not in specs:
                try:
                    specs[spec_id] = await session.client.get(CONNECTION_SPECS, spec_id)
                except FlowServiceError:
                    specs[spec_id] = None  # masked by field names, as the TUI does then
            spec = specs[spec_id]
        pointers = secret_pointers(record, spec)
        shown.append(mask_secrets(record, pointers) if pointers else record)
    return shown


def table(kind: ResourceKind, records: list[Record]) -> str:
    """The kind's columns as the TUI's pane shows them, every cell made safe, one line each."""
    headers = [column.header.upper() for column in kind.columns]
    rows = [[_cell(value_at(record, column.path)) for column in kind.columns] for record in records]
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = [_line(headers, widths), *(_line(row, widths) for row in rows)]
    return "".join(line.rstrip() + "\n" for line in lines)


def _cell(value: Any) -> str:
    text = "" if value is None else visible(value)
    return text if len(text) <= NAME_WIDTH else text[: NAME_WIDTH - 1] + "…"


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))


async def run_list(session: Session, args: argparse.Namespace, output: Output) -> ExitCode:
    kind = kind_named(args.kind)
    properties, texts = split_filters(
        kind, args.filter or [], lambda text: output.say(f"note: {text}")
    )
    records, stopped = await fetch(
        session, kind, properties=properties, texts=texts, orderby=args.orderby, limit=args.limit
    )
    if args.output == "ids":
        output.data("".join(visible(r.get("id", "")) + "\n" for r in records))
    elif args.output == "json":
        output.data(json_text(await masked(session, kind, records)))
    else:
        output.data(table(kind, records))
        output.say(f"{len(records)} {kind.title.lower()}")
    if stopped is not None:
        # A partial list must not pass for the whole one in a script.
        raise refused(f"the list is incomplete. {stopped}")
    return ExitCode.DONE
