"""Concern pages: recording (any member of staff), the inbox and triage (the safeguarding team)."""
