"""Credential fields are found from the spec, masked for display and redacted from ops."""

from __future__ import annotations

import json
from typing import Any

from flowtui.patching import MASK, mask_secrets, redact_ops, secret_pointers
from tests.patching.specs import MAILCHIMP_SPEC, S3_SPEC, SALESFORCE_SPEC, salesforce_connection


def test_password_fields_of_the_named_auth_spec_are_secrets() -> None:
    record = {"auth": {"specName": "Basic Authentication", "params": {"host": "h"}}}
    assert secret_pointers(record, MAILCHIMP_SPEC) == {"/auth/params/password"}
    record["auth"]["specName"] = "OAuth2 Refresh Code"
    assert secret_pointers(record, MAILCHIMP_SPEC) == {"/auth/params/accessToken"}


def test_every_auth_spec_counts_when_the_record_names_none() -> None:
    record: dict[str, Any] = {"auth": {"params": {}}}
    assert secret_pointers(record, MAILCHIMP_SPEC) == {
        "/auth/params/password",
        "/auth/params/accessToken",
    }


def test_secret_looking_names_count_without_a_spec() -> None:
    assert secret_pointers(salesforce_connection(), None) == {
        "/auth/params/password",
        "/auth/params/securityToken",
    }


def test_target_connection_params_use_the_target_spec() -> None:
    record = {"params": {"bucketName": "b", "path": "p"}}
    assert "/params/sasKeyRef" in secret_pointers(record, S3_SPEC)


def test_mask_secrets_hides_present_secrets_and_leaves_the_record_alone() -> None:
    record = salesforce_connection()
    record["auth"]["params"]["password"] = "hunter2"
    original = json.dumps(record)
    masked = mask_secrets(record, secret_pointers(record, SALESFORCE_SPEC) | {"/not/there"})
    assert masked["auth"]["params"]["password"] == MASK
    assert masked["auth"]["params"]["securityToken"] == MASK
    assert masked["auth"]["params"]["username"] == "my-salesforce-account"
    assert json.dumps(record) == original


def test_redact_ops_masks_values_at_and_around_secrets() -> None:
    pointers = secret_pointers(salesforce_connection(), SALESFORCE_SPEC)
    ops: list[dict[str, Any]] = [
        {"op": "replace", "path": "/auth/params/password", "value": "hunter2"},
        {"op": "replace", "path": "/auth/params", "value": {"username": "u", "password": "pw"}},
        {"op": "replace", "path": "/name", "value": "visible"},
        {"op": "remove", "path": "/auth/params/securityToken"},
    ]
    redacted = redact_ops(ops, pointers)
    text = json.dumps(redacted)
    assert "hunter2" not in text and '"pw"' not in text
    assert redacted[1]["value"] == {"username": "u", "password": MASK}
    assert redacted[2] == ops[2]
    assert redacted[3] == ops[3]
    assert ops[0]["value"] == "hunter2"  # the caller's ops are untouched


def test_replacing_the_whole_record_redacts_nested_secrets() -> None:
    record = salesforce_connection()
    record["auth"]["params"]["password"] = "hunter2"
    redacted = redact_ops(
        [{"op": "replace", "path": "", "value": record}], {"/auth/params/password"}
    )
    assert "hunter2" not in json.dumps(redacted)


def test_secret_looking_param_names_are_masked_and_plain_ones_are_not() -> None:
    record = {
        "params": {
            "connectionString": "k=v",
            "region": "Kansas",
            "tokenUrl": "https://example.com/token",
            "credentialType": "basic",
            "nested": {"apiKey": "x"},
        }
    }
    assert secret_pointers(record) == {"/params/connectionString", "/params/nested/apiKey"}
