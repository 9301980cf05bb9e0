from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.schools.management.commands.create_school import check_slug
from haven.schools.models import Trust
from haven.schools.services import create_trust


class Command(BaseCommand):
    help = "Set up a multi-academy trust (docs/deploy.md, 'Setting up a school'). Audited."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="The trust's name.")
        parser.add_argument("--slug", required=True, help="A short name for addresses.")

    def handle(self, *args: Any, name: str, slug: str, **options: Any) -> None:
        check_slug(slug)
        if Trust.objects.filter(slug=slug).exists():
            raise CommandError(f"A trust with the slug {slug!r} already exists.")
        trust = create_trust(actor=None, name=name.strip(), slug=slug)
        self.stdout.write(self.style.SUCCESS(f"Trust {trust.name} set up ({trust.slug})."))
