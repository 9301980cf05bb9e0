import uuid
from datetime import date, time

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from haven.agreements.models import TwoPersonAgreement


class Trust(models.Model):
    """A multi-academy trust: a group of schools with a central safeguarding lead."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    trust = models.ForeignKey(
        Trust, on_delete=models.PROTECT, null=True, blank=True, related_name="schools"
    )
    name = models.CharField(max_length=200)
    # The school's public pages live at /s/<slug>/.
    slug = models.SlugField(unique=True)
    urn = models.CharField("URN", max_length=10, blank=True)
    # An alert nobody acknowledges within this many minutes of school time escalates.
    alert_escalation_minutes = models.PositiveSmallIntegerField(default=30)
    school_day_starts = models.TimeField(default=time(8, 0))
    school_day_ends = models.TimeField(default=time(17, 0))
    # The school's safeguarding policy, set by the DSL and the headteacher together
    # (haven.schools.policy): every case referred to children's social care (never managed in
    # school), and who to call.
    refer_every_case = models.BooleanField(default=False)
    csc_front_door = models.CharField("children's services front door", max_length=200, blank=True)
    police_contact = models.CharField("police contact", max_length=200, blank=True)
    # The local early help offer the school points families to when no criterion for referral
    # is met but the family would benefit (haven.cases early help).
    early_help_offer = models.CharField("local early help offer", max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    STAFF = "staff", "Member of staff"
    DSL = "dsl", "Designated safeguarding lead"
    DEPUTY_DSL = "deputy_dsl", "Deputy designated safeguarding lead"
    HEADTEACHER = "headteacher", "Headteacher"
    SCHOOL_ADMIN = "school_admin", "School administrator"
    TRUST_LEAD = "trust_lead", "Trust safeguarding lead"
    # Plans and records the online-safety lessons (haven.curriculum); sees de-identified counts
    # of incidents, never a case or a concern. A PSHE lead who also teaches holds STAFF as well.
    PSHE_LEAD = "pshe_lead", "PSHE lead"


SAFEGUARDING_TEAM = frozenset({Role.DSL, Role.DEPUTY_DSL, Role.HEADTEACHER})


class StaffMembership(models.Model):
    """One role one person holds at one school (or, for a trust lead, at one trust).

    A person may hold several: a head who is also the DSL has two rows.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    trust = models.ForeignKey(
        Trust, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    job_title = models.CharField(max_length=100, blank=True)
    # Shown on the school's public page as a named contact (DSL, deputy, pastoral lead, head).
    public_contact = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "role"],
                condition=models.Q(school__isnull=False),
                name="one_role_per_school",
            ),
            models.UniqueConstraint(
                fields=["user", "trust", "role"],
                condition=models.Q(trust__isnull=False),
                name="one_role_per_trust",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role="trust_lead", trust__isnull=False, school__isnull=True)
                    | (~models.Q(role="trust_lead") & models.Q(school__isnull=False))
                ),
                name="trust_lead_at_trust_others_at_school",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}"


class TeamChangeKind(models.TextChoices):
    ROLES = "roles", "Change roles"
    DEACTIVATE = "deactivate", "Deactivate"


class TeamChange(TwoPersonAgreement):
    """A change to the school's safeguarding team: giving or taking away the role of DSL, deputy
    DSL or headteacher, or deactivating someone who holds one.

    A two-person act (haven.accounts.rules.may_agree_to_team_change): the administrator, the DSL
    or the headteacher asks, and a DSL or headteacher who is neither the asker nor the person
    changed agrees. These roles see every safeguarding record of the school, so nobody can give
    one to a second account of their own, nor take the school's DSL away, alone.
    """

    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=TeamChangeKind.choices)
    # Role codes; the whole change (plain roles too) happens at once when it is agreed.
    roles_added = models.JSONField(default=list, blank=True)
    roles_removed = models.JSONField(default=list, blank=True)

    class Meta(TwoPersonAgreement.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["school", "staff_member"],
                condition=models.Q(status="pending"),
                name="one_pending_team_change",
            )
        ]

    def __str__(self) -> str:
        return f"team change {self.pk}"

    @property
    def added_labels(self) -> list[str]:
        return [Role(role).label for role in self.roles_added]

    @property
    def removed_labels(self) -> list[str]:
        return [Role(role).label for role in self.roles_removed]


class YearGroup(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="year_groups")
    name = models.CharField(max_length=50)
    # National curriculum year (Reception = 0); used to order and to deliver lessons.
    curriculum_year = models.SmallIntegerField()

    class Meta:
        ordering = ["curriculum_year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="unique_year_group_name")
        ]

    def __str__(self) -> str:
        return self.name


class RegistrationGroup(models.Model):
    """A form or tutor group ("9R", "Oak class")."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="reg_groups")
    year_group = models.ForeignKey(
        YearGroup, on_delete=models.CASCADE, related_name="reg_groups", null=True, blank=True
    )
    name = models.CharField(max_length=50)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="unique_reg_group_name")
        ]

    def __str__(self) -> str:
        return self.name


class SendStatus(models.TextChoices):
    NONE = "none", "No special educational needs recorded"
    SUPPORT = "support", "SEN support"
    EHCP = "ehcp", "Education, health and care plan"


class Pupil(models.Model):
    """A child on the school's roll (or who has left: the record stays for the retention period)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils")
    upn = models.CharField("UPN", max_length=13)
    legal_first_name = models.CharField(max_length=100)
    legal_last_name = models.CharField(max_length=100)
    preferred_first_name = models.CharField(max_length=100, blank=True)
    preferred_last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    year_group = models.ForeignKey(
        YearGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="pupils"
    )
    reg_group = models.ForeignKey(
        RegistrationGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="pupils"
    )
    gender = models.CharField(max_length=30, blank=True)
    send = models.CharField(
        "SEND", max_length=10, choices=SendStatus.choices, default=SendStatus.NONE
    )
    looked_after = models.BooleanField(default=False)
    has_social_worker = models.BooleanField(default=False)
    on_roll = models.BooleanField(default=True)
    left_on = models.DateField(null=True, blank=True)
    destination_school = models.CharField(max_length=200, blank=True)
    # Lower-case "first last preferred-first preferred-last" for fast, simple search.
    search_name = models.CharField(max_length=420, editable=False, db_index=True)

    class Meta:
        ordering = ["legal_last_name", "legal_first_name"]
        constraints = [models.UniqueConstraint(fields=["school", "upn"], name="unique_pupil_upn")]
        indexes = [models.Index(Lower("legal_last_name"), "school", name="pupil_surname_idx")]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.refresh_search_name()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def refresh_search_name(self) -> None:
        """Called by save(), and by the import before bulk writes (which skip save())."""
        self.search_name = " ".join(
            part.lower()
            for part in (
                self.legal_first_name,
                self.legal_last_name,
                self.preferred_first_name,
                self.preferred_last_name,
            )
            if part
        )

    @property
    def display_name(self) -> str:
        """The name the child uses, with the legal name where it differs."""
        first = self.preferred_first_name or self.legal_first_name
        last = self.preferred_last_name or self.legal_last_name
        return f"{first} {last}"

    @property
    def legal_name(self) -> str:
        return f"{self.legal_first_name} {self.legal_last_name}"

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class ImportKind(models.TextChoices):
    PUPILS = "pupils", "Pupils"
    STAFF = "staff", "Staff"


class ImportStatus(models.TextChoices):
    INVALID = "invalid", "Has errors: nothing saved"
    PREVIEW = "preview", "Waiting for you to check"
    QUEUED = "queued", "Waiting to start"
    CHECKING = "checking", "Checking"
    SAVING = "saving", "Saving"
    DONE = "done", "Saved"
    FAILED = "failed", "Not saved"
    CANCELLED = "cancelled", "Cancelled: nothing saved"


class ImportRun(models.Model):
    """One upload of a pupil or staff list from the MIS, from preview to saved (or not).

    The parsed rows wait here (not in a session) until the administrator confirms them, and are
    cleared once the import finishes or is cancelled: Haven keeps the pupils, not the file.
    """

    ACTIVE = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.SAVING)
    FINISHED = (
        ImportStatus.INVALID,
        ImportStatus.DONE,
        ImportStatus.FAILED,
        ImportStatus.CANCELLED,
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="import_runs")
    kind = models.CharField(max_length=10, choices=ImportKind.choices)
    status = models.CharField(max_length=10, choices=ImportStatus.choices)
    # Null when an operator ran the import command.
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A whole-roll file marks pupils it does not list as left; a partial file never does.
    whole_roll = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.JSONField(default=list, blank=True)
    columns = models.JSONField(default=dict, blank=True)  # field -> header as in the file
    ignored_columns = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)  # [{"line": n, "message": "..."}]
    error_count = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(default=0)
    checked_rows = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    left = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "status"], name="import_run_school_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent_checked(self) -> int:
        return int(100 * self.checked_rows / self.total_rows) if self.total_rows else 100


class PolicyChange(TwoPersonAgreement):
    """A change to the school's safeguarding policy settings, asked for by the DSL or the
    headteacher and made when the other agrees (haven.schools.policy): whether every case is
    referred, the local children's services front door and police contact, and the alert times.
    Holds the whole policy as it would be once agreed."""

    refer_every_case = models.BooleanField()
    csc_front_door = models.CharField(max_length=200, blank=True)
    police_contact = models.CharField(max_length=200, blank=True)
    early_help_offer = models.CharField(max_length=300, blank=True)
    alert_escalation_minutes = models.PositiveSmallIntegerField()
    school_day_starts = models.TimeField()
    school_day_ends = models.TimeField()

    class Meta(TwoPersonAgreement.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=models.Q(status="pending"),
                name="one_pending_policy_change",
            )
        ]

    def __str__(self) -> str:
        return f"policy change {self.pk}"
