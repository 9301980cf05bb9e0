from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.http import HttpRequest

from haven.accounts import slowdown
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
        self.wait_seconds = 0  # set when the account is being slowed after wrong passwords
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        username = data["username"]
        if not _paused_here(self.request, username) and not slowdown.is_known_browser(
            self.request, username
        ):
            # Refused before the password is checked, so a too-soon try tells a guesser nothing.
            self.wait_seconds = slowdown.seconds_to_wait(username)
            if self.wait_seconds:
                raise forms.ValidationError(slowed_message(self.wait_seconds))
        user = authenticate(self.request, username=username, password=data["password"])
        # The same words whether the account exists, is inactive or the password is wrong.
        if user is None or not user.is_active:
            if _password_was_checked(self.request):
                slowdown.note_failure(username)
            raise forms.ValidationError(GENERIC_SIGN_IN_ERROR)
        slowdown.note_success(username)
        self.user = user
        return data


def _paused_here(request: HttpRequest, username: str) -> bool:
    """Whether django-axes already pauses this account at this address (its page says so)."""
    if not settings.AXES_ENABLED:
        return False
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def _password_was_checked(request: HttpRequest) -> bool:
    """False when django-axes refused the try before any password was checked (the account is
    paused at this address); a failure it counts, even the one that pauses it, was checked."""
    if not getattr(request, "axes_locked_out", False):
        return True
    return getattr(request, "axes_failures_since_start", None) is not None


def slowed_message(seconds: int) -> str:
    wait = "1 second" if seconds == 1 else f"{seconds} seconds"
    return (
        "Several wrong passwords have been tried for this account, so Haven is slowing down "
        f"sign-in to keep it safe. Try again in {wait}. You are not locked out."
    )


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
