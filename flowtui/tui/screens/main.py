"""The main screen: one pane per kind under a tab bar, a filter line and the `:` command line."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer

from flowtui.api.kinds import KINDS, KINDS_BY_NAME, ResourceKind
from flowtui.api.read_ahead import ReadAhead
from flowtui.edits.list_query import ListQuery, parse_query
from flowtui.edits.spec_names import spec_names
from flowtui.session import Session
from flowtui.tui import keymap
from flowtui.tui.messages import RunCommand, ShowRecord
from flowtui.tui.widgets.command_line import PromptBar, PromptLine
from flowtui.tui.widgets.kind_pane import KindPane
from flowtui.tui.widgets.kind_tabs import KindTabs
from flowtui.tui.widgets.session_header import SessionHeader

TAB_LABELS: dict[str, str] = {
    "flows": "1 Flows",
    "connections": "2 Conns",
    "sourceConnections": "3 Sources",
    "targetConnections": "4 Targets",
    "connectionSpecs": "5 Conn specs",
    "flowSpecs": "6 Flow specs",
    "runs": "7 Runs",
}


class MainScreen(Screen[None]):
    """Browse every kind; the visible pane loads first, the others when first shown."""

    BINDINGS = keymap.bindings(keymap.MAIN_KEYS)

    def __init__(
        self,
        session: Session,
        initial: ResourceKind = KINDS[0],
        *,
        first_pages: ReadAhead | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.initial = initial
        self._shown = initial
        self._first_pages = first_pages
        """The ``initial`` kind's list, already asked for (see ``FlowTUI.on_load``)."""
        self._panes: dict[str, KindPane] = {}
        """The panes built so far: the first one shown at start, the others when first shown
        (seven panes' widgets would cost a cold start about a tenth)."""
        self._spec_names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        self._panes = {}
        self._shown = self.initial
        yield SessionHeader(self.session)
        yield KindTabs(
            {kind.name: TAB_LABELS[kind.name] for kind in KINDS},
            active=self.initial.name,
            id="kind-tabs",
        )
        with Vertical(id="panes"):
            first_pages, self._first_pages = self._first_pages, None
            yield self._new_pane(self.initial, first_pages)
        yield PromptBar("/", id="filter", placeholder="name or id text, or state==enabled")
        yield PromptBar(":", id="command", placeholder="kind, id, or kind id")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.query_one("#filter", PromptLine), "value", self._filter_typed, init=False)
        self.current_pane.ensure_loaded()
        self.current_pane.table.focus()
        self.run_worker(self._show_spec_names(), group="spec-names", exit_on_error=False)

    async def _show_spec_names(self) -> None:
        """Spec columns show names once the specs are read (ids until then, or if they fail)."""
        names = await spec_names(self.session.client)
        if names:
            self._spec_names = names
            for pane in self._panes.values():
                pane.table.show_spec_names(names)

    # --- panes ---------------------------------------------------------------------------

    @property
    def current_kind(self) -> ResourceKind:
        return self._shown

    @property
    def current_pane(self) -> KindPane:
        return self.pane(self.current_kind)

    def pane(self, kind: ResourceKind) -> KindPane:
        """``kind``'s pane, built (mounted, hidden unless shown) when first asked for."""
        pane = self._panes.get(kind.name)
        if pane is None:
            pane = self._new_pane(kind)
            pane.display = kind is self._shown
            self.query_one("#panes", Vertical).mount(pane)
        return pane

    def built_pane(self, kind: ResourceKind) -> KindPane | None:
        """``kind``'s pane if it has been built (shown once, or asked for), else None."""
        return self._panes.get(kind.name)

    def _new_pane(self, kind: ResourceKind, first_pages: ReadAhead | None = None) -> KindPane:
        pane = KindPane(kind, self.session, first_pages=first_pages)
        if self._spec_names:
            pane.table.show_spec_names(self._spec_names)
        self._panes[kind.name] = pane
        return pane

    def show_kind(self, kind: ResourceKind) -> None:
        self._shown = kind
        self.query_one(KindTabs).active = kind.name
        for built in self._panes.values():
            built.display = built.kind is kind
        pane = self.pane(kind)
        pane.ensure_loaded()
        # A table in a hidden pane refuses focus: wait until the switch is drawn.
        self.call_after_refresh(self._focus_table_of, pane)

    def _focus_table_of(self, pane: KindPane) -> None:
        """Focus ``pane``'s table, unless a prompt was opened since (``2/win`` typed at once:
        the filter prompt keeps the keys)."""
        if not any(bar.is_open for bar in self.query(PromptBar)):
            pane.table.focus()

    def focus_table(self) -> None:
        """Back to the visible pane's table (after a prompt), once any pane switch is drawn."""
        self.call_after_refresh(lambda: self.current_pane.table.focus())

    @on(KindTabs.Chosen)
    def _tab_chosen(self, event: KindTabs.Chosen) -> None:
        self.show_kind(KINDS_BY_NAME[event.name])

    @on(KindPane.OpenRequested)
    def _open_requested(self, event: KindPane.OpenRequested) -> None:
        self.post_message(ShowRecord(event.kind, event.record, from_main=True))

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a prompt has focus `/` and `:` are typed into it; Textual does not know the
        # slash key is text, so say so here or the footer offers "/ Filter" inside the prompt.
        prompt_open = isinstance(self.focused, PromptLine)
        return not (prompt_open and action in ("filter", "command_line"))

    def action_show_pane(self, name: str) -> None:
        self.show_kind(KINDS_BY_NAME[name])

    def action_open_record(self) -> None:
        pane = self.current_pane
        record = pane.table.current_record
        if record is not None:
            self.post_message(ShowRecord(pane.kind, record, from_main=True))

    def action_reload(self) -> None:
        self.current_pane.load()

    def action_sort_next(self) -> None:
        self.current_pane.sort_next()

    def action_sort_reverse(self) -> None:
        self.current_pane.sort_reverse()

    def action_filter(self) -> None:
        pane = self.current_pane
        query = pane.query_filter
        self.query_one("#filter-bar", PromptBar).open(query.property_filter or pane.table.needle)

    def action_command_line(self) -> None:
        self.query_one("#command-bar", PromptBar).open()

    def action_clear_filter(self) -> None:
        pane = self.current_pane
        if not pane.query_filter.is_empty:
            pane.apply_query(ListQuery())

    # --- prompts -------------------------------------------------------------------------

    def _filter_typed(self, value: str) -> None:
        # Text filters as you type, in the key's own frame: this watcher runs as the prompt's
        # value changes (a Changed message would be handled after the frame that echoes the
        # key, and the matches would wait for the next one). The table looks at a screenful of
        # matches now and the rest a slice per frame, so no typing pause is needed. A property
        # filter waits for enter (it costs a reload).
        query = parse_query(value)
        pane = self.current_pane
        if query.property_filter is None:
            current = pane.query_filter.property_filter
            pane.apply_query(ListQuery(text=query.text, property_filter=current))

    @on(PromptLine.Submitted, "#filter")
    def _filter_submitted(self, event: PromptLine.Submitted) -> None:
        self.query_one("#filter-bar", PromptBar).close()
        pane = self.current_pane
        query = parse_query(event.value, pane.kind.name)
        if query.problem is not None:  # the service would refuse it: say why, keep the text
            self.app.notify(query.problem, title="Filter not sent", severity="error")
            self.query_one("#filter-bar", PromptBar).open(event.value)
            return
        if query.property_filter is not None:
            pane.apply_query(query)
        else:
            pane.apply_query(ListQuery(query.text, pane.query_filter.property_filter))
        pane.table.select_first()
        pane.table.focus()

    @on(PromptLine.Dismissed, "#filter")
    def _filter_dismissed(self) -> None:
        self.query_one("#filter-bar", PromptBar).close()
        pane = self.current_pane
        pane.apply_query(ListQuery())
        pane.table.focus()

    @on(PromptLine.Submitted, "#command")
    def _command_submitted(self, event: PromptLine.Submitted) -> None:
        self.query_one("#command-bar", PromptBar).close()
        # The app runs it, then hands focus back to whichever pane the command left showing.
        self.post_message(RunCommand(event.value))

    @on(PromptLine.Dismissed, "#command")
    def _command_dismissed(self) -> None:
        self.query_one("#command-bar", PromptBar).close()
        self.current_pane.table.focus()

    def select_record(self, kind: ResourceKind, record_id: str) -> None:
        """Show ``kind``'s pane with the cursor on ``record_id`` (once that row is there)."""
        self.show_kind(kind)
        self.pane(kind).table.select_id(record_id)

    def show_list(self, kind: ResourceKind, property_filter: str) -> None:
        """Show ``kind``'s pane listing only what ``property_filter`` matches (esc clears)."""
        pane = self.pane(kind)
        pane.apply_query(ListQuery(property_filter=property_filter))  # loads it, filtered
        self.show_kind(kind)

    def record_changed(self, kind: ResourceKind, record: dict[str, object]) -> None:
        """Show a record changed elsewhere (an edit, a toggle) in its row."""
        pane = self.built_pane(kind)
        if pane is not None:  # a pane not built yet reads it fresh when first shown
            pane.replace_record(dict(record))
