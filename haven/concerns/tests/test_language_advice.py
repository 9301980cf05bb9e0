"""The language guard on the team's free text about a concern: advice beside each field, and again
after saving, that never stops the save."""

import pytest

from haven.concerns.models import Concern, ConcernStatus
from haven.concerns.services import record_public_report
from haven.concerns.tests.conftest import make_concern
from haven.language import check_text

pytestmark = pytest.mark.django_db

BLAMING = "She should have known better than to send it."
# The words the guard picks out, as the advice after saving names them.
ADVICE = f"Saved. A note on wording: “{check_text(BLAMING)[0].text}”"


def parents_report(cast):
    return record_public_report(
        school=cast.school,
        source="parent",
        narrative="My daughter was sent something.",
        child_description="Year 9",
        anonymous=True,
    ).concern


def test_no_further_action_with_blaming_words_is_saved_and_advice_follows(cast, client_for):
    concern = make_concern(cast)
    response = client_for(cast.dsl).post(
        f"/concerns/{concern.pk}/no-further-action/", {"reason": BLAMING}, follow=True
    )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.NO_FURTHER_ACTION
    assert concern.no_further_action_reason == BLAMING
    assert "No further action recorded, with your reason." in response.text
    assert ADVICE in response.text


def test_a_reply_to_a_public_report_with_blaming_words_is_sent_and_advice_follows(cast, client_for):
    concern = parents_report(cast)
    response = client_for(cast.dsl).post(
        f"/concerns/{concern.pk}/reply/", {"text": BLAMING}, follow=True
    )
    assert concern.public_replies.get().text == BLAMING
    assert "Your reply has been sent." in response.text
    assert ADVICE in response.text


def test_a_neutral_reply_is_sent_with_no_advice(cast, client_for):
    concern = parents_report(cast)
    response = client_for(cast.dsl).post(
        f"/concerns/{concern.pk}/reply/",
        {"text": "Thank you. We are looking into it."},
        follow=True,
    )
    assert "Your reply has been sent." in response.text
    assert "A note on wording" not in response.text


def test_opening_a_case_gives_no_advice_on_its_title(cast, client_for):
    concern = make_concern(cast)
    response = client_for(cast.dsl).post(
        f"/concerns/{concern.pk}/open-case/", {"title": "Silly game"}, follow=True
    )
    assert Concern.objects.get(pk=concern.pk).case is not None
    assert "A note on wording" not in response.text


def test_every_team_free_text_field_has_its_live_hint(cast, client_for):
    concern = parents_report(cast)
    page = client_for(cast.dsl).get(f"/concerns/{concern.pk}/").text
    for field_id in ["id_reason", "id_text", "addition-text"]:
        assert f'id="{field_id}-language"' in page
        assert f'hx-trigger="input changed delay:700ms from:#{field_id}"' in page
        assert f'hx-include="#{field_id}"' in page
    assert '"field": "reason"' in page
    assert 'id="id_title-language"' not in page


def test_a_refused_reason_is_drawn_again_with_its_advice_beside_it(cast, client_for):
    concern = make_concern(cast)
    too_long = BLAMING + " More." * 2_000
    response = client_for(cast.dsl).post(
        f"/concerns/{concern.pk}/no-further-action/", {"reason": too_long}
    )
    assert "This must be 10,000 characters or fewer" in response.text
    assert Concern.objects.get(pk=concern.pk).is_untriaged
    assert 'id="id_reason-language"' in response.text
    hint = response.text.split('id="id_reason-language"', 1)[1]
    assert "should have known" in hint.split("</form>", 1)[0]
    assert ADVICE not in response.text
