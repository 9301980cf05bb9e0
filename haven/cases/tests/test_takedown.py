"""Take-down help: the routes open follow the young person's age when the image was made, not
their age today; StopNCII only when they are known to have been 18 or over in it."""

import pytest
from django.utils import timezone

from haven.cases.models import AgeInImage, PupilRole, TakedownHelp, TakedownRoute
from haven.cases.rules import ImageAge, takedown_routes
from haven.cases.services import CaseError, add_pupil_to_case, record_takedown_help
from haven.cases.tests.conftest import last_event

pytestmark = pytest.mark.django_db


def v(case):
    case.refresh_from_db()
    return case.version


def offer(case, cast, pupil, route, age_in_image=None, platform=""):
    extra = {} if age_in_image is None else {"age_in_image": age_in_image}
    return record_takedown_help(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        pupil=pupil,
        route=route,
        helped_to="Make the report themselves",
        platform=platform,
        **extra,
    )


@pytest.fixture
def nineteen_year_old(reviewed, cast):
    """A sixth former of 19 today, pictured in an image made when they were 16."""
    from conftest import make_pupil

    today = timezone.localdate()
    pupil = make_pupil(
        cast.school,
        "E123456789012",
        "Ari",
        "Older",
        date_of_birth=today.replace(year=today.year - 19),
    )
    add_pupil_to_case(actor=cast.dsl, case=reviewed, pupil=pupil, role=PupilRole.PICTURED)
    return pupil


def test_report_remove_is_open_for_an_image_made_under_18_of_a_pupil_under_18_today(reviewed, cast):
    help_ = offer(reviewed, cast, cast.pupil, TakedownRoute.REPORT_REMOVE, "under_18")
    assert help_.age_in_image == AgeInImage.UNDER_18
    assert last_event(reviewed).data == {
        "case": str(reviewed.pk),
        "route": "report_remove",
        "age_in_image": "under_18",
    }


def test_report_remove_is_refused_for_someone_18_today_even_for_an_image_made_under_18(
    reviewed, cast, nineteen_year_old
):
    with pytest.raises(CaseError, match="under 18 today"):
        offer(reviewed, cast, nineteen_year_old, TakedownRoute.REPORT_REMOVE, "under_18")
    assert not TakedownHelp.objects.exists()


def test_take_it_down_is_open_to_someone_18_today_for_an_image_made_under_18(
    reviewed, cast, nineteen_year_old
):
    help_ = offer(reviewed, cast, nineteen_year_old, TakedownRoute.TAKE_IT_DOWN, "under_18")
    assert help_.route == TakedownRoute.TAKE_IT_DOWN


def test_stop_ncii_is_never_offered_while_the_age_in_the_image_is_not_known(
    reviewed, cast, nineteen_year_old
):
    with pytest.raises(CaseError, match="StopNCII is only for images of someone 18 or over"):
        offer(reviewed, cast, nineteen_year_old, TakedownRoute.STOP_NCII)
    assert not TakedownHelp.objects.exists()


def test_stop_ncii_is_never_offered_for_an_image_made_under_18(reviewed, cast):
    with pytest.raises(CaseError, match="only for images of someone 18 or over"):
        offer(reviewed, cast, cast.pupil, TakedownRoute.STOP_NCII, AgeInImage.UNDER_18)


def test_stop_ncii_is_offered_for_an_image_made_at_18_or_over(reviewed, cast, nineteen_year_old):
    help_ = offer(reviewed, cast, nineteen_year_old, TakedownRoute.STOP_NCII, AgeInImage.ADULT)
    assert help_.route == TakedownRoute.STOP_NCII
    with pytest.raises(CaseError, match="only for images of someone under 18"):
        offer(reviewed, cast, nineteen_year_old, TakedownRoute.REPORT_REMOVE, AgeInImage.ADULT)


def test_the_age_in_the_image_is_not_known_until_someone_says(reviewed, cast):
    help_ = offer(reviewed, cast, cast.pupil, TakedownRoute.TAKE_IT_DOWN)
    assert help_.age_in_image == AgeInImage.NOT_KNOWN


def test_an_unknown_route_or_age_is_refused_in_words(reviewed, cast):
    with pytest.raises(CaseError, match="Choose a route"):
        offer(reviewed, cast, cast.pupil, "upload_it")
    with pytest.raises(CaseError, match="under 18 when the image was made"):
        offer(reviewed, cast, cast.pupil, TakedownRoute.PLATFORM, "sixteen", platform="App")


def test_the_models_age_in_image_choices_are_the_rules_values():
    assert set(AgeInImage.values) == {str(a) for a in ImageAge}
    assert AgeInImage.NOT_KNOWN == ImageAge.NOT_KNOWN


def test_every_route_the_rules_offer_can_be_recorded():
    for age in ImageAge:
        assert set(takedown_routes(age)) <= set(TakedownRoute.values)


def _routes(form):
    return [value for value, _ in form.fields["route"].choices]


def test_the_form_names_who_report_remove_is_closed_to_when_some_are_18_today(
    reviewed, cast, nineteen_year_old
):
    from haven.cases.forms.takedown import TakedownForm

    form = TakedownForm(case=reviewed)
    assert TakedownRoute.REPORT_REMOVE in _routes(form)  # the case's under-18s may still use it
    assert "not for Ari Older (18 or over)" in form.fields["route"].help_text
    assert cast.pupil.display_name not in form.fields["route"].help_text


def test_the_form_does_not_offer_report_remove_when_everyone_is_18_today(cast):
    from conftest import make_pupil
    from haven.cases.forms.takedown import TakedownForm
    from haven.cases.services import PupilInCase, open_case

    today = timezone.localdate()
    older = make_pupil(
        cast.school, "E999", "Bea", "Older", date_of_birth=today.replace(year=today.year - 18)
    )
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Image shared",
        pupils=[PupilInCase(older, PupilRole.PICTURED)],
    )
    form = TakedownForm(case=case)
    assert TakedownRoute.REPORT_REMOVE not in _routes(form)
    assert TakedownRoute.TAKE_IT_DOWN in _routes(form)
    assert "everyone in this case is 18 or over" in form.fields["route"].help_text


def test_the_form_offers_every_route_and_no_note_when_everyone_is_under_18(reviewed):
    from haven.cases.forms.takedown import TakedownForm

    form = TakedownForm(case=reviewed)
    assert _routes(form) == list(TakedownRoute.values)
    assert "Report Remove" not in form.fields["route"].help_text
