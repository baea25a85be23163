"""Drafts survive crashes: atomic writes, private files, damaged files kept aside, never lost."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from flowtui.emulator.fixtures.ids import SALESFORCE_CONNECTION_ID
from flowtui.platform_paths import state_dir
from flowtui.store.drafts import Draft, DraftStore, draft_file_name


def make_draft(
    text: str = '{"name": "renamed"}', saved_at: float = 1_700_000_000.0, **kw: str
) -> Draft:
    fields: dict[str, str] = {
        "profile": "default",
        "org_id": "DEMO0000000000000000000@AdobeOrg",
        "sandbox": "prod",
        "kind": "connections",
        "record_id": SALESFORCE_CONNECTION_ID,
        "name": "E2E_SF Base_Connection",
    }
    fields.update(kw)
    return Draft(
        **fields,
        base_etag='"0a00f3c6-0000-0200-0000-5f3b0e9f0000"',
        base={"id": fields["record_id"], "name": "E2E_SF Base_Connection"},
        text=text,
        saved_at=saved_at,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_saved_draft_is_found_again_unchanged() -> None:
    store = DraftStore()
    draft = make_draft(
        text='{\n  "name": "renamed ü",\n  "auth": {"params": {"password": "typed"}}\n}'
    )
    store.save(draft)
    found = DraftStore().find("default", "prod", "connections", SALESFORCE_CONNECTION_ID)
    assert found == draft


def test_default_folder_is_drafts_under_the_state_folder() -> None:
    path = DraftStore().save(make_draft())
    assert path.parent == state_dir() / "drafts"
    assert path.name == draft_file_name("default", "prod", "connections", SALESFORCE_CONNECTION_ID)


def test_file_name_does_not_reveal_the_record() -> None:
    name = draft_file_name("default", "prod", "connections", SALESFORCE_CONNECTION_ID)
    assert SALESFORCE_CONNECTION_ID not in name and "prod" not in name
    assert name != draft_file_name("default", "dev", "connections", SALESFORCE_CONNECTION_ID)


def test_draft_files_are_0600_in_a_0700_folder(tmp_path: Path) -> None:
    root = tmp_path / "nested" / "drafts"
    path = DraftStore(root).save(make_draft())
    assert mode(path) == 0o600
    assert mode(root) == 0o700
    # A second save (replace) keeps the mode.
    DraftStore(root).save(make_draft(text="{}"))
    assert mode(path) == 0o600


def test_drafts_are_per_record_sandbox_and_profile() -> None:
    store = DraftStore()
    store.save(make_draft(text="prod"))
    store.save(make_draft(text="dev", sandbox="dev"))
    store.save(make_draft(text="other profile", profile="ops"))
    assert store.find("default", "prod", "connections", SALESFORCE_CONNECTION_ID).text == "prod"  # type: ignore[union-attr]
    assert store.find("default", "dev", "connections", SALESFORCE_CONNECTION_ID).text == "dev"  # type: ignore[union-attr]
    assert (
        store.find("ops", "prod", "connections", SALESFORCE_CONNECTION_ID).text == "other profile"
    )  # type: ignore[union-attr]
    assert store.find("default", "prod", "flows", SALESFORCE_CONNECTION_ID) is None


def test_delete_forgets_the_draft_and_tolerates_none() -> None:
    store = DraftStore()
    store.save(make_draft())
    store.delete("default", "prod", "connections", SALESFORCE_CONNECTION_ID)
    assert store.find("default", "prod", "connections", SALESFORCE_CONNECTION_ID) is None
    store.delete("default", "prod", "connections", SALESFORCE_CONNECTION_ID)
    assert store.all() == []


def test_all_lists_newest_first() -> None:
    store = DraftStore()
    store.save(make_draft(record_id="a", saved_at=100.0))
    store.save(make_draft(record_id="c", saved_at=300.0))
    store.save(make_draft(record_id="b", saved_at=200.0))
    assert [d.record_id for d in store.all()] == ["c", "b", "a"]


def test_all_on_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert DraftStore(tmp_path / "never-created").all() == []


def test_crash_before_rename_keeps_the_old_draft(monkeypatch: pytest.MonkeyPatch) -> None:
    store = DraftStore()
    path = store.save(make_draft(text="old text"))

    def crash(src: object, dst: object) -> None:
        raise OSError("simulated crash between temp write and rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated crash"):
        store.save(make_draft(text="new text"))
    monkeypatch.undo()

    assert store.find("default", "prod", "connections", SALESFORCE_CONNECTION_ID).text == "old text"  # type: ignore[union-attr]
    # No temporary file is left behind beside it.
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


@pytest.mark.parametrize(
    "content",
    [
        b'{"profile": "default", "org_id": "x", "sand',  # torn write
        b"",  # empty file
        b"\xff\xfe not utf-8",
        b"[1, 2, 3]",  # JSON but not a draft
        b'{"profile": "default"}',  # fields missing
    ],
    ids=["truncated", "empty", "binary", "not-an-object", "missing-fields"],
)
def test_damaged_draft_is_set_aside_not_deleted(content: bytes) -> None:
    store = DraftStore()
    path = store.path_for("default", "prod", "connections", SALESFORCE_CONNECTION_ID)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)

    assert store.find("default", "prod", "connections", SALESFORCE_CONNECTION_ID) is None

    kept = path.with_name(path.name + ".corrupt")
    assert not path.exists()
    assert kept.read_bytes() == content
    assert store.set_aside == [kept]
    # A new draft can be saved for the same record afterwards, and a later bad one is kept too.
    store.save(make_draft())
    assert store.find("default", "prod", "connections", SALESFORCE_CONNECTION_ID) is not None
    path.write_bytes(b"{")
    assert store.all() == []
    assert kept.exists() and path.with_name(path.name + ".2.corrupt").exists()


def test_all_skips_a_damaged_draft_and_lists_the_rest() -> None:
    store = DraftStore()
    store.save(make_draft(record_id="good"))
    bad = store.path_for("default", "prod", "connections", "bad")
    bad.write_text('{"profile": ')
    assert [d.record_id for d in store.all()] == ["good"]
    assert len(store.set_aside) == 1


def test_file_holding_another_records_draft_is_not_returned() -> None:
    store = DraftStore()
    other = store.save(make_draft(record_id="other"))
    wanted = store.path_for("default", "prod", "connections", SALESFORCE_CONNECTION_ID)
    wanted.write_bytes(other.read_bytes())
    assert store.find("default", "prod", "connections", SALESFORCE_CONNECTION_ID) is None


def test_saved_file_is_plain_json_a_person_can_read() -> None:
    path = DraftStore().save(make_draft(text="typed"))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["text"] == "typed" and data["record_id"] == SALESFORCE_CONNECTION_ID


def test_age_is_never_negative() -> None:
    draft = make_draft(saved_at=1000.0)
    assert draft.age(now=1180.0) == 180.0
    assert draft.age(now=900.0) == 0.0
