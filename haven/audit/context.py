"""Where a change came from, for its audit row, without handing the HTTP request to a service.

A view builds one with `AuditContext.of(request)`; the worker and management commands pass none
(their events have no address). Services take `context: AuditContext | None = None` and hand it to
`haven.audit.services.record(..., context=context)`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from haven.lib.addresses import client_address


@dataclass(frozen=True, slots=True)
class AuditContext:
    """The client's address (as `haven.lib.addresses` trusts it), or None off the web."""

    address: str | None = None

    @classmethod
    def of(cls, request: HttpRequest) -> AuditContext:
        return cls(address=client_address(request))
