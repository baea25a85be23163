"""Flow runs (read-only): a short history per flow, so the run views have something to show.

A run's ``metrics.statusSummary.status`` takes the destinations reference's enum values
(``Success``, ``Processing``, ``Waiting``, ``Failed``), so ``status==Failed`` filters match.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

JSON = dict[str, Any]

_HOUR_MS = 3600 * 1000


def runs_for_flow(flow: JSON, count: int, rng: random.Random, *, end_ms: int) -> list[JSON]:
    """``count`` runs of ``flow`` ending before ``end_ms``, oldest first; the last may fail."""
    runs: list[JSON] = []
    for index in range(count):
        started = end_ms - (count - index) * 24 * _HOUR_MS + rng.randrange(_HOUR_MS)
        completed = started + rng.randrange(60_000, 2 * _HOUR_MS)
        failed = index == count - 1 and rng.random() < 0.3
        read = rng.randrange(1_000, 2_000_000)
        bad = rng.randrange(1, read // 10) if failed else rng.randrange(0, 3)
        run_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        etag = f'"{rng.getrandbits(32):08x}-0000-0200-0000-{completed // 1000:08x}0000"'
        runs.append(
            {
                "id": run_id,
                "createdAt": started,
                "updatedAt": completed,
                "createdBy": flow["createdBy"],
                "updatedBy": flow["createdBy"],
                "createdClient": flow["createdClient"],
                "updatedClient": flow["createdClient"],
                "sandboxId": flow["sandboxId"],
                "sandboxName": flow["sandboxName"],
                "imsOrgId": flow["imsOrgId"],
                "flowId": flow["id"],
                "flowSpec": dict(flow["flowSpec"]),
                "providerRefId": f"M-{flow['id']}-incremental-{index}:{run_id[:7]}",
                "eTag": etag,
                "metrics": {
                    "durationSummary": {"startedAtUTC": started, "completedAtUTC": completed},
                    "sizeSummary": {"inputBytes": read * 412, "outputBytes": read * 388},
                    "recordSummary": {
                        "inputRecordCount": read,
                        "createdRecordCount": read - bad,
                        "failedRecordCount": bad,
                    },
                    "fileSummary": {"inputFileCount": 1 + read // 500_000, "failedFileCount": 0},
                    "statusSummary": {"status": "Failed" if failed else "Success"},
                },
                "activities": [],
            }
        )
    return runs


def last_run_details(run: JSON) -> JSON:
    """The ``lastRunDetails`` a flow shows for its latest run.

    Its ``state`` is lowercase (``success``/``failed``), as flow-service.yaml documents it,
    while the run's own ``statusSummary.status`` uses the reference enum (``Success``/``Failed``).
    """
    duration = run["metrics"]["durationSummary"]
    return {
        "id": run["id"],
        "state": str(run["metrics"]["statusSummary"]["status"]).lower(),
        "startedAtUTC": duration["startedAtUTC"],
        "completedAtUTC": duration["completedAtUTC"],
    }
