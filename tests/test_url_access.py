"""Every URL Haven serves declares who may reach it; staff URLs refuse anyone without both factors.

Walks the whole URLconf, so a new view that forgets its decorator fails here before it ships.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from haven.accounts.models import User

# Views that are not Haven's own (none yet) would be listed here with a reason.
EXEMPT: dict[str, str] = {}


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def all_patterns():
    return list(walk(get_resolver().url_patterns))


def sample_path(route: str) -> str:
    # Fill converters with values that are well-formed but match nothing.
    import re

    filled = re.sub(r"<uuid:[^>]+>", "00000000-0000-0000-0000-000000000000", route)
    filled = re.sub(r"<int:[^>]+>", "999999", filled)
    filled = re.sub(r"<(str|slug):[^>]+>", "no-such-thing", filled)
    return "/" + filled


def test_every_view_declares_who_may_reach_it():
    undeclared = [
        route
        for route, pattern in all_patterns()
        if route not in EXEMPT and getattr(pattern.callback, "haven_access", None) is None
    ]
    assert undeclared == [], f"views with no access rule: {undeclared}"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "password_only"])
def test_no_staff_url_answers_without_both_factors(client, who):
    if who == "password_only":
        user = User.objects.create_user("half@elm.test", "a-long-password-here", full_name="Half")
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    leaks = []
    for route, pattern in all_patterns():
        if getattr(pattern.callback, "haven_access", None) != "staff":
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(sample_path(route))
            if response.status_code not in (302, 405):
                leaks.append((method, route, response.status_code))
            elif response.status_code == 302:
                assert "/account/sign-in/" in response.url, (route, response.url)
    assert leaks == []
