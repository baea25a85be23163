"""The seed records: every record and spec that the Flow Service tutorials show, with the specs
they point to, so each documented journey can be replayed against the emulator.

Records are returned fresh on every call (callers own them). Metadata the tutorials leave as
placeholders (``{CREATED_BY}``) gets realistic values.
"""

from __future__ import annotations

import copy
from typing import Any

JSON = dict[str, Any]

SANDBOX_IDS = {
    "prod": "d537df80-c5d7-11e9-aafb-87c71c35cac8",
    "dev": "4e0c2a10-5b1f-11ec-8d3d-0242ac130003",
}

# Ids that the tutorials use.
SALESFORCE_CONNECTION_ID = "139f6a5f-a78b-4744-9f6a-5fa78bd74431"
SALESFORCE_SPEC_ID = "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5"
WINTER_FLOW_ID = "226fb2e1-db69-4760-b67e-9e671e05abfc"
DESTINATION_FLOW_SPEC_ID = "71471eba-b620-49e4-90fd-23f1fa0174d8"
PROFILE_SOURCE_CONNECTION_ID = "5e45582a-5336-4ea1-9ec9-d0004a9f344a"
S3_TARGET_CONNECTION_ID = "8ce3dc63-3766-4220-9f61-51d2f8f14618"
PROFILE_BASE_CONNECTION_ID = "0a82f29f-b457-47f7-bb30-33856e2ae5aa"
S3_BASE_CONNECTION_ID = "7fbf542b-83ed-498f-8838-8fde0c4d4d69"
EDIT_TARGET_CONNECTION_ID = "b2cb1407-3114-441c-87ea-2c1a3c84d0b0"
MAILCHIMP_SPEC_ID = "f6c0de0c-0a42-4cd9-9139-8768bf2f1b55"
STREAMING_SPEC_ID = "bdb5b792-451b-42de-acf8-15f3195821de"
REST_FLOW_SPEC_ID = "6499120c-0b15-42dc-936e-847ea3c24d72"
PROFILE_SPEC_ID = "8a9c3494-9708-43d7-ae3f-cda01e5030e1"
S3_SPEC_ID = "0b23e41a-cb4a-4321-a78f-3b654f5d7d97"
"""The flow's destination spec; the emulator makes it the Amazon S3 destination spec, so the
target and base connection edits of the destinations tutorial land on one consistent record."""

# Dev-only records, so the two sandboxes visibly differ.
DEV_CONNECTION_ID = "3c1e8a52-7d0b-4f6e-9a21-6b8f0d4c2e17"
DEV_SOURCE_CONNECTION_ID = "9d27b6f4-1e3a-4c58-b0d2-5f7a8e9c1b36"
DEV_TARGET_CONNECTION_ID = "e4a9c0d1-2b3f-4a5e-8c7d-9f0e1a2b3c4d"
DEV_FLOW_ID = "71c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e"

ADOBE_PROVIDER_ID = "0ed90a81-07f4-4586-8190-b40eccef1c5a"
DESTINATION_PROVIDER_ID = "a71fc6b3-6c3e-4d2f-9a5d-2f4b7c1e8d90"
STREAMING_PROVIDER_ID = "521eee4d-8cbe-4906-bb48-fb6bd4450033"

SCHEMA_URL = "http://json-schema.org/draft-07/schema#"


def _meta(sandbox: str, org_id: str, created: int, updated: int | None = None) -> JSON:
    return {
        "createdAt": created,
        "updatedAt": updated if updated is not None else created,
        "createdBy": "acme-data-eng@AdobeID",
        "updatedBy": "acme-data-eng@AdobeID",
        "createdClient": "exc_app",
        "updatedClient": "exc_app",
        "sandboxId": SANDBOX_IDS[sandbox],
        "sandboxName": sandbox,
        "imsOrgId": org_id,
    }


def _record(sandbox: str, org_id: str, rid: str, created: int, etag: str, **fields: Any) -> JSON:
    """A PATCH-able record: metadata, then its fields, then version and etag (equal values)."""
    return {"id": rid, **_meta(sandbox, org_id, created), **fields, "version": etag, "etag": etag}


def _spec(sandbox: str, org_id: str, sid: str, created: int, **fields: Any) -> JSON:
    return {"id": sid, **_meta(sandbox, org_id, created), **fields}


def _permissions(name: str) -> JSON:
    return {
        "view": [{"@type": "lowLevel", "name": name, "permissions": ["read"]}],
        "manage": [{"@type": "lowLevel", "name": name, "permissions": ["write"]}],
    }


def _auth_spec(name: str, auth_type: str, props: JSON, required: list[str]) -> JSON:
    return {
        "name": name,
        "type": auth_type,
        "spec": {
            "$schema": SCHEMA_URL,
            "type": "object",
            "description": f"Defines auth params required for {name}.",
            "properties": props,
            "required": required,
        },
    }


def _string(description: str, *, secret: bool = False) -> JSON:
    out: JSON = {"type": "string", "description": description}
    if secret:
        out["format"] = "password"
    return out


SCHEDULE_SPEC: JSON = {
    "name": "PeriodicSchedule",
    "type": "Periodic",
    "spec": {
        "$schema": SCHEMA_URL,
        "type": "object",
        "properties": {
            "startTime": {"description": "epoch time", "type": "integer"},
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
}

OPTION_SPEC: JSON = {
    "name": "OptionSpec",
    "spec": {
        "$schema": SCHEMA_URL,
        "type": "object",
        "properties": {
            "errorDiagnosticsEnabled": {
                "title": "Error diagnostics.",
                "description": "Flag to enable detailed and sample error diagnostics summary.",
                "type": "boolean",
                "default": False,
            },
            "partialIngestionPercent": {
                "title": "Partial ingestion threshold.",
                "description": "Percentage which defines the threshold of errors allowed before "
                "the run is marked as failed.",
                "type": "number",
                "exclusiveMinimum": 0,
            },
        },
    },
}

MAPPING_TRANSFORMATION_SPEC: JSON = {
    "name": "Mapping",
    "spec": {
        "$schema": SCHEMA_URL,
        "type": "object",
        "description": "defines various params required for different mapping from source to "
        "target",
        "properties": {"mappingId": {"type": "string"}, "mappingVersion": {"type": "string"}},
    },
}


def connection_specs(sandbox: str, org_id: str) -> list[JSON]:
    """The connection specs the seed records use, plus MailChimp and generic-streaming."""
    salesforce = _spec(
        sandbox,
        org_id,
        SALESFORCE_SPEC_ID,
        1561746534000,
        name="salesforce",
        providerId=ADOBE_PROVIDER_ID,
        version="1.0",
        type="Salesforce",
        attributes={"category": "CRM", "isSource": True},
        authSpec=[
            _auth_spec(
                "Basic Authentication",
                "BasicAuthentication",
                {
                    "environmentUrl": _string("The URL of the Salesforce instance."),
                    "username": _string("Username of the Salesforce account."),
                    "password": _string("Password of the Salesforce account.", secret=True),
                    "securityToken": _string("Security token for the account.", secret=True),
                },
                ["username", "password", "securityToken"],
            ),
            _auth_spec(
                "OAuth2 Client Credential",
                "OAuth2ClientCredential",
                {
                    "environmentUrl": _string("The URL of the Salesforce instance."),
                    "clientId": _string("Client id of the connected app."),
                    "clientSecret": _string("Client secret of the connected app.", secret=True),
                },
                ["environmentUrl", "clientId", "clientSecret"],
            ),
        ],
        sourceSpec={"attributes": {"uiAttributes": {"isSource": True, "category": "CRM"}}},
        permissionsInfo=_permissions("EnterpriseSource"),
    )
    profile = _spec(
        sandbox,
        org_id,
        PROFILE_SPEC_ID,
        1580000000000,
        name="Profile Fragments",
        providerId=ADOBE_PROVIDER_ID,
        version="1.0",
        type="ProfileFragments",
        attributes={"category": "Profile", "isSource": True},
        authSpec=[],
        sourceSpec={"attributes": {"uiAttributes": {"isSource": True}}},
        permissionsInfo=_permissions("EnterpriseSource"),
    )
    s3 = _spec(
        sandbox,
        org_id,
        S3_SPEC_ID,
        1590000000000,
        name="Amazon S3",
        providerId=DESTINATION_PROVIDER_ID,
        version="1.0",
        type="AmazonS3",
        attributes={"category": "Cloud Storage", "isDestination": True},
        authSpec=[
            _auth_spec(
                "Access Key",
                "AccessKeyAuthentication",
                {
                    "accessId": _string("Access key id of the bucket's IAM user."),
                    "secretKey": _string("Secret access key of that user.", secret=True),
                },
                ["accessId", "secretKey"],
            )
        ],
        targetSpec={
            "name": "Amazon S3 target",
            "spec": {
                "$schema": SCHEMA_URL,
                "type": "object",
                "properties": {
                    "bucketName": _string("Bucket the files are exported to."),
                    "path": _string("Folder inside the bucket."),
                },
                "required": ["bucketName", "path"],
            },
        },
        permissionsInfo=_permissions("EnterpriseDestination"),
    )
    mailchimp = _spec(
        sandbox,
        org_id,
        MAILCHIMP_SPEC_ID,
        1633388930134,
        name="MailChimp Members",
        description="New MailChimp source using generic-rest",
        providerId=ADOBE_PROVIDER_ID,
        version="1.0",
        type="generic-rest",
        authSpec=[
            _auth_spec(
                "OAuth2 Refresh Code",
                "OAuth2RefreshCode",
                {
                    "host": _string("Enter resource url host path"),
                    "authorizationTestUrl": _string("Authorization test url to validate token."),
                    "accessToken": _string("Access Token of mailChimp endpoint.", secret=True),
                },
                ["host", "accessToken"],
            ),
            _auth_spec(
                "Basic Authentication",
                "BasicAuthentication",
                {
                    "host": _string("Enter resource url host path."),
                    "username": _string("Username to connect mailChimp endpoint."),
                    "password": _string("Password to connect mailChimp endpoint.", secret=True),
                },
                ["host", "username", "password"],
            ),
        ],
        sourceSpec={
            "spec": {
                "$schema": SCHEMA_URL,
                "type": "object",
                "description": "Define user input parameters to fetch resource values.",
                "properties": {
                    "listId": {
                        "type": "string",
                        "description": "listId for which members need to fetch.",
                    }
                },
            },
            "attributes": {
                "uiAttributes": {
                    "isSource": True,
                    "isPreview": True,
                    "isBeta": True,
                    "icon": {"key": "mailchimpMembersIcon"},
                    "description": {"key": "mailchimpMembersDescription"},
                    "label": {"key": "mailchimpMembersLabel"},
                },
                "urlParams": {"path": "/3.0/lists/${listId}/members", "method": "GET"},
                "contentPath": "$.members",
                "paginationParams": {
                    "type": "OFFSET",
                    "limitName": "count",
                    "limitValue": "100",
                    "offSetName": "offset",
                },
                "scheduleParams": {
                    "scheduleStartParamName": "since_last_changed",
                    "scheduleEndParamName": "before_last_changed",
                    "scheduleStartParamFormat": "yyyy-MM-ddTHH:mm:ss:fffffffK",
                    "scheduleEndParamFormat": "yyyy-MM-ddTHH:mm:ss:fffffffK",
                },
            },
        },
        exploreSpec={
            "name": "Resource",
            "type": "Resource",
            "requestSpec": {"$schema": SCHEMA_URL, "type": "object"},
            "responseSpec": {
                "$schema": SCHEMA_URL,
                "type": "object",
                "properties": {
                    "format": {"type": "string"},
                    "data": {"type": "array", "items": {"type": "object"}},
                },
            },
        },
        attributes={"uiAttributes": {"apiFeatures": {"explorePaginationSupported": False}}},
    )
    streaming = _spec(
        sandbox,
        org_id,
        STREAMING_SPEC_ID,
        1667536504101,
        name="generic-streaming",
        providerId=STREAMING_PROVIDER_ID,
        version="1.0",
        type="generic-streaming",
        sourceSpec={
            "attributes": {
                "authRequired": False,
                "uiAttributes": {
                    "documentationLink": "http://www.adobe.com/go/"
                    "understanding-data-streaming-ingestion-en",
                    "isSource": True,
                    "monitoringSupported": False,
                    "category": {"key": "streaming"},
                    "icon": {"key": "Generic-Streaming"},
                    "description": {"text": "Generic Streaming Connector"},
                    "label": {"text": "Generic"},
                    "frequency": {"text": "streaming"},
                },
            }
        },
        exploreSpec={"type": "StreamingConnection"},
        attributes={
            "category": "Streaming",
            "isSource": True,
            "documentationLink": "https://docs.adobe.com/content/help/en/platform-learn/"
            "tutorials/data-ingestion/understanding-streaming-ingestion.html",
            "uiAttributes": {"apiFeatures": {"updateSupported": False}},
        },
        authSpec=[],
        permissionsInfo=_permissions("StreamingSource"),
    )
    return [salesforce, profile, s3, mailchimp, streaming]


def flow_specs(sandbox: str, org_id: str) -> list[JSON]:
    """RestStorageToAEP as the Batch SDK tutorial shows it, and the destination flow's spec."""
    rest = _spec(
        sandbox,
        org_id,
        REST_FLOW_SPEC_ID,
        1633080822911,
        name="RestStorageToAEP",
        providerId=ADOBE_PROVIDER_ID,
        version="1.0",
        sourceConnectionSpecIds=["2d46966e-4fcc-4015-9f9e-a67594e395a3"],
        targetConnectionSpecIds=["c604ff05-7f1a-43c0-8e18-33bf874cb11c"],
        optionSpec=copy.deepcopy(OPTION_SPEC),
        transformationSpecs=[copy.deepcopy(MAPPING_TRANSFORMATION_SPEC)],
        scheduleSpec=copy.deepcopy(SCHEDULE_SPEC),
        attributes={"notification": {"category": "sources", "flowRun": {"enabled": True}}},
        permissionsInfo=_permissions("EnterpriseSource"),
    )
    destination = _spec(
        sandbox,
        org_id,
        DESTINATION_FLOW_SPEC_ID,
        1590000000000,
        name="ProfileToAmazonS3",
        providerId=DESTINATION_PROVIDER_ID,
        version="1.0",
        sourceConnectionSpecIds=[PROFILE_SPEC_ID],
        targetConnectionSpecIds=[S3_SPEC_ID],
        transformationSpecs=[copy.deepcopy(MAPPING_TRANSFORMATION_SPEC)],
        scheduleSpec=copy.deepcopy(SCHEDULE_SPEC),
        attributes={"notification": {"category": "destinations"}},
        permissionsInfo=_permissions("EnterpriseDestination"),
    )
    return [rest, destination]


def _spec_ref(spec_id: str) -> JSON:
    return {"id": spec_id, "version": "1.0"}


def prod_records(org_id: str) -> dict[str, list[JSON]]:
    """The records of the tutorials, in the ``prod`` sandbox."""
    s = "prod"
    connections = [
        _record(
            s,
            org_id,
            SALESFORCE_CONNECTION_ID,
            1597973312000,
            '"1400dd53-0000-0200-0000-5f3f23450000"',
            name="E2E_SF Base_Connection",
            connectionSpec=_spec_ref(SALESFORCE_SPEC_ID),
            state="enabled",
            auth={
                "specName": "Basic Authentication",
                "params": {
                    "securityToken": "sf-security-token-2f7c",
                    "password": "sf-password-8e1d",
                    "username": "my-salesforce-account",
                    "environmentUrl": "login.salesforce.com",
                },
            },
        ),
        _record(
            s,
            org_id,
            PROFILE_BASE_CONNECTION_ID,
            1640000000000,
            '"8a02f1b3-0000-0200-0000-61c4d5f00000"',
            name="Profile base connection",
            connectionSpec=_spec_ref(PROFILE_SPEC_ID),
            state="enabled",
            auth={"specName": "No Authentication", "params": {}},
        ),
        _record(
            s,
            org_id,
            S3_BASE_CONNECTION_ID,
            1640000100000,
            '"8a0312c4-0000-0200-0000-61c4d6000000"',
            name="ACME exports S3 account",
            connectionSpec=_spec_ref(S3_SPEC_ID),
            state="enabled",
            auth={
                "specName": "Access Key",
                "params": {"accessId": "AKIAEXAMPLEACME0001", "secretKey": "s3-secret-key-4b9a"},
            },
        ),
    ]
    source_connections = [
        _record(
            s,
            org_id,
            PROFILE_SOURCE_CONNECTION_ID,
            1640000200000,
            '"8a0321d5-0000-0200-0000-61c4d6100000"',
            name="Profile source for 2021 winter campaign",
            baseConnectionId=PROFILE_BASE_CONNECTION_ID,
            connectionSpec=_spec_ref(PROFILE_SPEC_ID),
            state="enabled",
            params={"segmentSelectors": {"selectors": []}},
            typeInfo={"type": "ProfileFragments", "id": "ups"},
        )
    ]
    target_connections = [
        _record(
            s,
            org_id,
            S3_TARGET_CONNECTION_ID,
            1640000300000,
            '"8a0330e6-0000-0200-0000-61c4d6200000"',
            name="Winter campaign S3 target",
            baseConnectionId=S3_BASE_CONNECTION_ID,
            connectionSpec=_spec_ref(S3_SPEC_ID),
            state="enabled",
            params={"bucketName": "acme-campaigns", "path": "exports/winter-2021", "mode": "S3"},
        ),
        _record(
            s,
            org_id,
            EDIT_TARGET_CONNECTION_ID,
            1613629174000,
            '"1a0037e4-0000-0200-0000-602e06f60000"',
            name="Amazon S3 audience export",
            baseConnectionId=S3_BASE_CONNECTION_ID,
            connectionSpec=_spec_ref(S3_SPEC_ID),
            state="enabled",
            params={"bucketName": "acme-audiences", "path": "daily", "mode": "S3"},
        ),
    ]
    flows = [
        _record(
            s,
            org_id,
            WINTER_FLOW_ID,
            1640289900000,
            '"8b0351ca-0000-0200-0000-61c4d6700000"',
            name="2021 winter campaign",
            description="ACME company holiday campaign for high fidelity customers",
            flowSpec=_spec_ref(DESTINATION_FLOW_SPEC_ID),
            state="enabled",
            sourceConnectionIds=[PROFILE_SOURCE_CONNECTION_ID],
            targetConnectionIds=[S3_TARGET_CONNECTION_ID],
            inheritedAttributes={
                "sourceConnections": [
                    {
                        "id": PROFILE_SOURCE_CONNECTION_ID,
                        "connectionSpec": _spec_ref(PROFILE_SPEC_ID),
                        "baseConnection": {
                            "id": PROFILE_BASE_CONNECTION_ID,
                            "connectionSpec": _spec_ref(PROFILE_SPEC_ID),
                        },
                        "typeInfo": {"type": "ProfileFragments", "id": "ups"},
                    }
                ],
                "targetConnections": [
                    {
                        "id": S3_TARGET_CONNECTION_ID,
                        "connectionSpec": _spec_ref(S3_SPEC_ID),
                        "baseConnection": {
                            "id": S3_BASE_CONNECTION_ID,
                            "connectionSpec": _spec_ref(S3_SPEC_ID),
                        },
                    }
                ],
            },
            scheduleParams={"startTime": 1640304000, "frequency": "day", "interval": 1},
            transformations=[
                {
                    "name": "Mapping",
                    "params": {"mappingId": "3c0b6d2a9e8f4b1c", "mappingVersion": "0"},
                }
            ],
        )
    ]
    return {
        "connections": connections,
        "sourceConnections": source_connections,
        "targetConnections": target_connections,
        "flows": flows,
    }


def dev_records(org_id: str) -> dict[str, list[JSON]]:
    """A smaller, different set for ``dev``: a MailChimp ingestion under test."""
    s = "dev"
    connections = [
        _record(
            s,
            org_id,
            DEV_CONNECTION_ID,
            1633389200000,
            '"2b11c4d0-0000-0200-0000-615b6a100000"',
            name="MailChimp test account",
            connectionSpec=_spec_ref(MAILCHIMP_SPEC_ID),
            state="enabled",
            auth={
                "specName": "Basic Authentication",
                "params": {
                    "host": "https://us6.api.mailchimp.com",
                    "username": "acme-dev",
                    "password": "mc-dev-password-77aa",
                },
            },
        )
    ]
    source_connections = [
        _record(
            s,
            org_id,
            DEV_SOURCE_CONNECTION_ID,
            1633389300000,
            '"2b11d5e1-0000-0200-0000-615b6a200000"',
            name="MailChimp members (dev)",
            baseConnectionId=DEV_CONNECTION_ID,
            connectionSpec=_spec_ref(MAILCHIMP_SPEC_ID),
            state="enabled",
            data={"format": "json"},
            params={"listId": "10c097ca71"},
        )
    ]
    target_connections = [
        _record(
            s,
            org_id,
            DEV_TARGET_CONNECTION_ID,
            1633389400000,
            '"2b11e6f2-0000-0200-0000-615b6a300000"',
            name="MailChimp members dataset (dev)",
            connectionSpec=_spec_ref("c604ff05-7f1a-43c0-8e18-33bf874cb11c"),
            state="enabled",
            data={
                "format": "parquet_xdm",
                "schema": {"id": "https://ns.adobe.com/acme/schemas/mc"},
            },
            params={"dataSetId": "615b6a40f1c2a218f0a3c9d1"},
        )
    ]
    flows = [
        _record(
            s,
            org_id,
            DEV_FLOW_ID,
            1633389500000,
            '"2b11f703-0000-0200-0000-615b6a400000"',
            name="MailChimp members ingestion (dev)",
            flowSpec=_spec_ref(REST_FLOW_SPEC_ID),
            state="disabled",
            sourceConnectionIds=[DEV_SOURCE_CONNECTION_ID],
            targetConnectionIds=[DEV_TARGET_CONNECTION_ID],
            inheritedAttributes={
                "sourceConnections": [
                    {
                        "id": DEV_SOURCE_CONNECTION_ID,
                        "connectionSpec": _spec_ref(MAILCHIMP_SPEC_ID),
                        "baseConnection": {
                            "id": DEV_CONNECTION_ID,
                            "connectionSpec": _spec_ref(MAILCHIMP_SPEC_ID),
                        },
                    }
                ],
                "targetConnections": [
                    {
                        "id": DEV_TARGET_CONNECTION_ID,
                        "connectionSpec": _spec_ref("c604ff05-7f1a-43c0-8e18-33bf874cb11c"),
                    }
                ],
            },
            scheduleParams={"startTime": 1633392000, "frequency": "hour", "interval": 1},
        )
    ]
    return {
        "connections": connections,
        "sourceConnections": source_connections,
        "targetConnections": target_connections,
        "flows": flows,
    }


def sandbox_fixtures(sandbox: str, org_id: str) -> dict[str, list[JSON]]:
    """Every seed record and spec of one sandbox, keyed by kind name."""
    records = prod_records(org_id) if sandbox == "prod" else dev_records(org_id)
    records["connectionSpecs"] = connection_specs(sandbox, org_id)
    records["flowSpecs"] = flow_specs(sandbox, org_id)
    return records
