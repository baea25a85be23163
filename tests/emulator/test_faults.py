"""Injected faults: failing reads, rate limiting and latency, all off by default."""

from __future__ import annotations

from .conftest import make_app, open_service

FLOW = "226fb2e1-db69-4760-b67e-9e671e05abfc"


async def test_no_faults_by_default() -> None:
    async for svc in open_service(make_app()):
        statuses = {(await svc.get("/flows")).status_code for _ in range(50)}
        assert statuses == {200}


async def test_fail_rate_one_fails_every_read_with_502_or_503() -> None:
    async for svc in open_service(make_app(fail_rate=1.0, seed=5)):
        replies = [await svc.get("/flows") for _ in range(20)]
        replies.append(await svc.get(f"/flows/{FLOW}"))
        statuses = {r.status_code for r in replies}
        assert statuses == {502, 503}
        for reply in replies:
            assert reply.headers["x-request-id"]
            if reply.status_code == 503:
                assert reply.json()["type"].endswith("FLOW-1103-503")
            else:
                assert reply.headers["content-type"].startswith("text/html")


async def test_fail_rate_spares_writes() -> None:
    app = make_app(fail_rate=1.0)
    async for svc in open_service(app):
        etag = app.store.get("prod", "flows", FLOW)["etag"]
        reply = await svc.patch(
            f"/flows/{FLOW}", [{"op": "replace", "path": "/name", "value": "kept"}], etag
        )
        assert reply.status_code == 200
        assert app.store.get("prod", "flows", FLOW)["name"] == "kept"


async def test_fail_rate_fails_about_its_share_of_reads() -> None:
    async for svc in open_service(make_app(fail_rate=0.3, seed=11)):
        failures = sum([(await svc.get("/flows")).status_code >= 500 for _ in range(200)])
        assert 30 <= failures <= 90


async def test_rate_limit_answers_429_with_retry_after() -> None:
    app = make_app(rate_limit=3)
    now = [1000.0]
    app.faults.clock = lambda: now[0]
    async for svc in open_service(app):
        statuses = [(await svc.get("/flows")).status_code for _ in range(3)]
        assert statuses == [200, 200, 200]
        limited = await svc.get("/flows")
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert "error_code" in limited.json()
        assert limited.headers["x-request-id"]
        now[0] += 1.0
        assert (await svc.get("/flows")).status_code == 200


async def test_rate_limit_does_not_block_the_token_endpoint() -> None:
    from .conftest import fetch_token

    app = make_app(rate_limit=1)
    app.faults.clock = lambda: 5.0
    async for svc in open_service(app):
        await svc.get("/flows")
        assert (await svc.get("/flows")).status_code == 429
        assert await fetch_token(svc.http)


async def test_latency_still_answers() -> None:
    async for svc in open_service(make_app(latency_ms=5)):
        assert (await svc.get(f"/flows/{FLOW}")).status_code == 200
