from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.http import HttpRequest

from haven.accounts.models import User
from haven.lib.forms import Form

GENERIC_SIGN_IN_ERROR = (
    "Enter a correct e-mail address and password. After several wrong tries, you will need to "
    "wait before trying again."
)


class SignInForm(Form):
    username = forms.EmailField(
        label="E-mail address",
        widget=forms.EmailInput(
            attrs={"autocomplete": "username", "class": "govuk-input", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "class": "govuk-input"}
        ),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        user = authenticate(self.request, username=data["username"], password=data["password"])
        # The same words whether the account exists, is inactive or the password is wrong.
        if user is None or not user.is_active:
            raise forms.ValidationError(GENERIC_SIGN_IN_ERROR)
        self.user = user
        return data


class CodeForm(Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "class": "govuk-input govuk-input--width-10",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().replace(" ", "")


class EnrolForm(Form):
    code = forms.CharField(
        label="Code from your app",
        max_length=6,
        min_length=6,
        help_text="6 digits, for example 123456.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input govuk-input--width-5",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        if not code.isdigit():
            raise forms.ValidationError("The code is 6 digits, with no letters or spaces.")
        return code


class SetPasswordForm(Form):
    """A new member of staff chooses their password (Django's validators decide if it is good)."""

    password = forms.CharField(
        label="Choose a password",
        strip=False,
        help_text="At least 12 characters. A few unrelated words is a good choice.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "govuk-input"}),
    )
    password_again = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "govuk-input"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        password_validation.validate_password(password, self.user)
        return password

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "password" in data and data.get("password_again") != data["password"]:
            self.add_error("password_again", "The two passwords are not the same.")
        return data
