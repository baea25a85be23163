"""The second looks before a submit: the TUI's review and the command line's review list them."""

from __future__ import annotations

from flowtui.edits.editing import EditSession, EditState
from flowtui.session import Session


def review_warnings(
    session: Session,
    edit: EditSession,
    state: EditState,
    *,
    protected_hint: str = "",
    mention_put: bool = True,
) -> list[str]:
    """The things worth a second look before submitting.

    ``protected_hint`` follows the protected-sandbox warning (how this front end confirms);
    ``mention_put=False`` when the caller already says the write is a whole-record PUT.
    """
    warnings = []
    if session.sandbox_is_protected:
        warnings.append(f"{session.sandbox} is a protected sandbox{protected_hint}")
    elif session.sandbox == "prod":
        warnings.append("prod sandbox: this changes live dataflows")
    if mention_put and edit.is_put:
        warnings.append(f"PUT replaces the whole {edit.kind.singular}; the ops are for information")
    if edit.touches_secret(state):
        warnings.append("changes a credential (its value is masked here and in the audit log)")
    removed = sum(1 for op in state.ops if op.get("op") == "remove")
    if removed:
        warnings.append(f"removes {removed} field{'' if removed == 1 else 's'}")
    return warnings
