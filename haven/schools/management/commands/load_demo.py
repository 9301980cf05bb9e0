from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from haven.accounts.models import User
from haven.curriculum import demo as curriculum_demo
from haven.schools import demo
from haven.schools.models import School


class Command(BaseCommand):
    help = "Load the demo trust (two schools, every role, 200 pupils) and print how to sign in."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo school is never loaded in production.")
        accounts = demo.load_demo()
        # The demo school's online-safety plan, some lessons delivered by the PSHE lead.
        curriculum_demo.load_plan(
            School.objects.get(slug="oakfield"),
            User.objects.filter(email="pshe@oakfield.example").first(),
        )
        base = settings.HAVEN_BASE_URL
        out = self.stdout.write
        out("")
        out(f"Demo trust loaded ({demo.pupil_count()} pupils). Every account's password is:")
        out(f"    {demo.DEMO_PASSWORD}")
        out("Add the TOTP secret to an authenticator app, or print the current code with")
        out("    .venv/bin/python manage.py demo_code EMAIL")
        out("")
        out(f"{'e-mail':30} {'role':40} TOTP secret")
        for account in accounts:
            roles = " + ".join(role.label for role in account.roles)
            secret = demo.base32(demo.demo_totp_secret_hex(account.email))
            out(f"{account.email:30} {roles:40} {secret}")
        out("")
        out("Public pages:")
        for slug in ("oakfield", "riverside"):
            out(f"    {base}/s/{slug}/")
        out(f"Staff sign-in: {base}/account/sign-in/")
