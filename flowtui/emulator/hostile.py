"""Hostile records: what anyone who can name a record could put in front of every user.

Markup of every kind, terminal escape sequences (ESC, OSC, CSI, C1), NUL and other controls,
bidi overrides, zero-width and wide characters, a 5 MB value, a 5,000-deep array, numbers that
a float cannot hold and repeated keys. Each record has the shape of the seed fixtures, so it can
be listed, opened, edited and submitted; values that Python's json cannot write exactly are
``RawJSON`` and go on the wire as their exact text.

``create_app(EmulatorConfig(hostile=True))`` (or ``hostile_app()``, ``flowtui emulator
--hostile``, ``flowtui --demo --hostile``) serves them in every sandbox, right after the seed
records. ``HOSTILE_RECORDS`` names each one for tests: its label, kind, id, and the pointer and
stored text of its hostile value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flowtui.emulator.fixtures import REST_FLOW_SPEC_ID, SALESFORCE_SPEC_ID, SANDBOX_IDS
from flowtui.emulator.rawjson import RawJSON

if TYPE_CHECKING:
    from flowtui.emulator.app import EmulatorApp
    from flowtui.emulator.store import RecordStore

JSON = dict[str, Any]

HUGE_VALUE_BYTES = 5 * 1024 * 1024
"""Size of the huge description: far beyond any real one, small enough for a test to hold."""
DEEP_ARRAY_LEVELS = 5000
"""Nesting of the deep array: deeper than Python's default recursion limit of 1,000."""


@dataclass(frozen=True)
class HostileRecord:
    """One hostile record: what it attacks, where, and the exact text stored there."""

    label: str
    """Short and human, for test ids and reports, e.g. ``markup: closing tag [/]``."""
    kind: str
    """The Flow Service kind it lives in (``flows``, ``connections``, ...)."""
    id: str
    pointer: str
    """JSON Pointer of the hostile value in the record, e.g. ``/name``."""
    stored: str
    """The hostile value as stored: the string itself, or a number's or subtree's JSON text."""
    raw: bool = False
    """True when the value goes on the wire as raw JSON text (numbers, repeated keys, depth)."""


def _id(n: int) -> str:
    return f"bad00000-0000-4000-8000-{n:012d}"


# The hostile names, one per attack. Ids are fixed so tests and people can type them.
_NAMES: tuple[tuple[str, str, str], ...] = (
    ("markup: closing tag [/]", "flows", "[/]"),
    ("markup: unbalanced closing tag", "flows", "Orders [/old] feed"),
    ("markup: style", "flows", "[bold red]X[/]"),
    ("markup: bracketed words", "flows", "Sales [prod] feed [old]"),
    ("markup: click action", "flows", "[@click=app.quit]row[/]"),
    ("markup: link", "connections", "[link=file:///etc/passwd]x[/link]"),
    ("escape: OSC 0 window title", "flows", "Orders \x1b]0;pwned title\x07 feed"),
    ("escape: OSC 2 title with ST", "connections", "Title \x1b]2;owned\x1b\\ here"),
    ("escape: OSC 52 clipboard", "flows", "Copy \x1b]52;c;cm0gLXJmIH4K\x07 me"),
    ("escape: CSI clear screen", "connections", "\x1b[2J\x1b[HScreen wiped"),
    ("escape: CSI colour", "sourceConnections", "\x1b[31;1mred alert\x1b[0m"),
    ("escape: C1 CSI and OSC", "flows", "C1 \x9b2J wipe \x9d0;c1 title\x9c end"),
    (
        "escape: OSC 8 hyperlink",
        "targetConnections",
        "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    ),
    ("controls: NUL and C0", "flows", "nul\x00bel\x07bs\x08cr\rlf\nvt\x0bff\x0cdel\x7fend"),
    ("bidi: right-to-left override", "connections", "invoice\u202egpj.exe\u202c"),
    ("invisible: zero-width", "flows", "Or\u200bders\u200c fe\u200ded\u2060\ufeff\u00ad"),
    ("wide: CJK and emoji", "flows", "注文フィード 订单 🚀📦 👨\u200d👩\u200d👧 end"),
)


def _huge_value() -> str:
    tail = " \x1b]0;tail title\x07[/] end"
    body = "A 5 MB description. " * (HUGE_VALUE_BYTES // 20 + 1)
    return body[: HUGE_VALUE_BYTES - len(tail)] + tail


HUGE_VALUE = _huge_value()
DEEP_ARRAY_TEXT = "[" * DEEP_ARRAY_LEVELS + '"bottom"' + "]" * DEEP_ARRAY_LEVELS

NUMBERS: dict[str, str] = {
    "overflow": "1e400",
    "beyond64": "18446744073709551617",
    "big": "123456789012345678901234567890",
    "precise": "0.1000000000000000055511151231257827",
    "negativeZero": "-0.0",
    "negativeZeroInteger": "-0",
    "exponent": "1E+2",
    "digits5000": "9" * 5000,
}
"""The exact number texts of the numbers record's ``/metrics``, by key."""

DUPLICATE_DESCRIPTION = '"first description", "description": "last description"'
"""Raw text of the duplicate-keys record's ``description``: the key appears twice on the wire."""
DUPLICATE_LABELS = '{"team": "first team", "owner": "ops", "team": "last team"}'
"""Raw text of its ``labels``: a repeated key inside a nested object."""

HUGE_ID = _id(101)
DEEP_ID = _id(102)
NUMBERS_ID = _id(103)
DUPLICATES_ID = _id(104)

HOSTILE_RECORDS: tuple[HostileRecord, ...] = (
    *(
        HostileRecord(label, kind, _id(index + 1), "/name", name)
        for index, (label, kind, name) in enumerate(_NAMES)
    ),
    HostileRecord("size: 5 MB description", "flows", HUGE_ID, "/description", HUGE_VALUE),
    HostileRecord(
        "depth: 5,000-deep array", "flows", DEEP_ID, "/nested", DEEP_ARRAY_TEXT, raw=True
    ),
    HostileRecord("numbers: 1e400", "flows", NUMBERS_ID, "/metrics/overflow", "1e400", raw=True),
    HostileRecord(
        "duplicate keys", "connections", DUPLICATES_ID, "/description", DUPLICATE_DESCRIPTION, True
    ),
)
"""Every hostile record, in list order within its kind."""

HOSTILE_BY_LABEL: dict[str, HostileRecord] = {r.label: r for r in HOSTILE_RECORDS}


def _meta(sandbox: str, org_id: str, created: int) -> JSON:
    return {
        "createdAt": created,
        "updatedAt": created,
        "createdBy": "mallory@AdobeID",
        "updatedBy": "mallory@AdobeID",
        "createdClient": "exc_app",
        "updatedClient": "exc_app",
        "sandboxId": SANDBOX_IDS[sandbox],
        "sandboxName": sandbox,
        "imsOrgId": org_id,
    }


def _etag(n: int) -> str:
    return f'"bad0{n:04x}-0000-0200-0000-6a0000000000"'


def _base(sandbox: str, org_id: str, n: int, rid: str, kind: str, name: str) -> JSON:
    """A record of ``kind`` as the seed fixtures shape it, named ``name``."""
    created = 1700000000000 + n * 60000
    record: JSON = {"id": rid, **_meta(sandbox, org_id, created), "name": name}
    if kind == "flows":
        record.update(
            description=f"Hostile flow: {name}",
            flowSpec={"id": REST_FLOW_SPEC_ID, "version": "1.0"},
            state="disabled",
            sourceConnectionIds=[_id(201)],
            targetConnectionIds=[_id(202)],
            scheduleParams={"startTime": 1700000000, "frequency": "day", "interval": 1},
        )
    else:
        record.update(
            description=f"Hostile connection: {name}",
            connectionSpec={"id": SALESFORCE_SPEC_ID, "version": "1.0"},
            state="enabled",
        )
        if kind == "connections":
            record["auth"] = {
                "specName": "Basic Authentication",
                "params": {
                    "environmentUrl": "login.salesforce.com",
                    "username": name,
                    "password": f"pw-{n}",
                    "securityToken": f"tok-{n}",
                },
            }
        else:
            record["baseConnectionId"] = _id(200)
            record["params"] = {"label": name}
    record["version"] = record["etag"] = _etag(n)
    return record


def hostile_fixtures(sandbox: str, org_id: str) -> dict[str, list[JSON]]:
    """Fresh copies of every hostile record of one sandbox, keyed by kind, plus the plain
    connections the hostile flows point at."""
    out: dict[str, list[JSON]] = {
        "flows": [],
        "connections": [],
        "sourceConnections": [],
        "targetConnections": [],
    }
    for n, (label, kind, name) in enumerate(_NAMES, start=1):
        record = _base(sandbox, org_id, n, _id(n), kind, name)
        record["description"] = f"{label}: {name}"
        out[kind].append(record)
    huge = _base(sandbox, org_id, 101, HUGE_ID, "flows", "5 MB description")
    huge["description"] = HUGE_VALUE
    deep = _base(sandbox, org_id, 102, DEEP_ID, "flows", "5,000-deep array")
    deep["nested"] = RawJSON(DEEP_ARRAY_TEXT)
    numbers = _base(sandbox, org_id, 103, NUMBERS_ID, "flows", "Numbers beyond float: 1e400")
    numbers["metrics"] = {key: _number(text) for key, text in NUMBERS.items()}
    duplicates = _base(sandbox, org_id, 104, DUPLICATES_ID, "connections", "Duplicate keys")
    duplicates["description"] = RawJSON(DUPLICATE_DESCRIPTION)
    duplicates["labels"] = RawJSON(DUPLICATE_LABELS)
    out["flows"] += [huge, deep, numbers]
    out["connections"].append(duplicates)
    base = _base(sandbox, org_id, 200, _id(200), "connections", "Hostile base connection")
    source = _base(sandbox, org_id, 201, _id(201), "sourceConnections", "Hostile flow source")
    target = _base(sandbox, org_id, 202, _id(202), "targetConnections", "Hostile flow target")
    out["connections"].append(base)
    out["sourceConnections"].append(source)
    out["targetConnections"].append(target)
    return out


def _number(text: str) -> Any:
    """Ints Python writes back exactly stay ints; every other number keeps its text."""
    if text.lstrip("-").isdigit() and text != "-0" and len(text) < 4000:
        return int(text)
    return RawJSON(text)


def add_hostile_records(store: RecordStore) -> None:
    """Add the hostile set to every sandbox of ``store``."""
    for sandbox in store.sandboxes:
        for kind, records in hostile_fixtures(sandbox, store.org_id).items():
            for record in records:
                store.add(sandbox, kind, record)


def hostile_app(**settings: Any) -> EmulatorApp:
    """A fresh emulator serving the seed and hostile records; ``settings`` go to EmulatorConfig."""
    from flowtui.emulator.app import create_app
    from flowtui.emulator.config import EmulatorConfig

    return create_app(EmulatorConfig(hostile=True, **settings))
