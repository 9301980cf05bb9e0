"""Case models, one module per area of the workflow. Each module's models are re-exported here."""

from haven.cases.models.case import Case, CasePupil, CaseStatus, PupilRole

__all__ = ["Case", "CasePupil", "CaseStatus", "PupilRole"]
