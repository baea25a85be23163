"""Flow runs (read-only): a history per flow in the shapes of destinations.yaml's run examples.

Each run has ``metrics`` (``durationSummary`` started/completed, ``sizeSummary``,
``recordSummary`` with input/created/output/failed counts and ``failedInfo``, ``fileSummary``,
``statusSummary`` with ``status``, ``errors`` (code, message) and ``activityRefs``), the
``activities`` those refs name, and an ``etag``. ``statusSummary.status`` takes the reference's
enum values (``Success``, ``Processing``, ``Waiting``, ``Failed``), so
``property=metrics.statusSummary.status==Failed`` matches (the enum is case-sensitive here, though
one example in the reference writes ``success``).

A seed flow's history can tell a story: ``RunStory.failing_from`` makes every run from that one
on fail with ``RunStory.error``, as a destination does once its bucket refuses writes. When a
flow is enabled the emulator adds a run at once (``next_run``), successful unless its target
still points somewhere broken, so a fix shows in the runs list.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]

_HOUR_MS = 3600 * 1000
_DAY_MS = 24 * _HOUR_MS
PROCESSOR_ACTIVITY = "Activation Batch XdmProcessor Activity"
PUBLISHER_ACTIVITY = "Activation Batch Publisher Activity"
STATUSES: tuple[str, ...] = ("Success", "Processing", "Waiting", "Failed")
"""``metrics.statusSummary.status`` values, as destinations.yaml's StatusSummary enum lists them."""


@dataclass(frozen=True)
class RunError:
    """One entry of ``statusSummary.errors`` (and of ``recordSummary.failedInfo``)."""

    code: str
    message: str

    def as_json(self) -> JSON:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class RunStory:
    """How a seed flow's history goes: ``count`` daily runs, failing from ``failing_from``
    (an index, oldest first) with ``error``; ``processing_last`` leaves the newest running."""

    count: int
    failing_from: int | None = None
    error: RunError | None = None
    processing_last: bool = False


JOB_ABORTED = RunError("ACTIVATION_BATCH-0000-FAILED", "Job aborted.")
"""The failure destinations.yaml's Batch_Flow_Run_Failure example shows."""


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def make_run(
    flow: JSON,
    rng: random.Random,
    *,
    started: int,
    status: str,
    error: RunError | None = None,
    completed: int | None = None,
) -> JSON:
    """One run of ``flow`` started at ``started`` (epoch ms) ending in ``status`` (at
    ``completed``, or a while after it started)."""
    run_id = _uuid(rng)
    done = status in ("Success", "Failed")
    if completed is None:
        completed = started + rng.randrange(60_000, 2 * _HOUR_MS)
    updated = completed if done else started + 60_000
    read = rng.randrange(1_000, 2_000_000)
    failed = status == "Failed"
    failed_count = read if failed else rng.randrange(0, 3)
    written = read - failed_count
    activity_id = _uuid(rng)
    duration: JSON = {"startedAtUTC": started}
    if done:
        duration["completedAtUTC"] = completed
    status_summary: JSON = {"status": status}
    record_summary: JSON = {
        "inputRecordCount": read,
        "createdRecordCount": written,
        "outputRecordCount": written,
        "skippedRecordCount": 0,
        "failedRecordCount": failed_count,
    }
    if failed and error is not None:
        status_summary["errors"] = [error.as_json()]
        record_summary["failedInfo"] = [{**error.as_json(), "count": failed_count}]
    status_summary["activityRefs"] = [activity_id]
    files = 1 + read // 500_000
    activity: JSON = {
        "id": activity_id,
        "name": PUBLISHER_ACTIVITY if failed else PROCESSOR_ACTIVITY,
        "updatedAtUTC": updated,
        "durationSummary": dict(duration),
        "latencySummary": {},
        "sizeSummary": {"inputBytes": read * 412, "outputBytes": written * 388},
        "recordSummary": dict(record_summary),
        "fileSummary": {"inputFileCount": files, "outputFileCount": 0 if failed else files},
        "statusSummary": {k: v for k, v in status_summary.items() if k != "activityRefs"},
    }
    return {
        "id": run_id,
        "createdAt": started,
        "updatedAt": updated,
        "createdBy": flow["createdBy"],
        "updatedBy": flow["createdBy"],
        "createdClient": flow["createdClient"],
        "updatedClient": flow["createdClient"],
        "sandboxId": flow["sandboxId"],
        "sandboxName": flow["sandboxName"],
        "imsOrgId": flow["imsOrgId"],
        "flowId": flow["id"],
        "flowSpec": dict(flow["flowSpec"]),
        "providerRefId": f"{rng.getrandbits(128):032x}",
        "etag": f'"{rng.getrandbits(32):08x}-0000-0200-0000-{updated // 1000:08x}0000"',
        "metrics": {
            "durationSummary": duration,
            "sizeSummary": {"inputBytes": read * 412, "outputBytes": written * 388},
            "recordSummary": record_summary,
            "fileSummary": {"inputFileCount": files, "outputFileCount": 0 if failed else files},
            "statusSummary": status_summary,
        },
        "activities": [activity],
    }


def story_runs(flow: JSON, story: RunStory, rng: random.Random, *, end_ms: int) -> list[JSON]:
    """The runs of ``story`` for ``flow``, one a day up to ``end_ms``, oldest first."""
    runs: list[JSON] = []
    for index in range(story.count):
        started = end_ms - (story.count - index) * _DAY_MS + rng.randrange(_HOUR_MS)
        failing = story.failing_from is not None and index >= story.failing_from
        status = "Failed" if failing else "Success"
        if story.processing_last and index == story.count - 1:
            status = "Processing"
        runs.append(make_run(flow, rng, started=started, status=status, error=story.error))
    return runs


def runs_for_flow(flow: JSON, count: int, rng: random.Random, *, end_ms: int) -> list[JSON]:
    """``count`` runs of ``flow`` ending before ``end_ms``, oldest first; the last may fail
    (generated flows: no story, an aborted job now and then)."""
    failing = count - 1 if rng.random() < 0.3 else None
    return story_runs(flow, RunStory(count, failing, JOB_ABORTED), rng, end_ms=end_ms)


def next_run(flow: JSON, rng: random.Random, *, now_ms: int, error: RunError | None) -> JSON:
    """The run a flow makes when it is enabled, completed at ``now_ms``: failed with ``error``
    if one is given."""
    status = "Failed" if error is not None else "Success"
    started = now_ms - rng.randrange(60_000, 15 * 60_000)
    return make_run(flow, rng, started=started, status=status, error=error, completed=now_ms)


def last_run_details(run: JSON) -> JSON:
    """The ``lastRunDetails`` a flow shows for its latest run.

    Its ``state`` is lowercase (``success``/``failed``), as flow-service.yaml documents it,
    while the run's own ``statusSummary.status`` uses the reference enum (``Success``/``Failed``).
    """
    duration = run["metrics"]["durationSummary"]
    details = {
        "id": run["id"],
        "state": str(run["metrics"]["statusSummary"]["status"]).lower(),
        "startedAtUTC": duration["startedAtUTC"],
    }
    if "completedAtUTC" in duration:
        details["completedAtUTC"] = duration["completedAtUTC"]
    return details
