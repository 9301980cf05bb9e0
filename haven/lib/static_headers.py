"""Headers for the static files WhiteNoise serves.

WhiteNoise answers /static/ before Django's clickjacking middleware runs, so its files would go
out without X-Frame-Options; pages get it from the middleware (and frame-ancestors from the CSP).
"""

from collections.abc import MutableMapping


def static_file_headers(headers: MutableMapping[str, str], path: str, url: str) -> None:
    """WHITENOISE_ADD_HEADERS_FUNCTION: no static file may be framed either."""
    headers["X-Frame-Options"] = "DENY"
