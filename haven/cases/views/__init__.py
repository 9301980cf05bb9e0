"""The case pages. Thin function views: fetch the case the user may act on (404 otherwise), bind
a form, call a service, and show its refusal as form errors."""
