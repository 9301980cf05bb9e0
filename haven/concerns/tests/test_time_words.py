"""How long ago a concern came in, in words: "just now" rather than "0 minutes ago"."""

from datetime import timedelta

from django.utils import timezone

from haven.concerns.templatetags.concerns_time import ago


def test_under_a_minute_is_just_now():
    assert ago(timezone.now() - timedelta(seconds=5)) == "just now"


def test_a_few_minutes_reads_as_minutes_ago():
    assert ago(timezone.now() - timedelta(minutes=5, seconds=3)) == "5\xa0minutes ago"


def test_nothing_to_say_for_no_time():
    assert ago(None) == ""
