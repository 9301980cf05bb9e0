from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts.mfa import current_code
from haven.accounts.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current sign-in code of a demo account (development only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Codes are never printed in production.")
        device = TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"No authenticator is set up for {email}.")
        self.stdout.write(current_code(device))
