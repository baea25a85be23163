"""How old a draft is, in words: the draft offer in the TUI and ``flowtui edit`` say it alike."""

from __future__ import annotations


def describe_age(seconds: float) -> str:
    """``3 minutes ago``: how long since a draft was saved, in words a tired person reads fast."""
    seconds = max(0, int(seconds))
    if seconds < 10:
        return "just now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"  # unreachable: seconds >= 10 here
