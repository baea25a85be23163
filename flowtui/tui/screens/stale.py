"""The 412 screen: the record changed on the server since the edit began; the edit is kept.

It shows what the server changed (base to theirs), what the edit changes, and whether the two
overlap. Without overlap, ``r`` carries the edit over to the new version (new base, new etag) and
the editor opens a fresh review. The overlapping case is where the three-way, path-by-path
resolution plugs in: ``resolution_for`` is the single place that turns the comparison into a
decision, and ``#stale-resolution`` the single place it draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from flowtui.api.errors import FlowServiceError, NotFoundError
from flowtui.patching import is_within
from flowtui.tui.editing import (
    Change,
    EditSession,
    EditState,
    JsonObject,
    Rebased,
    changes_between,
    compact,
    masked_value,
    rebase_edit,
    session_of,
)
from flowtui.tui.screens.confirm_discard import DiscardEditModal
from flowtui.tui.widgets.session_header import SessionHeader

MAX_CHANGES_SHOWN = 40


@dataclass(frozen=True)
class StaleDecision:
    """What the person chose: carry the edit over (new edit and text), discard it, or go back."""

    action: Literal["reload", "discard", "back"]
    edit: EditSession | None = None
    text: str | None = None


def render_changes(changes: list[Change], *, limit: int = MAX_CHANGES_SHOWN) -> Text:
    """One line per changed path: ``path: old → new`` (values already masked)."""
    text = Text()
    for change in changes[:limit]:
        text.append(f"  {change.path}", style="bold")
        text.append(": ")
        text.append(compact(change.old, 30), style="red")
        text.append(" → ")
        text.append(compact(change.new, 30), style="green")
        text.append("\n")
    if len(changes) > limit:
        text.append(f"  … and {len(changes) - limit} more\n", style="dim")
    if not changes:
        text.append("  (no visible difference)\n", style="dim")
    text.rstrip()
    return text


class StaleRecordScreen(Screen[StaleDecision]):
    """Explains a stale etag (or a spec changed before its PUT) and offers reload or discard."""

    DEFAULT_CSS = """
    StaleRecordScreen #stale-intro {
        padding: 0 1;
        background: $warning 20%;
        height: auto;
    }
    StaleRecordScreen #stale-body {
        padding: 0 1;
    }
    StaleRecordScreen .heading {
        text-style: bold;
        margin-top: 1;
    }
    StaleRecordScreen #stale-resolution {
        margin-top: 1;
        height: auto;
    }
    """

    BINDINGS = [
        Binding("r", "reload", "Reload on new version", id="stale.reload"),
        Binding("d", "discard", "Discard", id="stale.discard"),
        Binding("escape", "back", "Back to editor", id="stale.back"),
    ]

    def __init__(
        self,
        edit: EditSession,
        state: EditState,
        *,
        current: JsonObject | None = None,
        reason: str = "",
    ) -> None:
        super().__init__()
        self.edit = edit
        self.state = state
        self.current = current
        self.reason = reason
        self.rebased: Rebased | None = None
        self.gone = False

    def compose(self) -> ComposeResult:
        edit = self.edit
        intro = Text()
        intro.append(f"The {edit.kind.singular} {edit.name} changed on the server ", style="bold")
        intro.append("since you loaded it.", style="bold")
        intro.append("\nNothing was applied; your edit is kept.")
        if self.reason:
            intro.append(f"\n{self.reason}", style="dim")
        yield SessionHeader(session_of(self.app), context="record changed on the server")
        yield Static(intro, id="stale-intro")
        with VerticalScroll(id="stale-body"):
            yield Static("What the server changed:", classes="heading")
            yield Static(Text("Fetching the current version…", style="dim"), id="stale-theirs")
            yield Static(f"Your edit ({len(self.state.ops)} ops):", classes="heading")
            yield Static(self._mine(), id="stale-mine")
            yield Static("", id="stale-resolution")
        yield Footer()

    def _mine(self) -> Text:
        text = Text()
        for op in self.edit.shown_ops(self.state):
            value = compact(op["value"], 40) if "value" in op else ""
            text.append(f"  {op['op']} ", style="yellow")
            text.append(str(op["path"]), style="bold")
            text.append(f" {value}\n")
        text.rstrip()
        return text

    def on_mount(self) -> None:
        if self.current is None:
            self._fetch()
        else:
            self._compare(self.current)

    @work(exclusive=True, group="stale-fetch")
    async def _fetch(self) -> None:
        session = session_of(self.app)
        try:
            current = await session.client.get(self.edit.kind, self.edit.record_id)
        except NotFoundError:
            self.gone = True
            self.query_one("#stale-theirs", Static).update(
                Text("The record no longer exists (or you lost access to it).", style="red")
            )
            self._show_resolution(Text("Only discard (d) or back (esc) remain.", style="dim"))
            return
        except FlowServiceError as exc:
            self.query_one("#stale-theirs", Static).update(
                Text(f"Could not fetch the current version: {exc}", style="red")
            )
            return
        self._compare(current)

    def _compare(self, current: JsonObject) -> None:
        self.current = current
        edit = self.edit
        changes = changes_between(edit.shown_base, edit.shown(current))
        theirs = render_changes([c for c in changes if not self._bookkeeping(c.path)])
        service = [c.path for c in changes if self._bookkeeping(c.path)]
        if service:
            theirs.append("\n  and the service's own fields: ", style="dim")
            theirs.append(", ".join(service), style="dim")
        if edit.kind.has_etag:
            theirs.append("\n  etag ", style="dim")
            theirs.append(f"{edit.base_etag} → {current.get('etag')}")
        self.query_one("#stale-theirs", Static).update(theirs)
        self.rebased = rebase_edit(edit, self.state, current)
        self._show_resolution(self.resolution_text(self.rebased))

    def _bookkeeping(self, path: str) -> bool:
        """A field the service maintains (etag, updatedAt...), summarised rather than listed."""
        return any(is_within(path, owned) for owned in self.edit.kind.read_only)

    def resolution_text(self, rebased: Rebased) -> Text:
        """Overlap or not, and what the keys will do (issue 5's chooser replaces this view)."""
        text = Text()
        if rebased.edit is not None:
            text.append("No overlap: ", style="bold green")
            text.append("r reloads your edit on the new version and opens a new review.")
            return text
        if rebased.problem is not None:
            text.append("Cannot carry over: ", style="bold red")
            text.append(rebased.problem)
            return text
        secrets = self.edit.secrets | self.edit.secret_paths_for(self.state)
        if self.current is not None:
            secrets |= self.edit.shown_secrets(self.current)
        text.append("Overlap: ", style="bold red")
        text.append("your edit and the server's change both touch:")
        for conflict in rebased.conflicts:
            text.append(f"\n  {conflict.path}", style="bold")
            text.append("\n    yours:  ")
            text.append(compact(masked_value(conflict.path, conflict.mine, secrets), 50))
            text.append("\n    theirs: ")
            text.append(compact(masked_value(conflict.path, conflict.theirs, secrets), 50))
        text.append("\nDiscard (d), or go back (esc) and keep your text to redo it by hand.")
        return text

    def _show_resolution(self, text: Text) -> None:
        self.query_one("#stale-resolution", Static).update(text)

    def resolution_for(self) -> StaleDecision | None:
        """The decision ``r`` makes now; None when the edit cannot be carried over as it is."""
        if self.rebased is None or self.rebased.edit is None:
            return None
        return StaleDecision("reload", self.rebased.edit, self.rebased.text)

    def action_reload(self) -> None:
        decision = self.resolution_for()
        if decision is None:
            self.notify(
                "Your edit cannot be carried over: it overlaps the server's change",
                severity="warning",
            )
            return
        self.dismiss(decision)

    def action_discard(self) -> None:
        def discarded(confirmed: bool | None) -> None:
            if confirmed:
                self.dismiss(StaleDecision("discard"))

        self.app.push_screen(DiscardEditModal(self.edit.name), discarded)

    def action_back(self) -> None:
        self.dismiss(StaleDecision("back"))
