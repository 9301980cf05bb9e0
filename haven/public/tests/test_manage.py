"""The school admin's editors: only the school's admin reaches them; every change is audited."""

import pytest
from django.test import Client

from haven.audit.models import AuditEvent
from haven.public import selectors, services
from haven.public.content import default_text
from haven.public.models import PageVersion, PublicPage, SupportService
from haven.public.services import PageChanged
from haven.schools.models import StaffMembership

MANAGE_PATHS = [
    "",
    "pages/parents/",
    "pages/young-people/",
    "pages/parents/versions/",
    "support/",
    "support/add/",
    "contacts/",
    "policy/",
]


@pytest.mark.parametrize("path", MANAGE_PATHS)
def test_the_school_admin_can_open_every_editor(cast, client_for, path):
    response = client_for(cast.office).get(f"/s/{cast.school.slug}/manage/{path}")
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["dsl", "head", "teacher", "trust_lead", "dsl2", "teacher2"])
@pytest.mark.parametrize("path", MANAGE_PATHS)
def test_nobody_else_can_open_the_editors(cast, client_for, who, path):
    response = client_for(getattr(cast, who)).get(f"/s/{cast.school.slug}/manage/{path}")
    assert response.status_code == 404


def test_another_schools_admin_cannot_change_this_schools_pages(cast, client_for):
    from conftest import make_user
    from haven.schools.models import Role

    admin2 = make_user(cast.school2, "office@birch.test", "Bo Office", Role.SCHOOL_ADMIN)
    client = client_for(admin2)
    response = client.post(
        f"/s/{cast.school.slug}/manage/pages/parents/",
        {"body": "Taken over", "based_on": 0, "action": "save"},
    )
    assert response.status_code == 404
    assert not PageVersion.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(cast):
    response = Client().get(f"/s/{cast.school.slug}/manage/")
    assert response.status_code == 302
    assert "/account/sign-in/" in response.url


def test_saving_a_page_adds_a_version_and_audits_it(cast, client_for):
    client = client_for(cast.office)
    response = client.post(
        f"/s/{cast.school.slug}/manage/pages/parents/",
        {"body": "## Talk to us\n\nWe are here to help.", "based_on": 0, "action": "save"},
    )
    assert response.status_code == 302
    version = PageVersion.objects.get()
    assert (version.number, version.saved_by, version.page) == (1, cast.office, "parents")
    event = AuditEvent.objects.get(action="public.page_edited")
    assert event.school_id == cast.school.pk
    assert event.actor_id == cast.office.pk
    assert event.data == {"page": "parents", "version": 1}
    assert "We are here" not in str(event.data)  # never the text itself


def test_preview_shows_the_page_without_saving_it(cast, client_for):
    response = client_for(cast.office).post(
        f"/s/{cast.school.slug}/manage/pages/parents/",
        {"body": "## A new heading\n\n- one\n- two", "based_on": 0, "action": "preview"},
    )
    page = response.content.decode()
    assert '<h2 class="govuk-heading-m">A new heading</h2>' in page
    assert '<ul class="govuk-list govuk-list--bullet">' in page
    assert not PageVersion.objects.exists()


def test_preview_by_htmx_answers_with_just_the_preview(cast, client_for):
    response = client_for(cast.office).post(
        f"/s/{cast.school.slug}/manage/pages/parents/",
        {"body": "Hello", "based_on": 0, "action": "preview"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert page.strip().startswith('<div id="preview"')
    assert "<html" not in page


def test_words_that_may_blame_a_child_must_be_changed_or_confirmed(cast, client_for):
    client = client_for(cast.office)
    url = f"/s/{cast.school.slug}/manage/pages/parents/"
    text = "If she sent it, it is her own fault."
    refused = client.post(url, {"body": text, "based_on": 0, "action": "save"})
    assert refused.status_code == 200
    assert "may blame or shame a child" in refused.content.decode()
    assert not PageVersion.objects.exists()
    saved = client.post(url, {"body": text, "based_on": 0, "action": "save", "words_checked": "on"})
    assert saved.status_code == 302
    assert PageVersion.objects.count() == 1


def test_restoring_a_version_adds_a_new_one_and_loses_nothing(cast, client_for):
    for n, body in enumerate(["First", "Second"]):
        services.save_page(
            actor=cast.office, school=cast.school, page=PublicPage.PARENTS, body=body, based_on=n
        )
    client = client_for(cast.office)
    client.post(f"/s/{cast.school.slug}/manage/pages/parents/versions/1/restore/", {"based_on": 2})
    versions = selectors.page_versions(cast.school, PublicPage.PARENTS)
    assert [(v.number, v.body, v.restored_from) for v in versions] == [
        (3, "First", 1),
        (2, "Second", None),
        (1, "First", None),
    ]
    client.post(f"/s/{cast.school.slug}/manage/pages/parents/versions/0/restore/", {"based_on": 3})
    assert selectors.page_text(cast.school, PublicPage.PARENTS).body == default_text(
        PublicPage.PARENTS
    )
    events = AuditEvent.objects.filter(action="public.page_edited").order_by("sequence")
    assert [e.data.get("restored_from") for e in events] == [None, None, 1, 0]


def test_a_save_based_on_an_old_version_is_refused_with_the_text_kept(cast, client_for):
    services.save_page(
        actor=cast.office, school=cast.school, page=PublicPage.PARENTS, body="Newer", based_on=0
    )
    with pytest.raises(PageChanged):
        services.save_page(
            actor=cast.office, school=cast.school, page=PublicPage.PARENTS, body="Mine", based_on=0
        )
    response = client_for(cast.office).post(
        f"/s/{cast.school.slug}/manage/pages/parents/",
        {"body": "My edit", "based_on": 0, "action": "save"},
    )
    page = response.content.decode()
    assert "Someone else saved this page" in page
    assert "My edit" in page


def test_the_versions_page_reads_a_fixed_number_of_queries(
    cast, client_for, django_assert_num_queries
):
    client = client_for(cast.office)
    url = f"/s/{cast.school.slug}/manage/pages/parents/versions/"
    client.get(url)
    with django_assert_num_queries(n := _count(client, url)):
        client.get(url)
    for i in range(5):
        services.save_page(
            actor=cast.office, school=cast.school, page=PublicPage.PARENTS, body=f"{i}", based_on=i
        )
    with django_assert_num_queries(n):
        client.get(url)


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def havens(key):
    return SupportService.objects.get(school=None, key=key)


def test_changing_havens_service_changes_it_for_this_school_only(cast, client_for):
    childline = havens("childline")
    response = client_for(cast.office).post(
        f"/s/{cast.school.slug}/manage/support/{childline.pk}/",
        {
            "name": "Childline",
            "audience": "young_people",
            "who_for": "Anyone under 19",
            "offers": "Talk to a counsellor. Our school counsellor can help you call.",
            "phone": "0800 1111",
            "phone_note": "",
            "chat_url": "",
            "web_url": "https://www.childline.org.uk/",
            "last_checked": "1 9 2026",
            "order": "10",
        },
    )
    assert response.status_code == 302
    ours = selectors.support_directory(cast.school)
    theirs = selectors.support_directory(cast.school2)
    assert "Our school counsellor" in next(s for s in ours if s.name == "Childline").offers
    assert "Our school counsellor" not in next(s for s in theirs if s.name == "Childline").offers
    assert havens("childline").offers == childline.offers
    assert len(ours) == len(theirs) == 12
    assert AuditEvent.objects.filter(action="public.support_service_saved").count() == 1


def test_a_school_adds_hides_and_removes_services(cast):
    added = services.save_support_service(
        actor=cast.office,
        school=cast.school,
        service=None,
        values={
            "name": "Town youth service",
            "who_for": "Young people in town",
            "offers": "Drop-in",
            "last_checked": "2026-09-01",
            "audience": "young_people",
        },
    )
    services.set_service_hidden(
        actor=cast.office, school=cast.school, service=havens("shore"), hidden=True
    )
    names = {s.name for s in selectors.support_directory(cast.school)}
    assert "Town youth service" in names
    assert "Shore" not in names
    assert "Shore" in {s.name for s in selectors.support_directory(cast.school2)}
    services.remove_school_service(actor=cast.office, school=cast.school, service=added)
    assert "Town youth service" not in {s.name for s in selectors.support_directory(cast.school)}
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "public.support_service_saved",
        "public.support_service_hidden",
        "public.support_service_removed",
    } <= actions


def test_a_school_cannot_reach_another_schools_own_service(cast, client_for):
    theirs = services.save_support_service(
        actor=cast.office,
        school=cast.school2,
        service=None,
        values={"name": "Birch only", "who_for": "x", "offers": "y", "last_checked": "2026-01-01"},
    )
    client = client_for(cast.office)
    assert client.get(f"/s/{cast.school.slug}/manage/support/{theirs.pk}/").status_code == 404
    hide = client.post(f"/s/{cast.school.slug}/manage/support/{theirs.pk}/hide/", {"hidden": "1"})
    assert hide.status_code == 404


def test_the_admin_names_contacts_and_sets_how_to_reach_the_school(cast, client_for):
    dsl_role = StaffMembership.objects.get(user=cast.dsl, school=cast.school)
    response = client_for(cast.office).post(
        f"/s/{cast.school.slug}/manage/contacts/",
        {
            "phone": "01234 567890",
            "email": "safeguarding@elm.example",
            "how_to_reach": "Ask at reception.",
            f"show_{dsl_role.pk}": "on",
            f"phone_{cast.dsl.pk}": "",
            f"email_{cast.dsl.pk}": "dsl-team@elm.example",
        },
    )
    assert response.status_code == 302
    contacts = selectors.named_contacts(cast.school)
    assert [(c.name, c.email) for c in contacts] == [("Dina Lead", "dsl-team@elm.example")]
    page = Client().get(f"/s/{cast.school.slug}/contacts/").content.decode()
    assert "01234 567890" in page
    assert "safeguarding@elm.example" in page
    assert "Ask at reception." in page
    event = AuditEvent.objects.get(action="public.contacts_changed")
    assert event.data == {"named": [dsl_role.pk]}


def test_the_admin_adds_a_local_service_through_the_form(cast, client_for):
    client = client_for(cast.office)
    form = client.get(f"/s/{cast.school.slug}/manage/support/add/").content.decode()
    assert 'name="order" type="text" value="200"' in form
    response = client.post(
        f"/s/{cast.school.slug}/manage/support/add/",
        {
            "name": "Elm counselling room",
            "audience": "young_people",
            "who_for": "Pupils at Elm School",
            "offers": "A quiet place to talk, every lunchtime.",
            "last_checked": "25 11 2026",
            "order": "5",
        },
    )
    assert response.status_code == 302
    first = selectors.support_directory(cast.school)[0]
    assert (first.name, first.school_id) == ("Elm counselling room", cast.school.pk)


def test_the_support_editor_says_exactly_what_is_missing(cast, client_for):
    response = client_for(cast.office).post(
        f"/s/{cast.school.slug}/manage/support/add/",
        {
            "name": "",
            "audience": "everyone",
            "who_for": "x",
            "offers": "y",
            "order": "1",
            "last_checked": "31 2 2026",
            "web_url": "not a web address",
        },
    )
    page = response.content.decode()
    assert "Enter the name of the service" in page
    assert "Enter a real date, for example 27 3 2026" in page
    assert "Enter a full web address, starting https://" in page


@pytest.mark.parametrize("path", ["", "support/", "contacts/"])
def test_the_admin_pages_read_a_fixed_number_of_queries(
    cast, client_for, django_assert_num_queries, path
):
    StaffMembership.objects.filter(user=cast.dsl).update(public_contact=True)
    client = client_for(cast.office)
    url = f"/s/{cast.school.slug}/manage/{path}"
    client.get(url)
    with django_assert_num_queries(n := _count(client, url)):
        client.get(url)
    for i in range(5):
        services.save_support_service(
            actor=cast.office,
            school=cast.school,
            service=None,
            values={"name": f"S{i}", "who_for": "x", "offers": "y", "last_checked": "2026-01-01"},
        )
        from conftest import make_user
        from haven.schools.models import Role

        make_user(cast.school, f"pastoral{i}@elm.test", f"Pat {i}", Role.STAFF)
    StaffMembership.objects.filter(school=cast.school).update(public_contact=True)
    with django_assert_num_queries(n):
        client.get(url)
