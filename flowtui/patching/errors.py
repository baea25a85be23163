"""The one exception the patch engine raises."""

from __future__ import annotations


class PatchError(ValueError):
    """A patch could not be built or applied; the message says which op and why."""
