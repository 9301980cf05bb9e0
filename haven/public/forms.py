"""Validation for the public report forms, the check-your-report forms and the admin's editors.

Errors say exactly what to do, in plain words, and every form re-renders with what was typed.
"""

import re
import uuid
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from haven.language import check_text
from haven.lib.documents import MAX_CHARACTERS, MAX_PAGES, Document
from haven.lib.forms import Form, ModelForm
from haven.lib.uploads import DocumentKind, display_name
from haven.public.models import Audience, SupportService
from haven.public.policy import (
    MAX_LINK_LENGTH,
    PolicyRefused,
    check_policy_link,
    check_policy_text,
)
from haven.public.services import PolicyWords
from haven.schools.models import StaffMembership

MAX_REPORT_CHARS = 5000
PHONE = re.compile(r"^\+?[0-9 ()-]{6,24}$")


def too_long(what: str) -> dict[str, str]:
    """The error for text over a field's max_length (haven.lib.forms fills in the numbers; no
    field has a maxlength attribute, which would cut pasted text silently)."""
    return {
        "max_length": f"{what} must be %(limit_value)s characters or fewer. You have typed "
        "%(show_value)s. You can send the rest later, using your reference and secret code."
    }


def _phone(value: str) -> str:
    value = value.strip()
    if not PHONE.match(value) or sum(ch.isdigit() for ch in value) < 10:
        raise ValidationError("Enter a phone number, like 07700 900 982")
    return value


def _email(value: str) -> str:
    value = value.strip()
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            "Enter an e-mail address in the right format, like name@example.com"
        ) from None
    return value


class ReportForm(Form):
    """What a parent, carer or young person tells the school. Never a file: there is no file input.

    Leaving the name blank keeps the report anonymous. `website` is a trap for robots: people
    never see it and screen readers never reach it.
    """

    source: ClassVar[str]
    TEXT: ClassVar[dict[str, str]]
    CONTACT_CHOICES: ClassVar[list[tuple[str, str]]]
    NEEDS_NAME: ClassVar[frozenset[str]] = frozenset()

    what_happened = forms.CharField(
        max_length=MAX_REPORT_CHARS,
        error_messages={"required": "Tell us what happened", **too_long("What happened")},
        widget=forms.Textarea,
    )
    who = forms.CharField(required=False, max_length=300)
    urgent = forms.BooleanField(required=False)
    name = forms.CharField(required=False, max_length=100)
    contact = forms.ChoiceField(choices=[])
    contact_detail = forms.CharField(required=False, max_length=254)
    safe_times = forms.CharField(required=False, max_length=200)
    website = forms.CharField(required=False, max_length=200)
    # Made when the form is shown, so a double-click or a resend saves one report, not two.
    submission_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contact = self.fields["contact"]
        assert isinstance(contact, forms.ChoiceField)
        contact.choices = self.CONTACT_CHOICES
        contact.error_messages["required"] = self.TEXT["contact_required"]
        for name, field in self.fields.items():
            field.label = self.TEXT.get(f"{name}_label", field.label)
            field.help_text = self.TEXT.get(f"{name}_hint", "")

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_submission_id(self) -> uuid.UUID | None:
        # Missing or garbled (a page from before it was added): sent, just without the guard.
        try:
            return uuid.UUID(self.cleaned_data.get("submission_id") or "")
        except ValueError:
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("contact")
        detail = data.get("contact_detail", "")
        try:
            if method == "phone":
                data["contact_detail"] = _phone(detail)
            elif method == "email":
                data["contact_detail"] = _email(detail)
            else:
                data["contact_detail"] = ""  # nothing to keep for "in school" or "no contact"
        except ValidationError as error:
            self.add_error("contact_detail", error)
        if method in self.NEEDS_NAME and "name" not in self.errors and not data.get("name"):
            # Finding someone in school needs their name; a phone call or e-mail does not.
            self.add_error("contact", self.TEXT["anonymous_contact"])
        return data

    def report_fields(self) -> dict[str, Any]:
        """The cleaned answers as haven.concerns.services.record_public_report takes them."""
        data = self.cleaned_data
        method = data["contact"]
        # Anonymous: no name and no way back but the code. A phone number or e-mail address
        # given without a name is kept, for the safeguarding team only.
        anonymous = not data.get("name") and method == "none"
        detail = data.get("contact_detail", "")
        note = data.get("safe_times", "").strip()
        if note and method != "none":
            detail = f"{detail} (to contact safely: {note})" if detail else note
        return {
            "source": self.source,
            "narrative": data["what_happened"],
            "child_description": data.get("who", ""),
            "contact_name": data.get("name", ""),
            "contact_method": method,
            "contact_detail": detail,
            "anonymous": anonymous,
            "urgent": bool(data.get("urgent")),
            "submission_id": data.get("submission_id"),
        }


class ParentReportForm(ReportForm):
    source = "parent"
    CONTACT_CHOICES = [
        ("phone", "By phone"),
        ("email", "By e-mail"),
        ("none", "Do not contact me. I will check for a reply with my code."),
    ]
    TEXT = {
        "what_happened_label": "What has happened?",
        "what_happened_hint": (
            "Tell us in your own words what you know: who was involved, what was shared, and "
            "where and when, if you know. Never send the picture itself."
        ),
        "who_label": "Which child or young person is it about? (optional)",
        "who_hint": "Their name and year group or class, if you know them.",
        "urgent_label": "This is urgent: a child needs help today",
        "name_label": "Your name (optional)",
        "name_hint": (
            "You do not have to tell us. Without your name we can still phone or e-mail you if "
            "you ask us to, and you can read our reply with your reference and secret code."
        ),
        "contact_label": "How can we contact you safely?",
        "contact_hint": (
            "Choose a way that is safe for you. For a phone call or an e-mail, give your number "
            "or address below; your name is not needed. Only the school's safeguarding team sees "
            "how to reach you, and only to answer this."
        ),
        "contact_required": "Choose how we can contact you, or choose not to be contacted",
        "contact_detail_label": "Your phone number or e-mail address",
        "contact_detail_hint": "Only if you chose phone or e-mail.",
        "safe_times_label": "Is there anything we should know before we contact you? (optional)",
        "safe_times_hint": "For example, the best time to call, or not to leave a message.",
    }


class PupilReportForm(ReportForm):
    source = "pupil"
    NEEDS_NAME = frozenset({"in_school"})
    CONTACT_CHOICES = [
        ("in_school", "Talk to me quietly in school"),
        ("email", "By e-mail"),
        ("phone", "By phone or text message"),
        ("none", "Do not contact me. I will check for a reply with my code."),
    ]
    TEXT = {
        "what_happened_label": "What happened?",
        "what_happened_hint": (
            "Tell us in your own words. Write as much or as little as you like. Never send the "
            "picture itself."
        ),
        "who_label": "Who is it about? (optional)",
        "who_hint": (
            "It could be you, a friend or someone else. Give their name and form if you can."
        ),
        "urgent_label": "I need help today",
        "name_label": "Your name and form (optional)",
        "name_hint": (
            "You do not have to tell us. Without your name we can still phone, text or e-mail "
            "you if you ask us to, and you can read our reply with your reference and secret code."
        ),
        "contact_label": "How should we get in touch?",
        "contact_hint": (
            "Choose the way that feels safest for you. To talk to you in school we need your name "
            "and form. For a call, a text or an e-mail, give your number or address below; your "
            "name is not needed. Only the safeguarding team sees how to reach you."
        ),
        "contact_required": "Choose how we should get in touch, or choose not to be contacted",
        "anonymous_contact": (
            "To talk to you in school, we need your name and form. Give them above, or choose "
            "another way to get in touch."
        ),
        "contact_detail_label": "Your phone number or e-mail address",
        "contact_detail_hint": "Only if you chose phone or e-mail.",
        "safe_times_label": "Is there anything we should know before we get in touch? (optional)",
        "safe_times_hint": "For example, do not call before 4pm.",
    }


class CheckForm(Form):
    reference = forms.CharField(
        label="Reference",
        max_length=40,
        error_messages={"required": "Enter the reference you were given"},
    )
    secret_code = forms.CharField(
        label="Secret code",
        max_length=80,
        error_messages={"required": "Enter the secret code you were given"},
    )

    def clean_reference(self) -> str:
        return str(self.cleaned_data["reference"]).strip().upper()

    def clean_secret_code(self) -> str:
        return str(self.cleaned_data["secret_code"]).strip()


class AddMoreForm(Form):
    text = forms.CharField(
        label="Add more to your report",
        help_text="Tell us anything new, in words. Never send the picture itself.",
        max_length=MAX_REPORT_CHARS,
        error_messages={"required": "Write what you want to add", **too_long("What you add")},
        widget=forms.Textarea,
    )
    website = forms.CharField(required=False, max_length=200)

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website", "").strip())


MAX_PAGE_CHARS = 20000


class PageEditForm(Form):
    """The admin's Markdown. Words the language guard flags must be changed or confirmed."""

    body = forms.CharField(
        label="Page text",
        help_text=(
            "Use ## for a heading, - for a bullet point, and [words](https://address) for a "
            "link. Pictures cannot be added."
        ),
        max_length=MAX_PAGE_CHARS,
        error_messages={"required": "Enter the page text"},
        widget=forms.Textarea,
    )
    based_on = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    words_checked = forms.BooleanField(
        required=False, label="I have checked these words and want to keep them"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.findings: list[Any] = []

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"])
        self.findings = check_text(body)
        return body

    def require_checked_words(self) -> None:
        """Saving (not previewing) text with flagged words needs the admin's confirmation."""
        if self.findings and not self.cleaned_data.get("words_checked"):
            self.add_error(
                "words_checked",
                "Some words may blame or shame a child. Change them, or tick the box to say you "
                "have checked them.",
            )


class SupportServiceForm(ModelForm):
    class Meta:
        model = SupportService
        fields = [
            "name",
            "audience",
            "who_for",
            "offers",
            "phone",
            "phone_note",
            "chat_url",
            "web_url",
            "last_checked",
            "order",
        ]
        labels = {
            "audience": "Mainly for",
            "last_checked": "Date these details were last checked",
            "order": "Position in the list",
        }
        help_texts = {
            "chat_url": "The full address, starting https://",
            "web_url": "The full address, starting https://",
            "last_checked": "For example, 27 3 2026. Numbers and opening times change: check them "
            "each term.",
            "order": "Lower numbers come first. Haven's own entries use 10 to 120.",
        }
        widgets = {"audience": forms.RadioSelect, "last_checked": forms.DateInput()}
        error_messages = {
            "name": {"required": "Enter the name of the service"},
            "who_for": {"required": "Say who the service is for"},
            "offers": {"required": "Say what the service offers"},
            "last_checked": {
                "required": "Enter the date these details were last checked",
                "invalid": "Enter a real date, for example 27 3 2026",
            },
            "chat_url": {"invalid": "Enter a full web address, starting https://"},
            "web_url": {"invalid": "Enter a full web address, starting https://"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        audience = self.fields["audience"]
        assert isinstance(audience, forms.ChoiceField)
        audience.choices = Audience.choices
        last_checked = self.fields["last_checked"]
        assert isinstance(last_checked, forms.DateField)
        last_checked.input_formats = ["%d %m %Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


class ContactsForm(Form):
    """The school's public contact details, and who is named publicly, with optional routes."""

    phone = forms.CharField(label="School phone number for worries", max_length=40, required=False)
    email = forms.EmailField(
        label="School e-mail address for worries",
        required=False,
        help_text="Use a shared school address, such as safeguarding@school.example.",
        error_messages={"invalid": "Enter an e-mail address, like name@example.com"},
    )
    how_to_reach = forms.CharField(
        label="Other ways to reach us (optional)",
        max_length=500,
        required=False,
        help_text="For example: ask at reception for a member of the safeguarding team.",
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, candidates: list[StaffMembership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for m in candidates:
            self.fields[f"show_{m.pk}"] = forms.BooleanField(required=False)
        for user_id in sorted({m.user_id for m in candidates}):
            self.fields[f"phone_{user_id}"] = forms.CharField(
                label="Their school phone number (optional)", max_length=40, required=False
            )
            self.fields[f"email_{user_id}"] = forms.EmailField(
                label="Their school e-mail address (optional)",
                required=False,
                error_messages={"invalid": "Enter an e-mail address, like name@example.com"},
            )

    def clean_phone(self) -> str:
        value = str(self.cleaned_data.get("phone", "")).strip()
        return _phone(value) if value else ""

    def shown(self) -> set[int]:
        return {m.pk for m in self.candidates if self.cleaned_data.get(f"show_{m.pk}")}


class PolicyForm(Form):
    """The policy: a file to read the words from, or the words themselves (as read, and checked or
    tidied by the admin), and an optional link to it on the school's website. The file's name,
    kind and pages travel with the words in hidden fields, only to be kept for the record."""

    document = forms.FileField(
        required=False,
        label="Upload the policy",
        help_text="A PDF, a Word document (.docx) or an OpenDocument text (.odt), up to 4 MB. "
        "Haven reads the words from it and shows them to you before anything is published.",
        error_messages={"empty": "The file is empty. Choose the file of your policy."},
    )
    text = forms.CharField(
        required=False,
        label="The policy's words",
        help_text="Check these are the words of your policy. You can correct them, or paste the "
        "policy here instead of uploading it. Leave a blank line between paragraphs.",
        max_length=MAX_CHARACTERS,
        widget=forms.Textarea,
    )
    link = forms.CharField(
        required=False,
        label="Link to the policy on your school's website (optional)",
        help_text="For example, https://www.elm.sch.uk/safeguarding-policy",
        max_length=MAX_LINK_LENGTH,
    )
    source_name = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    source_kind = forms.ChoiceField(
        required=False,
        choices=[("", ""), *((kind.value, kind.label) for kind in DocumentKind)],
        widget=forms.HiddenInput,
    )
    source_pages = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_PAGES, widget=forms.HiddenInput
    )

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"])
        try:
            check_policy_text(text)
        except PolicyRefused as refused:
            raise ValidationError(str(refused)) from None
        return text

    def clean_link(self) -> str:
        link = str(self.cleaned_data["link"]).strip()
        if link:
            try:
                check_policy_link(link)
            except PolicyRefused as refused:
                raise ValidationError(str(refused)) from None
        return link

    def words(self) -> PolicyWords:
        data = self.cleaned_data
        return PolicyWords(
            text=data["text"],
            link=data["link"],
            source_name=data["source_name"] if data["text"] else "",
            source_kind=data["source_kind"] if data["text"] else "",
            source_pages=data["source_pages"] if data["text"] else None,
        )

    def show_words(self, name: str, document: Document) -> "PolicyForm":
        """The same form, now holding the words read from the file `name`, to check."""
        data = {
            "text": document.text,
            "link": self.data.get("link", ""),
            "source_name": display_name(name),
            "source_kind": document.kind.value,
            "source_pages": "" if document.pages is None else str(document.pages),
        }
        return PolicyForm(data)
