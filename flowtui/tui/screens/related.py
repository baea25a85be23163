"""The records a record points at, and those that point at it.

Forward: a flow's connections, their base connections, the specs; a run's flow. Backward (by
``property`` filters the service takes): a base connection's source and target connections and
the flows that use them, a connection spec's connections, a flow spec's flows, a flow's runs.
A backward relation with many records also offers its whole list, opened as a filtered pane.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from flowtui.api.errors import FlowServiceError
from flowtui.api.kinds import (
    CONNECTION_SPECS,
    CONNECTIONS,
    FLOW_SPECS,
    FLOWS,
    RUNS,
    SOURCE_CONNECTIONS,
    TARGET_CONNECTIONS,
    ResourceKind,
    flow_runs_filter,
    value_at,
)
from flowtui.session import Session
from flowtui.tui.widgets.cells import fit
from flowtui.visible import visible


@dataclass
class RelatedRecord:
    """One record another points at, and how it is related."""

    relation: str
    kind: ResourceKind
    record_id: str
    name: str | None = None
    property_filter: str | None = None
    """Set for a whole list (a flow's runs): open ``kind``'s pane filtered by this."""

    @property
    def key(self) -> str:
        if self.property_filter is not None:
            return f"{self.kind.name}?{self.property_filter}"
        return f"{self.kind.name}:{self.record_id}"


@dataclass(frozen=True)
class ListTarget:
    """A chosen list: ``kind``'s pane filtered by ``property_filter``."""

    kind: ResourceKind
    property_filter: str


RelatedChoice: TypeAlias = "tuple[ResourceKind, str] | ListTarget | None"
"""What the picker answers: a record to open, a filtered list to show, or nothing."""

REVERSE_LIMIT = 25
"""Records listed one by one per backward relation; the whole list opens as a pane."""


def list_link(relation: str, kind: ResourceKind, property_filter: str) -> RelatedRecord:
    """An entry that opens ``kind``'s pane filtered by ``property_filter``."""
    return RelatedRecord(
        relation,
        kind,
        "",
        f"all of them, in the {kind.title} pane",
        property_filter=property_filter,
    )


def _ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def direct_links(kind: ResourceKind, record: dict[str, Any]) -> list[RelatedRecord]:
    """What ``record`` names itself, including what the service copied into inheritedAttributes."""
    links: list[RelatedRecord] = []
    if kind.name == "flows":
        links += [
            RelatedRecord("source", SOURCE_CONNECTIONS, i)
            for i in _ids(record.get("sourceConnectionIds"))
        ]
        links += [
            RelatedRecord("target", TARGET_CONNECTIONS, i)
            for i in _ids(record.get("targetConnectionIds"))
        ]
        for side in ("sourceConnections", "targetConnections"):
            for inherited in _list(value_at(record, f"inheritedAttributes.{side}")):
                links += _connection_links(inherited.get("baseConnection"), side[:6])
        links += [
            RelatedRecord("flow spec", FLOW_SPECS, i) for i in _ids(value_at(record, "flowSpec.id"))
        ]
        links += [list_link("runs", RUNS, flow_runs_filter(i)) for i in _ids(record.get("id"))]
    elif kind.name in ("sourceConnections", "targetConnections"):
        base = record.get("baseConnectionId")
        links += [RelatedRecord("base", CONNECTIONS, i) for i in _ids(base)]
    elif kind.name == "runs":
        links += [RelatedRecord("flow", FLOWS, i) for i in _ids(record.get("flowId"))]
        links += [
            RelatedRecord("flow spec", FLOW_SPECS, i) for i in _ids(value_at(record, "flowSpec.id"))
        ]
        return links
    if kind.name not in ("flows", "connectionSpecs", "flowSpecs"):
        spec = value_at(record, "connectionSpec.id")
        links += [RelatedRecord("spec", CONNECTION_SPECS, i) for i in _ids(spec)]
    return links


def reverse_queries(kind: ResourceKind, record_id: str) -> list[tuple[str, ResourceKind, str]]:
    """The backward relations of a record: (relation, kind to list, property filter).

    Only filters the service takes on those fields (property_filter.FILTER_FIELDS): a list of
    ids is matched member by member with ``[]``, e.g. ``sourceConnectionIds[]==<id>``.
    """
    if kind.name == "connections":
        return [
            ("source", SOURCE_CONNECTIONS, f"baseConnectionId=={record_id}"),
            ("target", TARGET_CONNECTIONS, f"baseConnectionId=={record_id}"),
        ]
    if kind.name == "sourceConnections":
        return [("used by", FLOWS, f"sourceConnectionIds[]=={record_id}")]
    if kind.name == "targetConnections":
        return [("used by", FLOWS, f"targetConnectionIds[]=={record_id}")]
    if kind.name == "connectionSpecs":
        return [
            ("connection", CONNECTIONS, f"connectionSpec.id=={record_id}"),
            ("source", SOURCE_CONNECTIONS, f"connectionSpec.id=={record_id}"),
            ("target", TARGET_CONNECTIONS, f"connectionSpec.id=={record_id}"),
        ]
    if kind.name == "flowSpecs":
        return [("flow", FLOWS, f"flowSpec.id=={record_id}")]
    return []


def flows_using(kind: ResourceKind, connection_ids: list[str]) -> str | None:
    """The filter for flows that use any of these source or target connections."""
    if not connection_ids:
        return None
    field = "sourceConnectionIds" if kind is SOURCE_CONNECTIONS else "targetConnectionIds"
    return f"{field}[]=={','.join(connection_ids)}"


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _connection_links(base: Any, side: str) -> list[RelatedRecord]:
    if not isinstance(base, dict):
        return []
    links = [RelatedRecord(f"{side} base", CONNECTIONS, i) for i in _ids(base.get("id"))]
    spec = value_at(base, "connectionSpec.id")
    links += [RelatedRecord(f"{side} spec", CONNECTION_SPECS, i) for i in _ids(spec)]
    return links


class RelatedScreen(ModalScreen[RelatedChoice]):
    """Pick a related record to open; names fill in as the records are fetched."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Back"),
        Binding("q", "dismiss_none", "Back", show=False),
        # A modal hides the app's keys, `?` included; bring it back here.
        Binding("question_mark", "app.help", "Keys", show=False),
    ]

    DEFAULT_CSS = """
    RelatedScreen { align: center middle; }
    RelatedScreen > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 20;
        border: round $primary; background: $surface; padding: 0 1;
    }
    RelatedScreen #related-title { height: 1; text-style: bold; }
    RelatedScreen OptionList { height: auto; max-height: 16; border: none; padding: 0; }
    RelatedScreen OptionList:focus { border: none; }
    RelatedScreen #related-status { height: 1; color: $text-muted; }
    """

    def __init__(self, session: Session, kind: ResourceKind, record: dict[str, Any]) -> None:
        super().__init__()
        self.session = session
        self.kind = kind
        self.record = record
        self.links: dict[str, RelatedRecord] = {}
        self.filled = False
        """Every query answered: names fetched, backward relations listed."""

    def compose(self) -> ComposeResult:
        with Vertical():
            name = visible(str(self.record.get("name", ""))[:200])
            yield Static(Text(f"Related to {self.kind.singular} {name}"), id="related-title")
            yield OptionList(id="related")
            yield Static("enter opens · esc goes back", id="related-status")

    def on_mount(self) -> None:
        self._add(direct_links(self.kind, self.record))
        options = self.query_one(OptionList)
        options.focus()
        if options.option_count:
            options.highlighted = 0
        else:
            self.query_one("#related-status", Static).update(
                "This record points at no other record."
            )
        self.run_worker(self._fill(), group="related", exclusive=True)

    def _prompt(self, link: RelatedRecord) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{link.relation:<12}", style="bold")
        kind_label = link.kind.title if link.property_filter is not None else link.kind.singular
        text.append(f"{kind_label:<18}", style="dim")
        text.append(f"{visible(link.record_id[:8]):<8}  ")
        name = visible((link.name or "…")[:64])
        text.append(fit(name, 32))
        return text

    def _add(self, links: list[RelatedRecord]) -> None:
        options = self.query_one(OptionList)
        for link in links:
            if link.key in self.links:
                continue
            self.links[link.key] = link
            options.add_option(Option(self._prompt(link), id=link.key))

    async def _fill(self) -> None:
        """Fetch each linked record for its name and for the links it has in turn (one level)."""
        client = self.session.client
        await self._fill_reverse()
        index = 0
        while index < len(self.links):
            link = list(self.links.values())[index]
            index += 1
            if link.property_filter is not None or link.name is not None:
                continue  # a whole list, or a record a backward query already named
            try:
                linked = await client.get(link.kind, link.record_id)
            except FlowServiceError as error:
                link.name = f"(not found: {visible(error.code or error.status or 'error')})"
            else:
                link.name = str(linked.get("name") or "")
                if self.kind.name == "flows" and link.kind in (
                    SOURCE_CONNECTIONS,
                    TARGET_CONNECTIONS,
                ):
                    side = "source" if link.kind is SOURCE_CONNECTIONS else "target"
                    found = direct_links(link.kind, linked)
                    for item in found:
                        item.relation = f"{side} {item.relation}"
                    self._add(found)
            self.query_one(OptionList).replace_option_prompt(link.key, self._prompt(link))
        self.filled = True

    async def _fill_reverse(self) -> None:
        """List what points at this record, a page of each relation (REVERSE_LIMIT records)."""
        record_id = self.record.get("id")
        if not isinstance(record_id, str):
            return
        for relation, kind, expression in reverse_queries(self.kind, record_id):
            found = await self._list(kind, expression)
            self._add_found(relation, kind, expression, found)
            if kind in (SOURCE_CONNECTIONS, TARGET_CONNECTIONS) and self.kind is CONNECTIONS:
                ids = [str(r["id"]) for r in found if isinstance(r.get("id"), str)]
                using = flows_using(kind, ids)
                if using is not None:
                    flows = await self._list(FLOWS, using)
                    self._add_found(f"{relation} flow", FLOWS, using, flows)
        if self.links:
            self.query_one("#related-status", Static).update("enter opens · esc goes back")

    async def _list(self, kind: ResourceKind, expression: str) -> list[dict[str, Any]]:
        pages = self.session.client.list_pages(
            kind, properties=[expression], limit=REVERSE_LIMIT + 1
        )
        try:
            async for page in pages:
                return list(page.records)
        except FlowServiceError as error:
            self.notify(str(error), title=f"Could not list {kind.title.lower()}", severity="error")
        finally:
            await pages.aclose()
        return []

    def _add_found(
        self, relation: str, kind: ResourceKind, expression: str, found: list[dict[str, Any]]
    ) -> None:
        links = [
            RelatedRecord(relation, kind, str(r["id"]), str(r.get("name") or ""))
            for r in found[:REVERSE_LIMIT]
            if isinstance(r.get("id"), str)
        ]
        if len(found) > 1:
            links.append(list_link(relation, kind, expression))
        self._add(links)
        if links and self.query_one(OptionList).highlighted is None:
            self.query_one(OptionList).highlighted = 0

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        link = self.links.get(event.option.id or "")
        if link is None:
            return
        if link.property_filter is not None:
            self.dismiss(ListTarget(link.kind, link.property_filter))
        else:
            self.dismiss((link.kind, link.record_id))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
