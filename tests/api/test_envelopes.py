"""Next-page links are followed exactly as the service wrote them, and never to another host."""

from __future__ import annotations

import httpx
import pytest

from flowtui.api import FlowServiceError
from flowtui.api.envelopes import continue_list, follow, next_href, unwrap

BASE = httpx.URL("https://platform.adobe.io/data/foundation/flowservice")


def test_a_relative_link_is_joined_to_the_base_and_its_token_kept_verbatim() -> None:
    url = follow(BASE, "/flows?continuationToken=eyJvIjoxMDB9%3D%3D&x=a%2Bb")
    assert url.path == "/data/foundation/flowservice/flows"
    assert url.query == b"continuationToken=eyJvIjoxMDB9%3D%3D&x=a%2Bb"
    assert url.params["continuationToken"] == "eyJvIjoxMDB9=="
    assert url.params["x"] == "a+b"


def test_a_link_that_already_holds_the_base_path_is_not_doubled() -> None:
    url = follow(BASE, "/data/foundation/flowservice/flows?continuationToken=t")
    assert url.path == "/data/foundation/flowservice/flows"


def test_a_full_link_to_the_same_host_is_followed() -> None:
    url = follow(
        BASE, "https://platform.adobe.io/data/foundation/flowservice/flows?continuationToken=t"
    )
    assert (
        str(url)
        == "https://platform.adobe.io/data/foundation/flowservice/flows?continuationToken=t"
    )


def test_a_link_to_another_host_is_refused() -> None:
    with pytest.raises(FlowServiceError, match="another host"):
        follow(BASE, "https://evil.example/flows?continuationToken=t")


@pytest.mark.parametrize("body", [{"items": []}, {"items": [], "_links": {}}, [], None])
def test_an_empty_links_object_ends_the_list(body: object) -> None:
    assert next_href(body) is None


def test_unwrap_takes_the_one_record_of_the_envelope() -> None:
    assert unwrap({"items": [{"id": "a"}]}) == {"id": "a"}
    assert unwrap({"items": []}) is None
    assert unwrap({"id": "b"}) == {"id": "b"}


QUERY = [("property", "state==enabled"), ("limit", "50"), ("orderby", "-name")]


def test_a_bare_token_link_gets_the_list_query_beside_it_and_keeps_the_token_verbatim() -> None:
    url = continue_list(BASE, "/flows?continuationToken=eyJvIjoxMDB9%3D%3D", QUERY)
    assert url.query.startswith(b"continuationToken=eyJvIjoxMDB9%3D%3D&")
    assert url.params["continuationToken"] == "eyJvIjoxMDB9=="
    assert url.params.get_list("property") == ["state==enabled"]
    assert (url.params["limit"], url.params["orderby"]) == ("50", "-name")


def test_a_link_that_carries_the_query_is_followed_as_given() -> None:
    href = "/flows?continuationToken=t&property=state%3D%3Ddisabled&limit=10&orderby=name"
    url = continue_list(BASE, href, QUERY)
    assert url == follow(BASE, href)
    assert url.params.get_list("property") == ["state==disabled"]


def test_only_the_parameters_a_link_lacks_are_added() -> None:
    url = continue_list(BASE, "/flows?continuationToken=t&limit=50", QUERY)
    assert list(url.params.keys()) == ["continuationToken", "limit", "property", "orderby"]
    assert url.params.get_list("limit") == ["50"]


def test_count_is_never_repeated_beside_a_token() -> None:
    url = continue_list(BASE, "/flows?continuationToken=t", [*QUERY, ("count", "true")])
    assert "count" not in url.params
