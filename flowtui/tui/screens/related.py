"""The records a record points at: a flow's connections, their base connections, the specs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

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
    SOURCE_CONNECTIONS,
    TARGET_CONNECTIONS,
    ResourceKind,
    value_at,
)
from flowtui.tui.widgets.cells import fit
from flowtui.visible import visible

if TYPE_CHECKING:
    from flowtui.tui.app import FlowTUI


@dataclass
class RelatedRecord:
    """One record another points at, and how it is related."""

    relation: str
    kind: ResourceKind
    record_id: str
    name: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind.name}:{self.record_id}"


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
    elif kind.name in ("sourceConnections", "targetConnections"):
        base = record.get("baseConnectionId")
        links += [RelatedRecord("base", CONNECTIONS, i) for i in _ids(base)]
    if kind.name != "flows":
        spec = value_at(record, "connectionSpec.id")
        links += [RelatedRecord("spec", CONNECTION_SPECS, i) for i in _ids(spec)]
    return links


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _connection_links(base: Any, side: str) -> list[RelatedRecord]:
    if not isinstance(base, dict):
        return []
    links = [RelatedRecord(f"{side} base", CONNECTIONS, i) for i in _ids(base.get("id"))]
    spec = value_at(base, "connectionSpec.id")
    links += [RelatedRecord(f"{side} spec", CONNECTION_SPECS, i) for i in _ids(spec)]
    return links


class RelatedScreen(ModalScreen["tuple[ResourceKind, str] | None"]):
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

    def __init__(self, kind: ResourceKind, record: dict[str, Any]) -> None:
        super().__init__()
        self.kind = kind
        self.record = record
        self.links: dict[str, RelatedRecord] = {}

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
        text.append(f"{link.kind.singular:<18}", style="dim")
        text.append(f"{visible(link.record_id[:8])}  ")
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
        client = cast("FlowTUI", self.app).session.client
        index = 0
        while index < len(self.links):
            link = list(self.links.values())[index]
            index += 1
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

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        link = self.links.get(event.option.id or "")
        if link is not None:
            self.dismiss((link.kind, link.record_id))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
