"""The emulator's records: per sandbox, per kind, in memory, with the etag bookkeeping the
service does on every change."""

from __future__ import annotations

import copy
import random
import threading
import time
from typing import Any

from flowtui.emulator.fixtures import sandbox_fixtures
from flowtui.emulator.fixtures.run_stories import RUN_STORIES, refusal_for
from flowtui.emulator.runs import (
    RunStory,
    last_run_details,
    next_run,
    runs_for_flow,
    story_runs,
)

JSON = dict[str, Any]

RECORD_KINDS: tuple[str, ...] = ("flows", "connections", "sourceConnections", "targetConnections")
"""Kinds changed by JSON Patch under If-Match; they carry an etag and a version."""
SPEC_KINDS: tuple[str, ...] = ("connectionSpecs", "flowSpecs")
"""Kinds replaced whole by PUT; they carry no etag."""
READ_ONLY_KINDS: tuple[str, ...] = ("runs",)
ALL_KINDS: tuple[str, ...] = RECORD_KINDS + SPEC_KINDS + READ_ONLY_KINDS


def now_ms() -> int:
    return int(time.time() * 1000)


class RecordStore:
    """Records keyed by sandbox, kind and id; insertion order is the default list order."""

    def __init__(self, org_id: str, sandboxes: tuple[str, ...]) -> None:
        self.org_id = org_id
        self._lock = threading.RLock()
        self._rng = random.Random()
        self._last_run_ms = 0
        """When the newest run made by ``run_now`` completed: each new one ends later."""
        self._data: dict[str, dict[str, dict[str, JSON]]] = {}
        for sandbox in sandboxes:
            by_kind: dict[str, dict[str, JSON]] = {kind: {} for kind in ALL_KINDS}
            for kind, records in sandbox_fixtures(sandbox, org_id).items():
                for record in records:
                    by_kind[kind][record["id"]] = record
            self._data[sandbox] = by_kind
            rng = random.Random(f"runs:{sandbox}")
            for flow in list(by_kind["flows"].values()):
                self.add_runs(sandbox, flow, RUN_STORIES.get(flow["id"], RunStory(3)), rng)

    def add_runs(self, sandbox: str, flow: JSON, story: RunStory | int, rng: random.Random) -> None:
        """Give a flow a run history (a story, or a count of runs that may end in a failure)
        and point the flow at it, as the service does. A disabled flow's runs end when it was
        disabled; an enabled one's go on for 30 days after its last change."""
        end = int(flow["updatedAt"])
        if flow.get("state") != "disabled":
            end += 30 * 24 * 3600 * 1000
        if isinstance(story, int):
            runs = runs_for_flow(flow, story, rng, end_ms=end)
        else:
            runs = story_runs(flow, story, rng, end_ms=end)
        for run in runs:
            self._data[sandbox]["runs"][run["id"]] = run
        flow["runs"] = f"/runs?property=flowId=={flow['id']}"
        if runs:
            flow["lastRunDetails"] = last_run_details(runs[-1])

    def run_now(self, sandbox: str, flow: JSON) -> JSON:
        """Add the run a flow makes when enabled: failed while its target still names a bucket
        that refuses writes. Points ``lastRunDetails`` at it; returns the run."""
        with self._lock:
            error = None
            for target_id in flow.get("targetConnectionIds") or []:
                target = self.find(sandbox, "targetConnections", str(target_id))
                params = (target or {}).get("params")
                error = error or (refusal_for(params) if isinstance(params, dict) else None)
            self._last_run_ms = max(now_ms(), self._last_run_ms + 1)
            run = next_run(flow, self._rng, now_ms=self._last_run_ms, error=error)
            self._data[sandbox]["runs"][run["id"]] = run
            flow["runs"] = f"/runs?property=flowId=={flow['id']}"
            flow["lastRunDetails"] = last_run_details(run)
            return run

    @property
    def sandboxes(self) -> tuple[str, ...]:
        return tuple(self._data)

    @property
    def lock(self) -> threading.RLock:
        """Held by handlers around read-modify-write, as the server runs in its own thread."""
        return self._lock

    def add(self, sandbox: str, kind: str, record: JSON) -> None:
        """Add a record (used by the generator); replaces one with the same id."""
        with self._lock:
            self._data[sandbox][kind][record["id"]] = record

    def records(self, sandbox: str, kind: str) -> list[JSON]:
        """The live records of a kind, in insertion order; callers must not change them."""
        with self._lock:
            return list(self._data[sandbox][kind].values())

    def find(self, sandbox: str, kind: str, record_id: str) -> JSON | None:
        """The live record, or None."""
        return self._data[sandbox][kind].get(record_id)

    def get(self, sandbox: str, kind: str, record_id: str) -> JSON:
        """A copy of the stored record, secrets in clear (for tests); KeyError when absent."""
        with self._lock:
            record = self.find(sandbox, kind, record_id)
            if record is None:
                raise KeyError(f"no {kind} record {record_id!r} in sandbox {sandbox!r}")
            return copy.deepcopy(record)

    def replace(self, sandbox: str, kind: str, record: JSON) -> None:
        with self._lock:
            self._data[sandbox][kind][record["id"]] = record

    def new_etag(self) -> str:
        """An etag in the service's form: a quoted Cosmos-style id ending in hex epoch seconds."""
        with self._lock:
            head = self._rng.getrandbits(32)
        return f'"{head:08x}-0000-0200-0000-{int(time.time()):08x}0000"'

    def stamp(self, record: JSON, *, user: str, client: str) -> None:
        """Record a change: updatedAt/By/Client, and a new etag and version on etag kinds."""
        record["updatedAt"] = max(now_ms(), int(record.get("updatedAt") or 0) + 1)
        record["updatedBy"] = user
        record["updatedClient"] = client
        if "etag" in record:
            etag = self.new_etag()
            record["etag"] = etag
            record["version"] = etag

    def touch(self, sandbox: str, kind: str, record_id: str, changes: JSON) -> JSON:
        """Change top-level fields as another user would, bumping etag/version/updatedAt."""
        with self._lock:
            record = self.find(sandbox, kind, record_id)
            if record is None:
                raise KeyError(f"no {kind} record {record_id!r} in sandbox {sandbox!r}")
            record.update(copy.deepcopy(changes))
            self.stamp(record, user="someone-else@AdobeID", client="exc_app")
            return copy.deepcopy(record)
