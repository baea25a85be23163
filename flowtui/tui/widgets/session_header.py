"""The line that always says where you are: profile, organisation, sandbox, RO/RW, demo."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from flowtui.session import Session
from flowtui.visible import visible


def short_org(org_id: str) -> str:
    """An IMS org id trimmed to what fits at 80 columns while staying recognisable."""
    bare = org_id.removesuffix("@AdobeOrg")
    return bare if len(bare) <= 12 else bare[:8] + "…"


class SessionHeader(Static):
    """Profile, org and sandbox; a protected sandbox (prod) shows in reverse red."""

    DEFAULT_CSS = """
    SessionHeader {
        dock: top;
        height: 1;
        width: 1fr;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, session: Session, *, context: str = "") -> None:
        super().__init__(id="session-header")
        self._session = session
        self._where = context

    def on_mount(self) -> None:
        self.update(self.header_text())

    def set_context(self, context: str) -> None:
        self._where = context
        self.update(self.header_text())

    def header_text(self) -> Text:
        session = self._session
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(" flowtui ", style="bold")
        line.append(f" {visible(session.profile)} ", style="")
        line.append("│ org ", style="dim")
        line.append(visible(short_org(session.org_id)))
        line.append(" │ ", style="dim")
        name = session.sandbox.upper() if session.sandbox_is_protected else session.sandbox
        sandbox = f" {visible(name)} "
        line.append(sandbox, style="bold reverse red" if session.sandbox_is_protected else "bold")
        line.append(" │ ", style="dim")
        if session.read_only:
            line.append(" RO ", style="bold reverse green")
        else:
            line.append(" RW ", style="bold reverse yellow")
        if session.demo:
            line.append(" │ ", style="dim")
            line.append("demo", style="italic")
        if self._where:
            line.append(" │ ", style="dim")
            line.append(visible(self._where))
        return line
