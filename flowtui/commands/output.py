"""Where a command writes: data on stdout, messages on stderr, both safe for a terminal.

Text from outside (names, the service's messages, error details) never reaches the terminal
with raw control characters: messages pass through ``flowtui.visible``, and JSON is written
with every hidden character as a JSON escape, so it still parses to the same value.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

from flowtui.commands.failures import CommandFailure, problem_text, usage
from flowtui.exactjson import dumps as exact_dumps
from flowtui.visible import visible, visible_json


def quoted(text: object) -> str:
    """A name or id from outside, quoted, on one line, every hidden character made visible."""
    return "'" + visible(text) + "'"


def json_text(value: Any) -> str:
    """Indented JSON with a final newline: numbers exactly as read, hidden characters escaped."""
    return visible_json(exact_dumps(value, indent=2, ensure_ascii=False)) + "\n"


def yaml_text(value: Any) -> str:
    """YAML for reading (needs PyYAML); everything outside ASCII is escaped, so it is safe."""
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:
        raise usage("-o yaml needs PyYAML (pip install pyyaml); -o json works without it") from None
    # Plain floats for YAML: a number past a float's range reads as .inf here (JSON keeps it).
    plain = json.loads(exact_dumps(value))
    text: str = yaml.safe_dump(plain, sort_keys=False, allow_unicode=False, width=100)
    return text


@dataclass
class Output:
    """The two streams of one command, and whether errors are written as JSON."""

    json_errors: bool = False
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def data(self, text: str) -> None:
        """Write the command's result (already made safe) to stdout."""
        self.out.write(text)
        self.out.flush()

    def json(self, value: Any) -> None:
        self.data(json_text(value))

    def say(self, text: str) -> None:
        """A message for the person, on stderr, one rule for every character in it."""
        self.err.write(visible(text, one_line=False) + "\n")
        self.err.flush()

    def fail(self, failure: CommandFailure) -> None:
        """Report why the command stopped: plain text, or a JSON object with the service's ids."""
        if not self.json_errors:
            self.say(f"flowtui: {failure.message}")
            for problem in failure.problems:
                self.say(f"  {problem_text(problem)}")
            return
        error = failure.error
        body: dict[str, Any] = {
            "message": failure.message,
            "exit_code": int(failure.exit_code),
            "type": type(error).__name__ if error is not None else "Refused",
            "code": error.code if error is not None else None,
            "status": error.status if error is not None else None,
            "request_id": error.request_id if error is not None else None,
            "problems": [{"path": p.path, "message": p.message} for p in failure.problems],
        }
        self.err.write(json_text({"error": body}))
        self.err.flush()
