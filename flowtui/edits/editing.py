"""The model behind the editor: the record as loaded, the text being edited, what a submit sends.

Pure state and JSON logic (through flowtui.patching), no widgets, so the screens stay thin and the
rules (masked secrets, guards, rebase on a newer version) can be tested without a terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flowtui.api.kinds import ResourceKind, UpdateMethod
from flowtui.exactjson import dumps as exact_dumps
from flowtui.exactjson import too_deep_reason
from flowtui.patching import (
    MASK,
    MISSING,
    PatchError,
    Problem,
    apply_ops,
    diff,
    guard_edit,
    is_within,
    mask_secrets,
    overlaps,
    parse_json,
    pretty_json,
    redact_ops,
    resolve,
    secret_pointers,
    strip_read_only,
    validate_record,
)
from flowtui.visible import visible_json

JsonObject = dict[str, Any]

_LOCATION = re.compile(r"\s*(at|on)? ?line \d+,? column \d+\s*$")


def pretty(doc: Any) -> str:
    """The editor's text for a document: indent 2, keys in the record's order, a final newline.

    Readable non-ASCII stays as typed; controls, bidi overrides and zero-width characters are
    written as JSON escapes (``\\u202e``), which parse back to the same value.
    """
    return visible_json(pretty_json(doc)) + "\n"


def compact(value: Any, width: int = 60) -> str:
    """One-line JSON of a value for lists of ops and changes, cut to ``width`` characters."""
    if value is MISSING:
        return "(absent)"
    text = visible_json(exact_dumps(value, ensure_ascii=False, separators=(",", ":")))
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class Change:
    """One path that differs between two versions of a record, both values (MISSING if absent)."""

    path: str
    old: Any
    new: Any


def changes_between(before: JsonObject, after: JsonObject) -> list[Change]:
    """What changed from ``before`` to ``after``, path by path (pass masked documents)."""
    changes = []
    for op in diff(before, after):
        path = str(op["path"])
        new = op["value"] if op["op"] != "remove" else MISSING
        changes.append(Change(path, resolve(before, path), new))
    return changes


@dataclass(frozen=True)
class EditState:
    """What the editor's text means now: parse error, ops, and the problems that block a submit."""

    text: str
    error: str | None = None
    """``line L, column C: message`` when the text is not JSON."""
    ops: list[JsonObject] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    after: JsonObject | None = None
    """The record as the submit would leave it (real values, never shown)."""

    @property
    def parses(self) -> bool:
        return self.error is None

    @property
    def submittable(self) -> bool:
        return self.error is None and not self.problems and bool(self.ops)


@dataclass
class EditSession:
    """One record being edited: the version it started from, its etag, the specs that describe it.

    The editor shows the record with secrets masked; a secret left masked diffs as unchanged, so
    only the credentials a person retypes are sent.
    """

    kind: ResourceKind
    base: JsonObject
    """The record as loaded, with its real values."""
    connection_spec: JsonObject | None = None
    flow_spec: JsonObject | None = None
    base_etag: str | None = None
    """The If-Match a PATCH carries: the etag the record had when the edit began."""

    def __post_init__(self) -> None:
        if self.base_etag is None and self.kind.has_etag:
            etag = self.base.get("etag")
            self.base_etag = etag if isinstance(etag, str) else None
        self.secrets: set[str] = set(secret_pointers(self.base, self.connection_spec))
        self.shown_base: JsonObject = mask_secrets(self.base, self.secrets)
        self.too_deep = too_deep_reason(self.base)
        """Set when the service's record nests deeper than flowtui reads: nothing is sent."""

    @property
    def record_id(self) -> str:
        return str(self.base.get("id", ""))

    @property
    def name(self) -> str:
        return str(self.base.get("name") or self.record_id)

    @property
    def is_put(self) -> bool:
        return self.kind.update is UpdateMethod.PUT

    def shown(self, doc: JsonObject) -> JsonObject:
        """Another version of this record (e.g. the server's newer one) masked for display."""
        masked: JsonObject = mask_secrets(doc, self.shown_secrets(doc))
        return masked

    def shown_secrets(self, doc: JsonObject) -> set[str]:
        """The secret pointers of another version of this record."""
        return self.secrets | set(secret_pointers(doc, self.connection_spec))

    def initial_text(self) -> str:
        return pretty(self.shown_base)

    def evaluate(self, text: str) -> EditState:
        """Parse the text and work out the ops and every problem that would stop the submit."""
        parsed = parse_json(text)
        if parsed.error is not None:
            where = f"line {parsed.line + 1}, column {parsed.column + 1}"
            message = _LOCATION.sub("", parsed.error)
            return EditState(text, error=f"{where}: {message}")
        edited = parsed.value
        if not isinstance(edited, dict):
            return EditState(text, problems=[Problem("", "the record must be a JSON object")])
        ops = diff(self.shown_base, edited)
        problems = list(
            guard_edit(
                self.kind, self.shown_base, edited, ops, connection_spec=self.connection_spec
            )
        )
        if self.too_deep is not None:
            # Its deepest part is a placeholder here: any submit could overwrite the real one.
            problems.insert(0, Problem("", self.too_deep))
        after: JsonObject | None = None
        if ops and not problems:
            try:
                result = apply_ops(self.base, ops)
            except PatchError as exc:
                problems.append(Problem("", f"the edit cannot be applied: {exc}"))
            else:
                after = result if isinstance(result, dict) else None
                if after is not None:
                    problems.extend(
                        validate_record(
                            self.kind,
                            after,
                            connection_spec=self.connection_spec,
                            flow_spec=self.flow_spec,
                        )
                    )
        return EditState(text, ops=ops, problems=problems, after=after)

    def secret_paths_for(self, state: EditState) -> set[str]:
        """Secrets of both versions, so a credential typed into a new field is masked too."""
        paths = set(self.secrets)
        if state.after is not None:
            paths |= set(secret_pointers(state.after, self.connection_spec))
        return paths

    def shown_ops(self, state: EditState) -> list[JsonObject]:
        """The ops with credential values masked, for the review and the audit log."""
        return list(redact_ops(state.ops, self.secret_paths_for(state)))

    def touches_secret(self, state: EditState) -> bool:
        """Whether an op writes or removes a credential (the review warns, the draft note says)."""
        paths = self.secret_paths_for(state)
        return any(overlaps(str(op["path"]), p) for op in state.ops for p in paths)

    def put_body(self, state: EditState) -> JsonObject:
        """The whole body a spec is replaced with: the edited spec without the service's fields."""
        if state.after is None:
            raise ValueError("the edit has no result to send")
        return strip_read_only(self.kind, state.after)


def masked_value(path: str, value: Any, secrets: set[str]) -> Any:
    """``value`` (found at ``path``) with the secrets at or under ``path`` masked, for display."""
    if value is MISSING:
        return value
    if any(is_within(path, secret) for secret in secrets):
        return MASK
    inner = {secret[len(path) :] for secret in secrets if is_within(secret, path)}
    return mask_secrets(value, inner) if inner else value
