"""A stand-in for $EDITOR: keeps every file it is given, then edits it as a plan says.

Run as ``python scripted_editor.py PLAN FILE``. PLAN is a JSON list, one step per run: a
step's ``replace`` pairs are applied to the text in order and ``run`` (optional) is a command
run first, as a colleague changing the record meanwhile. Runs past the plan change nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def main() -> int:
    plan_path, file_path = Path(sys.argv[1]), Path(sys.argv[2])
    plan = json.loads(plan_path.read_text())
    seen = sorted(plan_path.parent.glob("seen-*.txt"))
    run = len(seen)
    text = file_path.read_text()
    (plan_path.parent / f"seen-{run}.txt").write_text(text)
    if run >= len(plan):
        return 0
    step = plan[run]
    if step.get("run"):
        subprocess.run(step["run"], check=True, input=step.get("stdin", ""), text=True)
    for old, new in step.get("replace", []):
        if old not in text:
            print(f"scripted editor: {old!r} not in the file", file=sys.stderr)
            return 3
        text = text.replace(old, new, 1)
    file_path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
