from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_slug

from haven.schools.models import School, Trust
from haven.schools.services import create_school


def check_slug(slug: str) -> None:
    try:
        validate_slug(slug)
    except ValidationError:
        raise CommandError(
            f"{slug!r} is not a slug: use letters, numbers, hyphens or underscores."
        ) from None


class Command(BaseCommand):
    help = (
        "Set up a school (docs/deploy.md, 'Setting up a school'); then add its first DSL, "
        "headteacher and administrator with add_staff. Audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="The school's name.")
        parser.add_argument(
            "--slug", required=True, help="A short name: its public pages are /s/<slug>/."
        )
        parser.add_argument("--trust", help="The slug of the school's trust, if it has one.")

    def handle(self, *args: Any, name: str, slug: str, trust: str | None, **options: Any) -> None:
        check_slug(slug)
        if School.objects.filter(slug=slug).exists():
            raise CommandError(f"A school with the slug {slug!r} already exists.")
        group = None
        if trust:
            group = Trust.objects.filter(slug=trust).first()
            if group is None:
                raise CommandError(f"No trust with the slug {trust!r} (create_trust makes one).")
        school = create_school(actor=None, name=name.strip(), slug=slug, trust=group)
        self.stdout.write(self.style.SUCCESS(f"School {school.name} set up ({school.slug})."))
        self.stdout.write(
            f"Next: manage.py add_staff --school {school.slug} --email ... --name ... --role dsl"
        )
