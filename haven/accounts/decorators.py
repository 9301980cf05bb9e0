"""View decorators: who may reach a page at all. Object rules live in permissions.py."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from haven.accounts.middleware import to_sign_in


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, active, and past the second factor. Nothing about a pupil is reachable before."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or not user.is_active:
            if request.headers.get("HX-Request") == "true":
                return to_sign_in(request)
            return redirect_to_login(request.get_full_path())
        # OTPMiddleware gives every user is_verified(); true only after the second factor.
        if not getattr(user, "is_verified", lambda: False)():
            return redirect("accounts:second_factor")
        return view(request, *args, **kwargs)

    wrapper.haven_access = "staff"  # type: ignore[attr-defined]
    return wrapper


def public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Marks a view as open to all on purpose (the URL-walk test checks each view is marked)."""
    view.haven_access = "public"  # type: ignore[attr-defined]
    return view


def signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in with a password but perhaps not yet past the second factor (the MFA pages only)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not request.user.is_active:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.haven_access = "signed_in"  # type: ignore[attr-defined]
    return wrapper


def fresh_second_factor(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For exports (a file leaves Haven): the second factor given in the last 15 minutes, or
    asked for again (accounts:confirm_code), then back to this page. Goes inside staff_required."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from haven.accounts import mfa  # not a circle at import: mfa reads the accounts' models

        if not mfa.second_factor_is_fresh(request.session):
            query = urlencode({"next": request.path})
            return redirect(f"{reverse('accounts:confirm_code')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper
