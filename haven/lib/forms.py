"""What every form in Haven does with the text people type, in one place so no form can forget.

Every form in the project is built on `Form` or `ModelForm` here (tests/test_forms.py walks them
all and fails on one that is not). For each text field (`is_text`):

- **Words only**, for free text (`takes_words`: not e-mail or web addresses). Text that is
  really a file written out as letters, numbers or symbols (base64, hex, numbers, Braille
  patterns and the rest: haven.lib.encoded_files) is refused with a message that says Haven never
  holds pictures and asks for words instead.
- **Nothing cut.** Browsers cut a paste silently at a `maxlength` attribute, so no field has one:
  the server refuses text over the limit, saying the limit and how much was typed, and the form
  comes back with everything in it. The limit of free text is shown before it bites, by GOV.UK's
  character count (the class and the limit are on the widget; templates/components/field.html
  draws it); fields for codes, references and phone numbers, under COUNTED_FROM, need none.
"""

from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError

from haven.lib.encoded_files import EncodedFileRefused, check_words

WORDS_ONLY = (
    "This looks like a picture or another file written out as letters, numbers or symbols. "
    "Haven never holds pictures, so it cannot keep it. Take it out and describe in your own words "
    "what happened instead. The rest of what you typed is still here."
)
TOO_LONG = (
    "This must be %(limit_value)s characters or fewer. You have typed %(show_value)s. Everything "
    "you typed is still here: shorten it, then send it again."
)
COUNTED = "govuk-js-character-count"

# Characters nobody means to type, that change what a reader sees: a null (from a bad paste), and
# the controls that embed or override the direction of text, with which a sentence can display
# reversed on the DSL's screen. Haven takes them out of what it shows back, and says so.
HIDDEN_CONTROLS = {"\x00": "", **{chr(code): "" for code in range(0x202A, 0x202F)}}
_HIDDEN_TABLE = str.maketrans(HIDDEN_CONTROLS)
HIDDEN_REMOVED = (
    "This had {count} hidden character{plural} that can change how text is shown (usually from "
    "pasting). Haven has taken {them} out: check the text reads as you meant, then send it again."
)
# Text fields that are not typed in view (or not typed at all), and those that take a format,
# not words (and are checked for it).
_NOT_TYPED = (
    forms.PasswordInput,
    forms.HiddenInput,
    forms.MultipleHiddenInput,
    forms.widgets.ChoiceWidget,
)
_NOT_WORDS = (forms.EmailField, forms.URLField, forms.UUIDField, forms.SlugField)


def is_text(field: forms.Field) -> bool:
    """A field a person types text into, in view: never cut, its limit shown."""
    return isinstance(field, forms.CharField) and not isinstance(field.widget, _NOT_TYPED)


def takes_words(field: forms.Field) -> bool:
    """A text field for free text: words only (not an e-mail address, a web address or an id)."""
    return is_text(field) and not isinstance(field, _NOT_WORDS)


def words_only(value: str) -> None:
    try:
        check_words(value)
    except EncodedFileRefused:
        raise ValidationError(WORDS_ONLY, code="not_words") from None


class Limit(validators.MaxLengthValidator):
    """max_length, saying the limit and how much was typed with thousands marked (20,000)."""

    message = TOO_LONG

    def __call__(self, value: Any) -> None:
        typed = len(value)
        if typed > self.limit_value:
            params = {"limit_value": f"{self.limit_value:,}", "show_value": f"{typed:,}"}
            raise ValidationError(self.message, code="max_length", params=params)


# Shorter fields hold a code, a reference or a phone number, not prose: a count would be noise.
COUNTED_FROM = 100


def character_limit(field: forms.Field) -> int | None:
    """The limit a free-text field shows with a character count (None for none: not free text,
    or too short to need one)."""
    limit = getattr(field, "max_length", None) if takes_words(field) else None
    return limit if limit and limit >= COUNTED_FROM else None


class TextBoundField(forms.BoundField):
    """A field as drawn: no `maxlength` (it would cut a paste), and the character count's class
    and description on a text field with a limit."""

    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        attrs = field.widget.attrs
        attrs.pop("maxlength", None)  # the field and its widget are this form's own copies
        self.character_limit = character_limit(field)
        if self.character_limit and COUNTED not in attrs.get("class", "").split():
            attrs["class"] = f"{attrs.get('class', '')} {COUNTED}".strip()

    def build_widget_attrs(self, attrs: Any, widget: Any = None) -> dict[str, Any]:
        built: dict[str, Any] = super().build_widget_attrs(attrs, widget)
        if self.character_limit:
            described = built.get("aria-describedby") or self.field.widget.attrs.get(
                "aria-describedby", ""
            )
            built["aria-describedby"] = f"{self.auto_id}-info {described}".strip()
        return built


class WordsOnly:
    """The rules above, for any Django form. Use `Form` or `ModelForm`."""

    bound_field_class: type[forms.BoundField] | None = TextBoundField
    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        # Here, not in __init__: forms add fields of their own after it (one per pupil, say).
        for field in self.fields.values():
            if is_text(field):
                _apply_rules(field)
        removed = self._take_out_hidden_controls()
        super().full_clean()  # type: ignore[misc]
        for name, count in removed.items():
            message = HIDDEN_REMOVED.format(
                count=count, plural="" if count == 1 else "s", them="it" if count == 1 else "them"
            )
            self.add_error(name, ValidationError(message, code="hidden_controls"))  # type: ignore[attr-defined]

    def _take_out_hidden_controls(self) -> dict[str, int]:
        """Take null and direction-control characters out of what was typed in each text field
        (so the form shows the text back without them), and count them for the field's error."""
        data = getattr(self, "data", None)
        if not getattr(self, "is_bound", False) or data is None:
            return {}
        removed: dict[str, int] = {}
        copied = None
        for name, field in self.fields.items():
            key = self.add_prefix(name)  # type: ignore[attr-defined]
            value = data.get(key)
            if not is_text(field) or not isinstance(value, str):
                continue
            cleaned = value.translate(_HIDDEN_TABLE)
            if cleaned != value:
                if copied is None:
                    copied = data.copy()
                copied[key] = cleaned
                removed[name] = len(value) - len(cleaned)
        if copied is not None:
            self.data = copied
        return removed


def _apply_rules(field: forms.Field) -> None:
    kept = [v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)]
    limit = getattr(field, "max_length", None)
    rules: list[Any] = [Limit(limit)] if limit else []
    if takes_words(field) and words_only not in kept:
        rules.append(words_only)
    field.validators = [*kept, *rules]


class Form(WordsOnly, forms.Form):
    """Every plain form in Haven."""


class ModelForm(WordsOnly, forms.ModelForm):  # type: ignore[type-arg]
    """Every model form in Haven."""


# GOV.UK Frontend radios and checkboxes (templates/components draws them), for every app's forms.
class Radios(forms.RadioSelect):
    inline = False

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(attrs={"class": "govuk-radios__input", **(attrs or {})}, **kwargs)


class InlineRadios(Radios):
    inline = True


class Checkboxes(forms.CheckboxSelectMultiple):
    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(attrs={"class": "govuk-checkboxes__input", **(attrs or {})}, **kwargs)
