"""The patch engine: pure functions that turn edits into guarded add/replace/remove JSON Patches."""

from __future__ import annotations

from flowtui.patching.apply import apply_ops
from flowtui.patching.diff import diff
from flowtui.patching.errors import PatchError
from flowtui.patching.guards import guard_edit
from flowtui.patching.invert import invert
from flowtui.patching.jsontext import ParseResult, parse_json, pointer_for_line, pretty_json
from flowtui.patching.pointers import MISSING, escape, is_within, overlaps, resolve, unescape
from flowtui.patching.problems import Problem
from flowtui.patching.readonly import strip_read_only
from flowtui.patching.rebase import Conflict, RebaseResult, rebase
from flowtui.patching.rules import KindRules, UpdateRule
from flowtui.patching.secrets import (
    MASK,
    looks_like_credential,
    mask_secrets,
    redact_ops,
    secret_pointers,
)
from flowtui.patching.validation import validate_record

__all__ = [
    "MASK",
    "MISSING",
    "Conflict",
    "KindRules",
    "ParseResult",
    "PatchError",
    "Problem",
    "RebaseResult",
    "UpdateRule",
    "apply_ops",
    "diff",
    "escape",
    "guard_edit",
    "invert",
    "is_within",
    "looks_like_credential",
    "mask_secrets",
    "overlaps",
    "parse_json",
    "pointer_for_line",
    "pretty_json",
    "rebase",
    "redact_ops",
    "resolve",
    "secret_pointers",
    "strip_read_only",
    "unescape",
    "validate_record",
]
