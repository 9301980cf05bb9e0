from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts.models import User
from haven.accounts.resets import reset_second_factor_by_operator


class Command(BaseCommand):
    help = (
        "Remove someone's authenticator apps and recovery codes and sign them out everywhere, as "
        "the operator (for a person who works at more than one school, whom no one school may "
        "reset: docs/school-admin.md). Check who is asking first. Audited, with no actor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="Their e-mail address.")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account with the address {email!r}.")
        removed = reset_second_factor_by_operator(user=user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed {removed} sign-in device(s). They set up an app again when they next "
                "sign in with their password."
            )
        )
