"""The inbox and "my concerns" cost the same however many concerns there are, and show them a page
at a time with links that keep the filters."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.alerts import outbox
from haven.cases.models import PupilRole
from haven.concerns.selectors import INBOX_PAGE_SIZE
from haven.concerns.tests.conftest import make_concern

INBOX = "/concerns/inbox/"
MINE = "/concerns/mine/"
# Every signed-in request reads its session, its user, the user's authenticator and roles.
SIGNED_IN = ("django_session", "accounts_user", "accounts_totpdevice", "schools_staffmembership")


def captured(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, [q["sql"] for q in queries.captured_queries]


def grow(cast, n):
    for i in range(n):
        make_concern(
            cast, pupils=[(cast.pupil, "sender"), (cast.pupil2, "recipient")], urgent=i % 2
        )
    outbox.deliver_due()


def test_the_inbox_and_my_concerns_take_the_same_queries_with_ten_times_the_concerns(
    cast, client_for
):
    dsl, teacher = client_for(cast.dsl), client_for(cast.teacher)
    grow(cast, 3)
    inbox_before = len(captured(dsl, INBOX)[1])
    inbox_filtered = len(captured(dsl, INBOX, data={"pupil": str(cast.pupil.pk)})[1])
    mine_before = len(captured(teacher, MINE)[1])
    grow(cast, 27)
    assert len(captured(dsl, INBOX)[1]) == inbox_before
    assert len(captured(dsl, INBOX, data={"pupil": str(cast.pupil.pk)})[1]) == inbox_filtered
    assert len(captured(teacher, MINE)[1]) == mine_before


def test_the_inbox_counts_alerts_and_concerns_and_reads_the_pupil_filter_once(cast, client_for):
    grow(cast, 2)
    _response, sql = captured(client_for(cast.dsl), INBOX)
    assert sum('FROM "schools_pupil"' in q for q in sql) == 1  # the filter's choices
    assert sum('FROM "concerns_alert"' in q and "COUNT(" in q for q in sql) == 1
    assert sum('FROM "concerns_concern"' in q and "COUNT(" in q for q in sql) == 1  # the state


def test_a_poll_with_nothing_new_is_one_query_past_signing_in_and_writes_nothing(cast, client_for):
    grow(cast, 3)
    client = client_for(cast.dsl)
    poll_url = client.get(INBOX).context["poll_url"]
    background = {"HTTP_HX_REQUEST": "true", "HTTP_X_HAVEN_BACKGROUND": "1"}
    response, sql = captured(client, poll_url, **background)
    assert response.status_code == 204
    own = [q for q in sql if "concerns_" in q]
    assert len(own) == 1, own
    assert len(sql) == len(SIGNED_IN) + 1, sql
    assert not [q for q in sql if q.startswith(("UPDATE", "INSERT", "DELETE"))]


def test_the_inbox_shows_a_page_at_a_time_with_page_links_that_keep_the_filter(cast, client_for):
    for _ in range(INBOX_PAGE_SIZE + 1):
        make_concern(cast, pupils=[(cast.pupil, PupilRole.PICTURED)])
    client = client_for(cast.dsl)
    pupil = str(cast.pupil.pk)
    first = client.get(INBOX, {"pupil": pupil})
    assert len(first.context["page"].object_list) == INBOX_PAGE_SIZE
    html = first.text
    assert 'aria-label="Inbox pages"' in html
    assert 'aria-current="page">1</a>' in html
    assert f'href="?pupil={pupil}&amp;page=2"' in html
    assert 'rel="next"' in html
    second = client.get(INBOX, {"pupil": pupil, "page": "2"})
    assert len(second.context["page"].object_list) == 1
    assert 'aria-current="page">2</a>' in second.text
    assert client.get(INBOX, {"page": "99"}).context["page"].number == 2  # past the end: last


def test_my_concerns_show_a_page_at_a_time(cast, client_for):
    from haven.concerns.views.recording import MINE_PAGE_SIZE

    for _ in range(MINE_PAGE_SIZE + 1):
        make_concern(cast)
    client = client_for(cast.teacher)
    first = client.get(MINE)
    assert len(first.context["rows"]) == MINE_PAGE_SIZE
    assert 'href="?page=2"' in first.text
    assert len(client.get(MINE, {"page": 2}).context["rows"]) == 1
