"""The school's public pages: their text (every version kept), the support directory, the named
contacts' routes, the safeguarding policy's words (every version kept), and the counters that
slow a flood of reports.

Nothing here is narrative about a child: it is text the school publishes, so it is not encrypted.
"""

from django.conf import settings
from django.db import models

from haven.public.policy import paragraphs
from haven.schools.models import School


class PublicPage(models.TextChoices):
    PARENTS = "parents", "Information for parents and carers"
    YOUNG_PEOPLE = "young_people", "Information for young people"


class PageVersion(models.Model):
    """One saved version of a school's page, in Markdown. Never changed: every edit, and every
    "restore this version", adds a new one, so any earlier text can be brought back.

    With no version saved, a school shows Haven's own text (haven/public/content/<page>.md).
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    page = models.CharField(max_length=20, choices=PublicPage.choices)
    number = models.PositiveIntegerField()
    body = models.TextField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField()
    # The version this one brought back (0 means Haven's own text); None for a fresh edit.
    restored_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["school", "page", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "page", "number"], name="one_page_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page} v{self.number}"


class Audience(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    YOUNG_PEOPLE = "young_people", "Young people"
    ADULTS = "adults", "Parents, carers and other adults"


class SupportService(models.Model):
    """A helpline or website to signpost. Rows with no school are Haven's directory, shown at
    every school; a school's own row either adds a service or stands in for one of Haven's
    (`replaces`), and may hide it. Numbers and hours change, so each row says when it was checked.
    """

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    replaces = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A stable code for Haven's own entries, so later data migrations can find them.
    key = models.SlugField(max_length=50, blank=True)
    name = models.CharField(max_length=100)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    who_for = models.CharField("Who it is for", max_length=200)
    offers = models.CharField("What it offers", max_length=500)
    phone = models.CharField(max_length=40, blank=True)
    phone_note = models.CharField("Opening times or other ways to call", max_length=200, blank=True)
    chat_url = models.URLField("Online chat", blank=True)
    web_url = models.URLField("Website", blank=True)
    last_checked = models.DateField()
    order = models.PositiveSmallIntegerField(default=100)
    hidden = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "replaces"],
                condition=models.Q(replaces__isnull=False),
                name="one_school_version_of_a_service",
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(school__isnull=True) & ~models.Q(key=""),
                name="unique_haven_service_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContactSettings(models.Model):
    """How families reach the school about a worry: set by the school admin, shown publicly."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    how_to_reach = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Contact settings for school {self.school_id}"


class ContactRoute(models.Model):
    """A named contact's own phone or e-mail, only if the school admin chooses to publish one."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="one_contact_route_per_person")
        ]

    def __str__(self) -> str:
        return f"Contact route for user {self.user_id}"


class PolicyVersion(models.Model):
    """One version of the school's safeguarding policy on the public pages, as words.

    Haven never keeps the policy's file: the admin uploads it (or pastes it), Haven reads the
    words, and the public page shows them as a web page, with an optional link to the policy on
    the school's own website. Never changed: each publish adds a version. A version with no words
    and no link took the policy off the public pages. The newest version is the one shown.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    link = models.URLField(max_length=500, blank=True)
    # The file the words were read from, if any (its name, kind and pages), for the record.
    source_name = models.CharField(max_length=200, blank=True)
    source_kind = models.CharField(max_length=10, blank=True)
    source_pages = models.PositiveIntegerField(null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["school", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="one_policy_version_number")
        ]

    def __str__(self) -> str:
        return f"policy v{self.number}"

    @property
    def is_shown(self) -> bool:
        return bool(self.text or self.link)

    @property
    def paragraphs(self) -> list[str]:
        """The words in paragraphs (a blank line ends one), to show one by one."""
        return paragraphs(self.text)


class RateLimitBucket(models.Model):
    """How many times one key (an address's digest, or a school) acted in one fixed window.

    Kept in the database because the cache is per process: with several web workers, a
    per-process counter would let a flood through several times over.
    """

    key = models.CharField(max_length=100)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="one_bucket_per_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="bucket_window_idx")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start:%Y-%m-%d %H:%M}"
