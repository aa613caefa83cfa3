"""Bad input gets a 400 naming the field, never a 500 (issue 17, item 6)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/registry/search/",
        "/registry/search/results/",
        "/registry/archives/",
        "/billing/desk/",
        "/billing/bills/",
    ],
)
def test_a_nul_byte_in_a_search_box_is_refused_by_name(client, world, path):
    client.force_login(world.users["director"])
    response = client.get(path, {"q": "12\x0003"})
    assert response.status_code == 400
    assert "q" in response.content.decode()
    assert "NUL" in response.content.decode()


def test_a_nul_byte_in_an_api_filter_answers_in_the_api_shape(client, world):
    client.force_login(world.users["director"])
    response = client.get("/api/v1/units/", {"search": "\x00"})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["search"]


def test_a_nul_byte_in_a_posted_form_is_refused(client, world):
    client.force_login(world.users["director"])
    response = client.post("/registry/search/", {"note\x00": "x"})
    assert response.status_code == 400


def test_ordinary_searches_still_work(client, world):
    client.force_login(world.users["director"])
    assert client.get("/registry/search/", {"q": "1-101"}).status_code == 200
