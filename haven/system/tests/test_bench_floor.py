"""The benchmark's floor view and query-count header exist only in haven.bench_settings."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from haven.system.bench import QUERY_HEADER


def test_the_floor_is_not_one_of_havens_own_pages(client):
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")
    assert client.get("/bench/floor/").status_code == 404


def test_the_floor_does_one_query_and_says_so(db, client):
    middleware = ["haven.system.bench.QueryCountMiddleware", *settings.MIDDLEWARE]
    with override_settings(ROOT_URLCONF="haven.bench_urls", MIDDLEWARE=middleware):
        response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert response[QUERY_HEADER] == "1"
