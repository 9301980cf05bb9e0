"""The client's address, read one way everywhere: the sign-in lockout (django-axes calls this as
its AXES_CLIENT_IP_CALLABLE), the public forms' rate limits and the audit log.

HAVEN_CLIENT_IP_HEADERS lists the request headers to try, in order (Django's META names, such as
HTTP_X_FORWARDED_FOR, then REMOTE_ADDR). A forwarded-for header is a list that each proxy appends
the address it saw to, and anyone can write whatever they like at its left: so only the entry
HAVEN_TRUSTED_PROXY_COUNT places from the right is believed, the one Haven's own outermost proxy
wrote. A header that is missing, too short for that many proxies, or not an address is skipped.
"""

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # settings.py imports this module: keep it light to import
    from django.http import HttpRequest


def meta_header_names(variable: str, names: list[str]) -> list[str]:
    """Header names as Django's META spells them: X-Forwarded-For and HTTP_X_FORWARDED_FOR alike
    become HTTP_X_FORWARDED_FOR. Refuses an empty list or a name with other characters."""
    spelled = []
    for name in names:
        meta = name.strip().upper().replace("-", "_")
        if meta != "REMOTE_ADDR" and not meta.startswith("HTTP_"):
            meta = f"HTTP_{meta}"
        if not meta.replace("_", "").isalnum():
            raise ImproperlyConfigured(f"{variable} holds {name!r}, which is not a header name")
        spelled.append(meta)
    if not spelled:
        raise ImproperlyConfigured(f"{variable} must name at least one header, e.g. REMOTE_ADDR")
    return spelled


def _address(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _from_header(raw: str, proxies: int) -> str | None:
    entries = [entry for entry in raw.split(",") if entry.strip()]
    if len(entries) < proxies:
        return None
    return _address(entries[-proxies])


def client_address(request: "HttpRequest") -> str | None:
    """The address of whoever sent this request, as Haven's own proxies saw it; None if no
    trusted header holds one."""
    proxies = max(1, int(getattr(settings, "HAVEN_TRUSTED_PROXY_COUNT", 1)))
    for header in getattr(settings, "HAVEN_CLIENT_IP_HEADERS", ["REMOTE_ADDR"]):
        raw = request.META.get(header)
        if not raw:
            continue
        found = _address(raw) if header == "REMOTE_ADDR" else _from_header(str(raw), proxies)
        if found is not None:
            return found
    return None
