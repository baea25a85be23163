"""The offer to restore an unsaved edit found on disk: restore it, discard it, or decide later."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from flowtui.api.errors import FlowServiceError
from flowtui.api.kinds import KINDS_BY_NAME, ResourceKind, find_kind
from flowtui.edits.draft_age import describe_age
from flowtui.session import Session
from flowtui.store.drafts import Draft, DraftStore
from flowtui.store.locks import DraftLocks
from flowtui.visible import visible

if TYPE_CHECKING:
    from flowtui.api.client import FlowServiceClient

DraftChoice = Literal["restore", "discard", "later"]

CREDENTIAL_NOTE = (
    "Drafts may hold credentials you typed. They are kept only on this disk, "
    "readable by you alone (mode 0600), and deleted when the edit is submitted or discarded."
)


async def changed_on_server(client: FlowServiceClient, draft: Draft) -> bool | None:
    """Whether the draft's record changed on the service since the edit began; None if unknown.

    Records compare etags; specs carry none, so their whole body is compared with the base.
    """
    kind = KINDS_BY_NAME.get(draft.kind)
    if kind is None:
        return None
    try:
        current = await client.get(kind, draft.record_id)
    except FlowServiceError:
        return None
    if kind.has_etag:
        etag = current.get("etag")
        if etag is None or draft.base_etag is None:
            return None
        return bool(etag != draft.base_etag)
    return current != draft.base


def server_state_text(changed: bool | None) -> str:
    if changed is True:
        return (
            "The record changed on the server since this edit began: "
            "restoring opens the conflict view before anything is sent."
        )
    if changed is False:
        return "The record is unchanged on the server since this edit began."
    return "Could not check whether the record changed on the server since."


class DraftRestoreModal(ModalScreen[DraftChoice]):
    """Offers a draft back; dismisses with ``restore``, ``discard`` or ``later``.

    Focus starts on Later, and Discard asks once more, so a stray key never loses an edit.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('later')", "Later", id="draft.later"),
        Binding("r", "choose('restore')", "Restore", id="draft.restore"),
        Binding("d", "discard", "Discard", id="draft.discard"),
        Binding("l", "choose('later')", "Later", show=False),
        Binding("question_mark,f1", "app.help", "Keys", show=False),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]
    DEFAULT_CSS = """
    DraftRestoreModal { align: center middle; }
    DraftRestoreModal > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    DraftRestoreModal #draft-title { text-style: bold; }
    DraftRestoreModal Static { height: auto; margin-bottom: 1; }
    DraftRestoreModal #draft-credentials { color: $text-muted; }
    DraftRestoreModal #draft-confirm { color: $error; text-style: bold; display: none; }
    DraftRestoreModal #draft-confirm.-asking { display: block; }
    DraftRestoreModal Horizontal { height: auto; align-horizontal: center; }
    DraftRestoreModal Button { margin: 0 1; width: auto; min-width: 12; }
    """

    def __init__(
        self, draft: Draft, changed_on_server: bool | None, *, now: float | None = None
    ) -> None:
        super().__init__()
        self.draft = draft
        self.changed_on_server = changed_on_server
        self.now = now
        self.confirming_discard = False

    def compose(self) -> ComposeResult:
        draft = self.draft
        kind = KINDS_BY_NAME.get(draft.kind)
        singular = kind.singular if kind is not None else visible(draft.kind)
        with Vertical():
            yield Static(Text("Unsaved edit found"), id="draft-title")
            yield Static(
                Text(
                    f"{singular} '{visible(draft.name[:200])}'\n"
                    f"id {visible(draft.record_id)}\n"
                    f"sandbox {visible(draft.sandbox)}, profile {visible(draft.profile)}\n"
                    f"Saved {describe_age(draft.age(self.now))}."
                ),
                id="draft-record",
            )
            yield Static(server_state_text(self.changed_on_server), id="draft-server")
            yield Static(CREDENTIAL_NOTE, id="draft-credentials")
            yield Static(
                "Discard deletes this edit for good: press Confirm (or d) to go on.",
                id="draft-confirm",
            )
            with Horizontal():
                yield Button("Restore", id="restore", variant="primary")
                yield Button("Discard", id="discard", variant="error")
                yield Button("Later", id="later")

    def on_mount(self) -> None:
        self.query_one("#later", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "discard":
            self.action_discard()
        elif event.button.id in ("restore", "later"):
            self.action_choose(event.button.id)

    def action_choose(self, choice: str) -> None:
        if choice == "restore":
            self.dismiss("restore")
        else:
            self.dismiss("later")

    def action_discard(self) -> None:
        """The first press asks, the second discards."""
        if self.confirming_discard:
            self.dismiss("discard")
            return
        self.confirming_discard = True
        self.query_one("#draft-confirm", Static).add_class("-asking")
        button = self.query_one("#discard", Button)
        button.label = "Confirm"
        button.focus()


def drafts_of_session(session: Session, store: DraftStore | None = None) -> list[Draft]:
    """Drafts this session could restore (same profile, organisation and sandbox), newest first.

    A read-only session gets none: it could not submit them, and the files stay for later.
    """
    if session.read_only:
        return []
    where = (session.profile, session.org_id, session.sandbox)
    drafts = (store or DraftStore()).all()
    return [d for d in drafts if (d.profile, d.org_id, d.sandbox) == where]


async def ask_about_draft(
    app: App[Any], session: Session | None, draft: Draft, store: DraftStore | None = None
) -> DraftChoice:
    """Check the server, offer the draft, delete it on ``discard``; run it in a worker.

    On ``restore`` the caller opens ``EditorScreen(kind, draft.base, draft_text=draft.text)``:
    the edit keeps the etag it began from, so a changed record ends in the conflict view.
    """
    changed = None if session is None else await changed_on_server(session.client, draft)
    choice = await app.push_screen_wait(DraftRestoreModal(draft, changed))
    store = store or DraftStore()
    if choice in ("discard", "restore") and (owner := DraftLocks(store.root).holder(*draft.key)):
        # Another flowtui opened it meanwhile: it is that process's edit now.
        app.notify(
            f"Left alone: {draft.name} is being edited in another flowtui ({owner.describe()})"
        )
        return "later"
    if choice == "discard":
        store.delete(*draft.key)
    return choice


EditorDone = Callable[[ResourceKind, dict[str, Any] | None], None]
"""Called with the kind and what the editor dismisses with: the record after a submit, or None."""


def open_draft_in_editor(
    app: App[Any],
    session: Session,
    draft: Draft,
    store: DraftStore | None = None,
    done: EditorDone | None = None,
) -> bool:
    """Push the editor on the draft's text over its base record; False if the kind is unknown."""
    from flowtui.tui.screens.editor import EditorScreen

    kind = find_kind(draft.kind)
    if kind is None:
        app.notify(f"Draft of unknown kind {draft.kind!r} left on disk", severity="warning")
        return False
    editor = EditorScreen(session, kind, draft.base, draft_text=draft.text, drafts=store)
    app.push_screen(editor, None if done is None else partial(done, kind))
    return True


async def offer_pending_drafts(
    app: App[Any],
    session: Session,
    store: DraftStore | None = None,
    done: EditorDone | None = None,
) -> list[tuple[Draft, DraftChoice]]:
    """At start: offer this session's drafts, newest first; run it in a worker.

    The first one restored opens in the editor and ends the round (one edit at a time); the
    others stay on disk and are offered again next time.
    """
    store = store or DraftStore()
    answers: list[tuple[Draft, DraftChoice]] = []
    for draft in drafts_of_session(session, store):
        owner = DraftLocks(store.root).holder(*draft.key)
        if owner is not None:  # open in another flowtui: its edit, not ours to offer
            app.notify(
                f"An unsaved edit of {draft.name} is open in another flowtui "
                f"({owner.describe()}); it is left to that one.",
                timeout=8,
            )
            continue
        choice = await ask_about_draft(app, session, draft, store)
        answers.append((draft, choice))
        if choice == "restore" and open_draft_in_editor(app, session, draft, store, done):
            break
    for path in store.set_aside:
        app.notify(f"A damaged draft was kept aside as {path}", severity="warning", timeout=10)
    return answers


async def offer_draft_of(
    app: App[Any],
    session: Session,
    kind_name: str,
    record_id: str,
    store: DraftStore | None = None,
    done: EditorDone | None = None,
) -> DraftChoice | None:
    """Before editing a record: offer its draft if it has one (None if not); run in a worker.

    ``restore`` has opened the editor on the draft; ``discard`` deleted it, so open a fresh
    editor; ``later`` must open nothing: a fresh editor's autosave would overwrite the draft.
    """
    if session.read_only:
        return None
    store = store or DraftStore()
    draft = store.find(session.profile, session.sandbox, kind_name, record_id)
    if draft is None or draft.org_id != session.org_id:
        return None
    choice = await ask_about_draft(app, session, draft, store)
    if choice == "restore":
        open_draft_in_editor(app, session, draft, store, done)
    elif choice == "later":
        app.notify("The draft is kept on disk; press e again to restore or discard it.")
    return choice
