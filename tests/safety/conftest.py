"""Issue-5 journeys inside the real app (FlowTUI) against the in-process emulator."""

from __future__ import annotations

from typing import Any

SIZE = (80, 24)
CONNECTION_NAME = "E2E_SF Base_Connection"
FLOW_SPEC_ID = "6499120c-0b15-42dc-936e-847ea3c24d72"
MAILCHIMP_SPEC_ID = "f6c0de0c-0a42-4cd9-9139-8768bf2f1b55"


def screen_text(app: Any) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query("Static, Label"))
