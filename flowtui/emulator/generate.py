"""Generated records for scale tests: realistic names, states, specs and spread-out timestamps,
the same for the same seed."""

from __future__ import annotations

import random
import uuid
from typing import Any

from flowtui.emulator.fixtures import (
    DESTINATION_FLOW_SPEC_ID,
    MAILCHIMP_SPEC_ID,
    PROFILE_SPEC_ID,
    REST_FLOW_SPEC_ID,
    S3_SPEC_ID,
    SALESFORCE_SPEC_ID,
    SANDBOX_IDS,
)
from flowtui.emulator.store import RecordStore

JSON = dict[str, Any]

_SOURCES: tuple[tuple[str, str, str, JSON], ...] = (
    (
        SALESFORCE_SPEC_ID,
        "Salesforce",
        "Basic Authentication",
        {
            "username": "svc-{team}",
            "password": "pw-{n}",
            "securityToken": "tok-{n}",
            "environmentUrl": "login.salesforce.com",
        },
    ),
    (
        MAILCHIMP_SPEC_ID,
        "MailChimp",
        "Basic Authentication",
        {"host": "https://us{k}.api.mailchimp.com", "username": "{team}", "password": "pw-{n}"},
    ),
    (S3_SPEC_ID, "Amazon S3", "Access Key", {"accessId": "AKIA{N}", "secretKey": "secret-{n}"}),
    (PROFILE_SPEC_ID, "Profile", "No Authentication", {}),
)
_TEAMS = ("crm", "growth", "loyalty", "emea-marketing", "apac-sales", "data-eng", "analytics")
_SUBJECTS = (
    "accounts",
    "contacts",
    "orders",
    "leads",
    "members",
    "audiences",
    "events",
    "campaigns",
    "subscriptions",
    "returns",
)
_REGIONS = ("EMEA", "NA", "APAC", "LATAM", "global")
_STATES = ("enabled", "enabled", "enabled", "disabled")
# Generated records predate every tutorial seed record (the oldest is from August 2020), so the
# newest-first lists of the demo open on the records the tutorials describe.
_START_MS = 1420070400000  # 2015-01-01
_SPAN_MS = 5 * 365 * 24 * 3600 * 1000


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _etag(rng: random.Random, at_ms: int) -> str:
    return f'"{rng.getrandbits(32):08x}-0000-0200-0000-{at_ms // 1000:08x}0000"'


def _meta(rng: random.Random, sandbox: str, org_id: str) -> JSON:
    created = _START_MS + rng.randrange(_SPAN_MS)
    updated = created + rng.randrange(90 * 24 * 3600 * 1000)
    etag = _etag(rng, updated)
    author = f"{rng.choice(_TEAMS)}-bot@AdobeID"
    return {
        "createdAt": created,
        "updatedAt": updated,
        "createdBy": author,
        "updatedBy": rng.choice((author, "acme-data-eng@AdobeID")),
        "createdClient": "exc_app",
        "updatedClient": "exc_app",
        "sandboxId": SANDBOX_IDS[sandbox],
        "sandboxName": sandbox,
        "imsOrgId": org_id,
        "version": etag,
        "etag": etag,
    }


def _params(template: JSON, rng: random.Random, n: int, team: str) -> JSON:
    values = {
        "team": team,
        "n": f"{n:05d}-{rng.getrandbits(24):06x}",
        "k": rng.randrange(1, 20),
        "N": f"{rng.getrandbits(64):016X}",
    }
    return {k: v.format(**values) if isinstance(v, str) else v for k, v in template.items()}


def populate(store: RecordStore, count: int, seed: int) -> None:
    """Add ``count`` records of each record kind to every sandbox, deterministically."""
    for sandbox in store.sandboxes:
        rng = random.Random(f"{seed}:{sandbox}")
        for n in range(count):
            spec_id, label, spec_name, template = rng.choice(_SOURCES)
            team = rng.choice(_TEAMS)
            subject = rng.choice(_SUBJECTS)
            region = rng.choice(_REGIONS)
            state = rng.choice(_STATES)
            spec_ref = {"id": spec_id, "version": "1.0"}
            base_id, source_id, target_id, flow_id = (_uuid(rng) for _ in range(4))
            base: JSON = {
                "id": base_id,
                **_meta(rng, sandbox, store.org_id),
                "name": f"{label} {team} {region} #{n:04d}",
                "connectionSpec": spec_ref,
                "state": state,
                "auth": {"specName": spec_name, "params": _params(template, rng, n, team)},
            }
            source: JSON = {
                "id": source_id,
                **_meta(rng, sandbox, store.org_id),
                "name": f"{label} {subject} ({region}) #{n:04d}",
                "baseConnectionId": base_id,
                "connectionSpec": spec_ref,
                "state": state,
                "params": {"tableName": subject, "columns": []},
            }
            is_export = spec_id in (S3_SPEC_ID, PROFILE_SPEC_ID)
            target: JSON = {
                "id": target_id,
                **_meta(rng, sandbox, store.org_id),
                "name": f"{subject.title()} dataset {region} #{n:04d}",
                "connectionSpec": {
                    "id": S3_SPEC_ID if is_export else "c604ff05-7f1a-43c0-8e18-33bf874cb11c",
                    "version": "1.0",
                },
                "state": state,
                "params": (
                    {"bucketName": f"acme-{team}", "path": f"exports/{subject}", "mode": "S3"}
                    if is_export
                    else {"dataSetId": f"{rng.getrandbits(96):024x}"}
                ),
            }
            frequency = rng.choice(("once", "minute", "hour", "day", "week"))
            schedule: JSON = {
                "startTime": (_START_MS + rng.randrange(_SPAN_MS)) // 1000,
                "frequency": frequency,
            }
            if frequency != "once":
                schedule["interval"] = 15 if frequency == "minute" else rng.choice((1, 2, 6, 12))
            flow: JSON = {
                "id": flow_id,
                **_meta(rng, sandbox, store.org_id),
                "name": f"{subject.title()} {region} {team} ingestion #{n:04d}",
                "description": f"Moves {subject} for the {team} team ({region}).",
                "flowSpec": {
                    "id": DESTINATION_FLOW_SPEC_ID if is_export else REST_FLOW_SPEC_ID,
                    "version": "1.0",
                },
                "state": state,
                "sourceConnectionIds": [source_id],
                "targetConnectionIds": [target_id],
                "inheritedAttributes": {
                    "sourceConnections": [
                        {
                            "id": source_id,
                            "connectionSpec": spec_ref,
                            "baseConnection": {"id": base_id, "connectionSpec": spec_ref},
                        }
                    ],
                    "targetConnections": [
                        {"id": target_id, "connectionSpec": target["connectionSpec"]}
                    ],
                },
                "scheduleParams": schedule,
            }
            store.add(sandbox, "connections", base)
            store.add(sandbox, "sourceConnections", source)
            store.add(sandbox, "targetConnections", target)
            store.add(sandbox, "flows", flow)
            if state == "enabled":
                store.add_runs(sandbox, flow, 1, rng)
