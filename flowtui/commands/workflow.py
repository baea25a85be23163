"""The TUI's edit workflow, used as is: one import site, so moving it (issue 11) is one edit here.

These modules import no Textual (``flowtui.tui`` loads its app lazily); a test keeps it so.
"""

from __future__ import annotations

from flowtui.edits.editing import EditSession, EditState, JsonObject, compact, pretty
from flowtui.edits.list_query import (
    ListQuery,
    looks_like_single_equals,
    matches_text,
    parse_query,
)
from flowtui.edits.resolution import Choice, Rebased, rebase_edit, resolve_conflicts
from flowtui.edits.submission import (
    ChangedOnServerError,
    OutcomeKind,
    SubmitOutcome,
    Submitted,
    run_flow_action,
    submit,
    submit_edit,
)

__all__ = [
    "ChangedOnServerError",
    "Choice",
    "EditSession",
    "EditState",
    "JsonObject",
    "ListQuery",
    "OutcomeKind",
    "Rebased",
    "SubmitOutcome",
    "Submitted",
    "compact",
    "looks_like_single_equals",
    "matches_text",
    "parse_query",
    "pretty",
    "rebase_edit",
    "resolve_conflicts",
    "run_flow_action",
    "submit",
    "submit_edit",
]
