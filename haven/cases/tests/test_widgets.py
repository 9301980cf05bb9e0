"""Date fields' hints give today's date as the example, worked out when the form is shown."""

from django.utils import timezone

from haven.cases.forms.widgets import day


def test_a_date_hint_gives_today_as_its_example_not_a_date_gone_by():
    field = day("When is the follow-up?")
    today = timezone.localdate()
    assert str(field.help_text) == f"For example, {today:%d/%m/%Y} for today."


def test_a_hint_written_for_the_field_is_kept():
    assert day("Date", help_text="The day the device was returned.").help_text == (
        "The day the device was returned."
    )
