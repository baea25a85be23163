"""The 412 screen: the record changed on the server since the edit began; the edit is kept.

It shows what the server changed (base to theirs), what the edit changes, and whether the two
overlap. Without overlap, ``r`` carries the edit over to the new version (new base, new etag) and
the editor opens a fresh review. Where both changed a path, each such path shows base, yours and
theirs; ``m``/``t`` choose per path, ``r`` applies the choices, ``h`` leaves them to the person.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from flowtui.api.errors import FlowServiceError, NotFoundError
from flowtui.edits.editing import (
    Change,
    EditSession,
    EditState,
    JsonObject,
    changes_between,
    compact,
    masked_value,
)
from flowtui.edits.resolution import Choice, Rebased, rebase_edit, resolve_conflicts
from flowtui.edits.stale_decision import CarriedOver, Discarded, KeptAsIs, StaleDecision
from flowtui.patching import Conflict, is_within
from flowtui.session import Session
from flowtui.tui.screens.confirm_discard import DiscardEditModal
from flowtui.tui.widgets.session_header import SessionHeader
from flowtui.visible import visible

MAX_CHANGES_SHOWN = 40


def render_changes(changes: list[Change], *, limit: int = MAX_CHANGES_SHOWN) -> Text:
    """One line per changed path: ``path: old → new`` (values already masked)."""
    text = Text()
    for change in changes[:limit]:
        text.append(f"  {visible(change.path)}", style="bold")
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
        Binding("m", "mine", "Mine", id="stale.mine", show=False),
        Binding("t", "theirs", "Theirs", id="stale.theirs", show=False),
        Binding("h", "by_hand", "By hand", id="stale.by_hand", show=False),
        Binding("up,k", "move(-1)", "Previous path", id="stale.up", show=False),
        Binding("down,j", "move(1)", "Next path", id="stale.down", show=False),
        Binding("pageup", "page(-1)", "Scroll up", id="stale.page_up", show=False),
        Binding("pagedown,space", "page(1)", "Scroll down", id="stale.page_down", show=False),
    ]

    def __init__(
        self,
        session: Session,
        edit: EditSession,
        state: EditState,
        *,
        current: JsonObject | None = None,
        reason: str = "",
    ) -> None:
        super().__init__()
        self.session = session
        self.edit = edit
        self.state = state
        self.current = current
        self.reason = reason
        self.rebased: Rebased | None = None
        self.gone = False
        self.choices: dict[str, Choice] = {}
        """Per conflicting path: keep my value or theirs."""
        self.selected = 0

    def compose(self) -> ComposeResult:
        edit = self.edit
        intro = Text()
        intro.append(
            f"The {edit.kind.singular} {visible(edit.name[:200])} changed on the server since "
            "you loaded it.",
            style="bold",
        )
        intro.append("\nNothing was applied; your edit is kept.")
        if self.reason:
            intro.append(f"\n{visible(self.reason, one_line=False)}", style="dim")
        yield SessionHeader(self.session, context="record changed on the server")
        yield Static(intro, id="stale-intro")
        with VerticalScroll(id="stale-body", can_focus=False):
            yield Static(Text("What the server changed:"), classes="heading")
            yield Static(Text("Fetching the current version…", style="dim"), id="stale-theirs")
            count = len(self.state.ops)
            yield Static(
                Text(f"Your edit ({count} op{'' if count == 1 else 's'}):"), classes="heading"
            )
            yield Static(self._mine(), id="stale-mine")
            yield Static("", id="stale-resolution")
        yield Footer()

    def _mine(self) -> Text:
        text = Text()
        for op in self.edit.shown_ops(self.state):
            value = compact(op["value"], 40) if "value" in op else ""
            text.append(f"  {visible(op['op'])} ", style="yellow")
            text.append(visible(op["path"]), style="bold")
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
        session = self.session
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
                Text(
                    f"Could not fetch the current version: {visible(exc, one_line=False)}",
                    style="red",
                )
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
            theirs.append(visible(", ".join(service)), style="dim")
        if edit.kind.has_etag:
            theirs.append("\n  etag ", style="dim")
            theirs.append(visible(f"{edit.base_etag} → {current.get('etag')}"))
        self.query_one("#stale-theirs", Static).update(theirs)
        self.rebased = rebase_edit(edit, self.state, current)
        self._show_resolution(self.resolution_text(self.rebased))

    def _bookkeeping(self, path: str) -> bool:
        """A field the service maintains (etag, updatedAt...), summarised rather than listed."""
        return any(is_within(path, owned) for owned in self.edit.kind.read_only)

    def resolution_text(self, rebased: Rebased) -> Text:
        """Overlap or not, and what the keys will do; on overlap, the per-path choices."""
        text = Text()
        if rebased.edit is not None:
            text.append("No overlap: ", style="bold green")
            text.append("r reloads your edit on the new version and opens a new review.")
            return text
        if rebased.problem is not None:
            text.append("Cannot carry over: ", style="bold red")
            text.append(visible(rebased.problem, one_line=False))
            return text
        secrets = self.edit.secret_paths_for(self.state)
        if self.current is not None:
            secrets |= self.edit.shown_secrets(self.current)
        text.append("Overlap: ", style="bold red")
        text.append("both changed these paths. ↑/↓ pick a path, m keeps yours, t theirs;")
        text.append("\nr applies the choices and opens a new review, h lets you finish by hand.")
        for index, conflict in enumerate(rebased.conflicts):
            choice = self.choices.get(conflict.path)
            pointer = "▶ " if index == self.selected else "  "
            text.append(
                f"\n{pointer}{visible(conflict.path)}",
                style="bold reverse" if pointer != "  " else "bold",
            )
            text.append(f"  [{choice or 'choose'}]", style="green" if choice else "yellow")
            for label, value, side in (
                ("base:  ", conflict.base, None),
                ("yours: ", conflict.mine, "mine"),
                ("theirs:", conflict.theirs, "theirs"),
            ):
                text.append(f"\n    {label} ", style="dim")
                shown = compact(masked_value(conflict.path, value, secrets), 56)
                text.append(shown, style="bold" if side is not None and side == choice else "")
        return text

    def _show_resolution(self, text: Text) -> None:
        self.query_one("#stale-resolution", Static).update(text)

    @property
    def conflicts(self) -> list[Conflict]:
        return self.rebased.conflicts if self.rebased is not None else []

    def resolution_for(self, *, by_hand: bool = False) -> StaleDecision | None:
        """The decision ``r`` (or ``h``) makes now; None while a conflicting path has no choice."""
        rebased = self.rebased
        if rebased is None or self.current is None:
            return None
        if rebased.edit is not None and rebased.text is not None:
            return CarriedOver(rebased.edit, rebased.text, review=not by_hand)
        if not rebased.conflicts:
            return None
        choices = dict(self.choices)
        if by_hand:
            for conflict in rebased.conflicts:
                choices.setdefault(conflict.path, "mine")
        elif any(conflict.path not in choices for conflict in rebased.conflicts):
            return None
        resolved = resolve_conflicts(
            self.edit, self.state, self.current, rebased.conflicts, choices
        )
        if resolved.edit is None or resolved.text is None:
            return None
        return CarriedOver(resolved.edit, resolved.text, review=not by_hand)

    def action_reload(self) -> None:
        decision = self.resolution_for()
        if decision is None:
            self.notify(
                "Choose mine (m) or theirs (t) for every path in both changes first",
                severity="warning",
            )
            return
        self.dismiss(decision)

    def action_by_hand(self) -> None:
        decision = self.resolution_for(by_hand=True)
        if decision is None:
            self.notify("Nothing to carry over yet", severity="warning")
            return
        if self.conflicts:
            paths = ", ".join(conflict.path for conflict in self.conflicts)
            self.notify(f"Your values are in the text for {paths}: check them, then ctrl+s")
        self.dismiss(decision)

    def _choose(self, choice: Choice) -> None:
        conflicts = self.conflicts
        if not conflicts:
            return
        self.choices[conflicts[self.selected].path] = choice
        if self.selected < len(conflicts) - 1:
            self.selected += 1
        self._refresh_resolution()

    def action_mine(self) -> None:
        self._choose("mine")

    def action_theirs(self) -> None:
        self._choose("theirs")

    def action_move(self, step: int) -> None:
        if self.conflicts:
            self.selected = max(0, min(len(self.conflicts) - 1, self.selected + step))
            self._refresh_resolution()

    def action_page(self, step: int) -> None:
        body = self.query_one("#stale-body", VerticalScroll)
        if step < 0:
            body.scroll_page_up(animate=False)
        else:
            body.scroll_page_down(animate=False)

    def _refresh_resolution(self) -> None:
        if self.rebased is not None:
            self._show_resolution(self.resolution_text(self.rebased))

    def action_discard(self) -> None:
        def discarded(confirmed: bool | None) -> None:
            if confirmed:
                self.dismiss(Discarded())

        self.app.push_screen(DiscardEditModal(self.edit.name), discarded)

    def action_back(self) -> None:
        self.dismiss(KeptAsIs())
