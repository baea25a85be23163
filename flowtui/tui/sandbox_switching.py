"""Moving the app to another sandbox in place, and finding a record by id or prefix wherever
it lives (this sandbox's rows and lists first, then the other sandboxes).

The app calls these from workers: each may wait on a dialog (``push_screen_wait``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from flowtui.api.errors import FlowServiceError
from flowtui.api.kinds import KINDS, ResourceKind
from flowtui.edits.id_prefix import (
    WHOLE_ID,
    Candidate,
    LoadedRows,
    Lookup,
    find_id,
    in_listings,
)
from flowtui.edits.sandbox_switch import (
    SandboxChoices,
    SandboxSwitchError,
    sandbox_choices,
    switched_session,
)
from flowtui.session import Session
from flowtui.tui.screens.choice import ChoiceModal
from flowtui.tui.screens.main import MainScreen

if TYPE_CHECKING:
    from flowtui.tui.app import FlowTUI


# --- switching ---------------------------------------------------------------------------


def _choice_label(session: Session, name: str) -> str:
    notes = []
    if name == session.sandbox:
        notes.append("current")
    if name in session.protected_sandboxes:
        notes.append("protected")
    return f"{name}  ({', '.join(notes)})" if notes else name


async def _choices(app: FlowTUI) -> SandboxChoices:
    choices = await sandbox_choices(app.session)
    if choices.note:
        app.notify(choices.note, title="Sandbox list", severity="warning", timeout=8)
    return choices


async def choose_sandbox(app: FlowTUI) -> None:
    """The palette's "Switch sandbox" (and ``:sandbox`` alone): pick from the known ones."""
    session = app.session
    choices = await _choices(app)
    where = "from the service" if choices.source == "service" else "named by the profile"
    picked = await app.push_screen_wait(
        ChoiceModal(
            f"Switch sandbox (now {session.sandbox}; list {where})",
            [(name, _choice_label(session, name)) for name in choices.names],
            highlighted=session.sandbox,
        )
    )
    if picked is not None:
        await switch_sandbox(app, picked, choices)


async def switch_sandbox(app: FlowTUI, name: str, choices: SandboxChoices | None = None) -> bool:
    """``:sandbox NAME``: move the whole app to sandbox ``name``; False (said why) if not."""
    if choices is None:
        choices = await _choices(app)
    try:
        session = switched_session(app.session, name, choices)
    except SandboxSwitchError as refused:
        app.notify(refused.message, title="Sandbox not switched", severity="warning", timeout=8)
        return False
    if session.sandbox == app.session.sandbox:
        app.notify(f"Already in sandbox {session.sandbox}.")
        return True
    from flowtui.tui.screens.editor import EditorScreen

    if any(isinstance(screen, EditorScreen) for screen in app.screen_stack):
        app.notify(
            "An edit is open: submit it or leave the editor (its draft is kept), then switch.",
            title="Sandbox not switched",
            severity="warning",
            timeout=8,
        )
        return False
    await install_session(app, session)
    return True


async def install_session(app: FlowTUI, session: Session) -> None:
    """Work in ``session`` from now on: a fresh main screen (header, panes reloaded), the
    screens above it closed, and the new sandbox's unsaved drafts offered, as at start-up."""
    from flowtui.tui.screens.draft_restore import offer_pending_drafts

    main = app.main_screen
    app.session = session
    app.last_submit = None  # `u` undoes only in the sandbox the change was made in
    if main is not None:
        while app.screen_stack[-1] is not main:
            await app.pop_screen()
        # The same screen, composed again: a new header and new panes, which load from the
        # new session (the default screen cannot be swapped for another).
        kind = main.current_kind
        main.session = session
        main.initial = kind
        await main.recompose()
        main.on_mount()  # what a first mount does: load the pane, focus, read spec names
        main.show_kind(kind)
    protected = " (protected: changes ask for its name)" if session.sandbox_is_protected else ""
    app.notify(f"Now in sandbox {session.sandbox}{protected}.", title="Sandbox switched")
    await offer_pending_drafts(app, session, done=app._edited)


# --- finding an id -----------------------------------------------------------------------


def loaded_rows(main: MainScreen | None) -> list[LoadedRows]:
    """What every pane of the main screen holds, and whether it is its kind's whole list."""
    if main is None:
        return []
    rows = []
    for kind in KINDS:
        pane = main.built_pane(kind)
        if pane is None:
            continue
        complete = (
            pane.started
            and not pane.is_loading
            and pane.error is None
            and pane.truncated is None
            and pane.query_filter.property_filter is None
        )
        rows.append(LoadedRows(kind, pane.table.records, complete=complete))
    return rows


async def find_and_open(app: FlowTUI, kind: ResourceKind | None, text: str) -> None:
    """Open the record ``text`` names (a whole id or a unique prefix), here or elsewhere.

    Here: it opens. In another sandbox: a dialog says where it lives; enter switches there and
    opens it. Several matches: a dialog lists them (kind, name, id) to pick from.
    """
    session = app.session
    kinds: Sequence[ResourceKind] = (kind,) if kind is not None else KINDS
    try:
        lookup = await find_id(text, session.client, loaded_rows(app.main_screen), kinds)
        # A whole id was already read across sandboxes; a prefix is looked for in their lists.
        if not lookup.candidates and not lookup.gaps and not WHOLE_ID.fullmatch(text):
            choices = await sandbox_choices(session)
            for other in choices.names:
                if other != session.sandbox and not lookup.candidates:
                    await in_listings(text, session.client.for_sandbox(other), kinds, lookup)
    except FlowServiceError as error:
        app.notify(str(error), title=f"Could not look up {text}", severity="error")
        return
    if lookup.found is not None:
        await _go_to(app, lookup.found)
    elif lookup.candidates:
        await _pick(app, lookup)
    else:
        app.notify(lookup.message(), title="Not found", severity="warning", timeout=10)


async def _pick(app: FlowTUI, lookup: Lookup) -> None:
    by_key = {f"{c.sandbox}/{c.kind.name}/{c.record_id}": c for c in lookup.candidates}
    picked = await app.push_screen_wait(
        ChoiceModal(
            f"{len(by_key)} records have an id starting with {lookup.text}: pick one, or "
            "type more of the id",
            [(key, f"{c.label()}  ({c.sandbox})") for key, c in by_key.items()],
        )
    )
    if picked is not None:
        await _go_to(app, by_key[picked])


async def _go_to(app: FlowTUI, found: Candidate) -> None:
    """Open ``found``; in another sandbox, ask first (enter switches there and opens it)."""
    if found.sandbox != app.session.sandbox:
        name = found.name or "(no name)"
        answer = await app.push_screen_wait(
            ChoiceModal(
                f"{found.kind.singular.capitalize()} {name} ({found.record_id[:8]}) is not in "
                f"sandbox {app.session.sandbox}: found in sandbox {found.sandbox}.",
                [("go", f"Switch to {found.sandbox} and open it")],
                keys="enter: switch there and open it · esc: stay here",
            )
        )
        if answer != "go" or not await switch_sandbox(app, found.sandbox):
            return
    await open_here(app, found.kind, found.record_id)


async def open_here(app: FlowTUI, kind: ResourceKind, record_id: str) -> None:
    """Read the record from this sandbox and open it, with its row selected on the main screen."""
    try:
        record = await app.session.client.get(kind, record_id)
    except FlowServiceError as error:
        app.notify(str(error), title=f"Could not open {record_id}", severity="error")
        return
    main = app.main_screen
    if main is not None and app.screen is main:
        main.select_record(kind, record_id)
    app.open_record(kind, record)
