"""The confirmations a write needs, as the TUI's review asks them (no terminal needed here)."""

from __future__ import annotations

from typing import Any, cast

import pytest

from flowtui.commands.confirm import WriteOptions, confirm_write
from flowtui.commands.exit_codes import ExitCode
from flowtui.commands.failures import CommandFailure
from flowtui.session import Session


def _session(sandbox: str = "dev", *, read_only: bool = False) -> Session:
    return Session(
        client=cast(Any, None),  # never used: nothing is sent here
        profile="test",
        org_id="ORG",
        sandbox=sandbox,
        read_only=read_only,
        protected_sandboxes=frozenset({"prod"}),
    )


class Answers:
    """A terminal that answers with ``answer`` (None: there is no terminal) and keeps the asks."""

    def __init__(self, answer: str | None) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, question: str) -> str | None:
        self.asked.append(question)
        return self.answer


def _refusal(session: Session, options: WriteOptions, ask: Answers) -> str:
    with pytest.raises(CommandFailure) as caught:
        confirm_write(session, options, "Apply 1 op", ask)
    assert caught.value.exit_code is ExitCode.REFUSED
    return caught.value.message


def test_a_read_only_session_refuses_even_with_yes() -> None:
    ask = Answers("y")
    message = _refusal(_session(read_only=True), WriteOptions(yes=True), ask)
    assert "read-only" in message and ask.asked == []


def test_a_protected_sandbox_needs_its_name_and_yes_is_not_enough() -> None:
    ask = Answers("y")
    assert "--confirm-sandbox prod" in _refusal(_session("prod"), WriteOptions(yes=True), ask)
    wrong = WriteOptions(yes=True, confirm_sandbox="dev")
    assert "does not name this sandbox" in _refusal(_session("prod"), wrong, ask)
    assert ask.asked == []
    confirm_write(_session("prod"), WriteOptions(yes=True, confirm_sandbox="prod"), "x", ask)


def test_a_terminal_is_asked_and_only_y_goes_on() -> None:
    for answer in ("", "n", "no", "yes please"):
        assert "not confirmed" in _refusal(_session(), WriteOptions(), Answers(answer))
    ask = Answers("Y")
    confirm_write(_session(), WriteOptions(), "Apply 1 op", ask)
    assert ask.asked == ["Apply 1 op in dev? [y/N] "]


def test_yes_skips_the_question_and_a_script_is_not_asked() -> None:
    ask = Answers("n")
    confirm_write(_session(), WriteOptions(yes=True), "x", ask)
    assert ask.asked == []
    confirm_write(_session(), WriteOptions(), "x", Answers(None))  # no terminal: flags decide
