"""The request a staff page receives, typed (as healthchecks does in hc/accounts/http.py).

`@staff_required` (and `@signed_in`) let a request through only with a signed-in, active
`haven.accounts.models.User`; a view behind them takes `request: AuthenticatedHttpRequest` and
reads `request.user` as that User, with no cast and nothing for the type checker to take on trust.
"""

from django.http import HttpRequest

from haven.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User  # narrowed: the decorators let no anonymous user in
