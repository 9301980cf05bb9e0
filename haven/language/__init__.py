"""The victim-blaming language guard: `check_text(text)` returns a list of `Finding`.

Pure Python with no Django import; see docs/language.md.
"""

from haven.language.guard import KIND_LABELS, KINDS, Finding, check_text

__all__ = ["KINDS", "KIND_LABELS", "Finding", "check_text"]
