"""Spec and record fixtures shaped like the tutorials' (the engine is pure, so plain dicts do)."""

from __future__ import annotations

import copy
from typing import Any

_DRAFT7 = "http://json-schema.org/draft-07/schema#"

MAILCHIMP_SPEC: dict[str, Any] = {
    "id": "f6c0de0c-0a42-4cd9-9139-8768bf2f1b55",
    "name": "MailChimp source",
    "version": "1.0",
    "authSpec": [
        {
            "name": "OAuth2 Refresh Code",
            "type": "OAuth2RefreshCode",
            "spec": {
                "$schema": _DRAFT7,
                "type": "object",
                "properties": {
                    "host": {"type": "string"},
                    "authorizationTestUrl": {"type": "string"},
                    "accessToken": {"type": "string", "format": "password"},
                },
                "required": ["host", "accessToken"],
            },
        },
        {
            "name": "Basic Authentication",
            "type": "BasicAuthentication",
            "spec": {
                "$schema": _DRAFT7,
                "type": "object",
                "properties": {
                    "host": {"type": "string"},
                    "username": {"type": "string"},
                    "password": {"type": "string", "format": "password"},
                },
                "required": ["host", "username", "password"],
            },
        },
    ],
}

SALESFORCE_SPEC: dict[str, Any] = {
    "id": "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5",
    "name": "salesforce",
    "authSpec": [
        {
            "name": "Basic Authentication",
            "type": "BasicAuthentication",
            "spec": {
                "$schema": _DRAFT7,
                "type": "object",
                "properties": {
                    "environmentUrl": {"type": "string"},
                    "username": {"type": "string"},
                    "password": {"type": "string", "format": "password"},
                    "securityToken": {"type": "string", "format": "password"},
                },
                "required": ["username", "password", "securityToken"],
            },
        }
    ],
}

S3_SPEC: dict[str, Any] = {
    "id": "s3-spec",
    "targetSpec": {
        "spec": {
            "$schema": _DRAFT7,
            "type": "object",
            "properties": {
                "bucketName": {"type": "string"},
                "path": {"type": "string"},
                "sasKeyRef": {"type": "string", "format": "password"},
            },
            "required": ["bucketName", "path"],
        }
    },
}

PERIODIC_FLOW_SPEC: dict[str, Any] = {
    "id": "6499120c-0b15-42dc-936e-847ea3c24d72",
    "name": "RestStorageToAEP",
    "scheduleSpec": {
        "name": "PeriodicSchedule",
        "type": "Periodic",
        "spec": {
            "$schema": _DRAFT7,
            "type": "object",
            "properties": {
                "startTime": {"type": "integer"},
                "frequency": {"type": "string", "enum": ["once", "minute", "hour", "day", "week"]},
                "interval": {"type": "integer"},
                "backfill": {"type": "boolean", "default": True},
            },
            "required": ["startTime", "frequency"],
            "if": {"properties": {"frequency": {"const": "once"}}},
            "then": {
                "allOf": [
                    {"not": {"required": ["interval"]}},
                    {"not": {"required": ["backfill"]}},
                ]
            },
            "else": {
                "required": ["interval"],
                "if": {"properties": {"frequency": {"const": "minute"}}},
                "then": {"properties": {"interval": {"minimum": 15}}},
                "else": {"properties": {"interval": {"minimum": 1}}},
            },
        },
    },
}

_SALESFORCE_CONNECTION: dict[str, Any] = {
    "createdAt": 1597973312000,
    "updatedAt": 1597973312000,
    "createdBy": "someone",
    "updatedBy": "someone",
    "sandboxName": "prod",
    "id": "139f6a5f-a78b-4744-9f6a-5fa78bd74431",
    "name": "E2E_SF Base_Connection",
    "connectionSpec": {"id": "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5", "version": "1.0"},
    "state": "enabled",
    "auth": {
        "specName": "Basic Authentication",
        "params": {
            "securityToken": "{SECURITY_TOKEN}",
            "password": "{PASSWORD}",
            "username": "my-salesforce-account",
            "environmentUrl": "login.salesforce.com",
        },
    },
    "version": '"1400dd53-0000-0200-0000-5f3f23450000"',
    "etag": '"1400dd53-0000-0200-0000-5f3f23450000"',
}

_FLOW: dict[str, Any] = {
    "id": "226fb2e1-db69-4760-b67e-9e671e05abfc",
    "name": "2021 winter campaign",
    "flowSpec": {"id": "71471eba-b620-49e4-90fd-23f1fa0174d8", "version": "1.0"},
    "state": "enabled",
    "sourceConnectionIds": ["5e45582a-5336-4ea1-9ec9-d0004a9f344a"],
    "targetConnectionIds": ["8ce3dc63-3766-4220-9f61-51d2f8f14618"],
    "scheduleParams": {"startTime": 1610000000, "frequency": "hour", "interval": 3},
    "etag": '"8b0351ca-0000-0200-0000-5fd7c5aa0000"',
    "version": '"8b0351ca-0000-0200-0000-5fd7c5aa0000"',
}


def salesforce_connection() -> dict[str, Any]:
    """The tutorial's Salesforce base connection, secrets as the service returns them (masked)."""
    return copy.deepcopy(_SALESFORCE_CONNECTION)


def flow() -> dict[str, Any]:
    """The tutorial's "2021 winter campaign" dataflow."""
    return copy.deepcopy(_FLOW)
