"""An in-memory emulator of the Flow Service and its IMS token endpoint, as plain ASGI.

It is written from the documentation, independently of flowtui's client, so that a mistake
shared by both sides cannot hide. It answers the documented errors of
reference/flow-service/errors.md with their status, code and body shape. ``app.expire_tokens()``
and ``app.faults.clock`` let tests reach expiry and rate windows without waiting.

Choices where the documentation leaves a behaviour open:

- Continuation tokens. By default a token carries the whole query (filters, order, page size)
  and the position, and parameters sent beside it are ignored. With
  ``EmulatorConfig(cursor_tokens=True)`` (``flowtui emulator --cursor-tokens``, or
  ``FLOWTUI_EMULATOR_CURSOR_TOKENS=1`` for every config built without the argument) a token is
  only the kind and a position: the ``property``, ``orderby`` and ``limit`` sent beside it are
  applied from that position, so a token used with another query gives that query's records
  from the same position, and a client that does not send the query again gets the unfiltered
  list in the default order and page size. Both modes answer ``next.href`` as
  ``/{kind}?continuationToken=...`` only. A token for another kind, or not ours, is 400.
- Order. Lists default to the most recently created or updated first (``-updatedAt``, then
  ``-createdAt``), as the destinations reference documents; spec lists keep their stored order
  and ignore ``limit``, ``orderby`` and ``count``. ``orderby`` takes id, name, description,
  state, createdAt, updatedAt, createdBy, updatedBy (1433 for any other field, 1432 for a sign
  that is not one ``+`` or ``-``).
- Filters. A field is known (else 1449) when its first name is a documented top-level field of
  the kind (``fields.FIELDS``); nested names after it are not checked. A field whose last name
  ends in At, AtUTC, Count or Bytes is a number: only it takes ``>``, ``<``, ``>=``, ``<=``
  (else 1448), and it takes one whole number (else 1452). Checked in the order 1449, 1440 (any
  operator with ``~``), 1450, 1453, 1443, 1448, 1452. A bare ``property=name`` selects fields.
- Query parameters. A list takes property, limit, orderby, count and continuationToken; any
  other is 1451. Other endpoints ignore parameters they do not use.
- ``limit`` above 100 (or below 1) is refused, not capped: 400 FLOW-1100-400.
- Patch ops are lowercase only: ``ADD`` is refused like any unsupported op (1434).
- 1405 covers an absent or blank body and a body of ``null``, ``[]`` or ``{}``, on PATCH and PUT.
- 1414 when a PATCH changes a connection's ``connectionSpec`` (an op leaving it equal passes);
  1415 when a PATCH changes ``auth.specName`` to a name not among the spec's ``authSpec`` names.
- The gateway's content-type check applies to every POST, PUT and PATCH of the Flow Service,
  bodiless ones included; ``application/json-patch+json`` is accepted as JSON.
- A missing ``x-sandbox-name`` addresses ``prod`` (the service documents 2105); an unknown
  sandbox is 404 FLOW-2100-404.
- Runs' ``metrics.statusSummary.status`` uses the destinations enum (``Success``, ``Failed``);
  a flow's ``lastRunDetails.state`` stays lowercase, as flow-service.yaml documents it.
- Runs (``/runs``, ``/runs/{id}``) are read-only and take the same filters and paging as other
  lists (``property=flowId==…``, ``metrics.statusSummary.status==Failed``); their shapes are
  destinations.yaml's run examples (``flowtui.emulator.runs``). Enabling a flow adds a run.
- Sandboxes. ``GET {base}/data/foundation/sandbox-management/sandboxes`` (and ``/{name}``) is
  the Sandbox Management API's list, the path Adobe's Sandbox API guide documents (shared/ does
  not cover it; ``flowtui.emulator.sandboxes``). ``EmulatorConfig(sandbox_listing=False)``
  refuses it with 403, as for a credential without sandbox administration.
- Cross-sandbox reads: a GET with ``x-sandbox-name: *`` and ``x-sandbox-id: *`` lists or reads
  across every sandbox; each record's ``sandboxName`` says which sandbox holds it. One of the
  two set to ``*`` is 2112; a write with them is 2113; ``orderby`` with them is 1424. An
  ``x-sandbox-id`` that is not the named sandbox's id is 2103.
- A spec PUT needs only ``name`` and ``providerId`` (the OpenAPI file's required fields).
- Secrets come back as ``********``.

Codes the emulator chose where the documentation gives none: ``FLOW-1100-405`` (with ``Allow``)
for a method a path does not take; ``FLOW-1100-400`` for a bad ``limit`` or ``count``, a bad
continuation token, a malformed body, a patch of a read-only field or of a flow's ``state``, an
unknown action op and an invalid spec body; ``FLOW-1101-404`` for a path that names no resource;
the gateway's ``404010`` for a path outside the service and ``429050`` (with ``Retry-After``)
above the rate limit; ``about:blank`` as the ``type`` of the gateway's BadRequestError.
"""

from __future__ import annotations

from flowtui.emulator.app import EmulatorApp, create_app
from flowtui.emulator.config import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_ORG_ID,
    EmulatorConfig,
)
from flowtui.emulator.credentials import MASK
from flowtui.emulator.store import RecordStore

__all__ = [
    "DEMO_CLIENT_ID",
    "DEMO_CLIENT_SECRET",
    "DEMO_ORG_ID",
    "MASK",
    "EmulatorApp",
    "EmulatorConfig",
    "RecordStore",
    "create_app",
]
