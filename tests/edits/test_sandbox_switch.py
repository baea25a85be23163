"""Switching sandbox in place: a new session of the same profile whose client reads the other
sandbox, with protection, read-only and the draft keys following; the list of sandboxes from
the service, or from the profile when the service will not list them."""

from __future__ import annotations

import time
from typing import Any

import pytest

from flowtui.api.errors import NotFoundError
from flowtui.api.kinds import FLOWS
from flowtui.demo import emulator_session
from flowtui.edits.sandbox_switch import SandboxSwitchError, sandbox_choices, switched_session
from flowtui.emulator import EmulatorConfig, create_app
from flowtui.emulator.fixtures import DEV_FLOW_ID, WINTER_FLOW_ID
from flowtui.session import Session
from flowtui.store.drafts import Draft, DraftStore
from flowtui.tui.screens.draft_restore import drafts_of_session


async def test_the_switched_client_reads_the_other_sandbox(session: Session) -> None:
    dev = switched_session(session, "dev", None)
    assert dev.client.sandbox == "dev"
    assert (await dev.client.get(FLOWS, DEV_FLOW_ID))["id"] == DEV_FLOW_ID
    with pytest.raises(NotFoundError):
        await dev.client.get(FLOWS, WINTER_FLOW_ID)
    # The session it came from still reads prod.
    assert (await session.client.get(FLOWS, WINTER_FLOW_ID))["id"] == WINTER_FLOW_ID


def test_protection_and_read_only_follow_the_sandbox_name(emulator_app: Any) -> None:
    prod = emulator_session(emulator_app, read_only=True)
    assert prod.sandbox_is_protected
    dev = switched_session(prod, "dev", None)
    assert (dev.sandbox, dev.profile, dev.org_id) == ("dev", prod.profile, prod.org_id)
    assert not dev.sandbox_is_protected
    assert dev.read_only
    assert switched_session(dev, "prod", None).sandbox_is_protected


def test_drafts_follow_the_sandbox() -> None:
    session = emulator_session(create_app())
    draft = Draft(
        session.profile, session.org_id, "dev", "flows", DEV_FLOW_ID, "n", None, {}, "{}",
        time.time(),
    )  # fmt: skip
    DraftStore().save(draft)
    assert drafts_of_session(session) == []
    dev = switched_session(session, "dev", None)
    assert [d.record_id for d in drafts_of_session(dev)] == [DEV_FLOW_ID]


async def test_the_service_lists_the_sandboxes_and_an_unknown_name_says_which_exist(
    session: Session,
) -> None:
    choices = await sandbox_choices(session)
    assert choices.source == "service"
    assert set(choices.names) == {"prod", "dev"}
    with pytest.raises(SandboxSwitchError) as refused:
        switched_session(session, "staging", choices)
    assert "staging" in refused.value.message
    assert "dev" in refused.value.message and "prod" in refused.value.message


async def test_a_refused_list_falls_back_to_the_profiles_sandboxes() -> None:
    session = emulator_session(create_app(EmulatorConfig(sandbox_listing=False)))
    session.profile_sandboxes = ("dev", "qa")
    choices = await sandbox_choices(session)
    assert choices.source == "profile"
    assert choices.names == ("dev", "qa", "prod")
    assert choices.note is not None and "profile" in choices.note
    assert switched_session(session, "qa", choices).sandbox == "qa"
    with pytest.raises(SandboxSwitchError, match="add it to the profile"):
        switched_session(session, "staging", choices)
    await session.client.aclose()


async def test_a_profile_naming_no_sandboxes_lets_any_name_through() -> None:
    session = emulator_session(create_app(EmulatorConfig(sandbox_listing=False)))
    choices = await sandbox_choices(session)
    assert choices.names == ("prod",) and not choices.checked
    assert switched_session(session, "dev", choices).sandbox == "dev"
    await session.client.aclose()


@pytest.mark.parametrize("name", ["", "dev prod", "../x", "dev\n"])
def test_a_name_that_is_no_sandbox_name_is_refused(session: Session, name: str) -> None:
    if name == "dev\n":  # surrounding space is forgiven
        assert switched_session(session, name, None).sandbox == "dev"
        return
    with pytest.raises(SandboxSwitchError, match="not a sandbox name"):
        switched_session(session, name, None)


async def test_the_profiles_sandboxes_key_reaches_the_session() -> None:
    from flowtui.config import config_path, open_session, resolve_config

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '[profiles.work]\norg_id = "W@AdobeOrg"\nclient_id = "c"\nclient_secret = "s"\n'
        'sandboxes = ["prod", "dev", "qa"]\n'
    )
    path.chmod(0o600)
    session = open_session(resolve_config(profile="work"))
    try:
        assert session.profile_sandboxes == ("prod", "dev", "qa")
    finally:
        await session.client.aclose()
