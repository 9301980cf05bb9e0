from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from haven.accounts.services import invite_staff_member
from haven.lib.errors import Refused
from haven.schools.models import Role, School

SCHOOL_ROLES = [role.value for role in Role if role != Role.TRUST_LEAD]


class Command(BaseCommand):
    help = (
        "Invite someone to a school with roles, as the operator (docs/deploy.md, 'Setting up a "
        "school'). Their roles start when they accept the e-mailed invitation; run by the "
        "operator, a safeguarding role (dsl, deputy_dsl, headteacher) needs nobody's agreement, "
        "which is how a new school gets its first DSL and head. Audited, with no actor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="The school's slug.")
        parser.add_argument("--email", required=True, help="Their work e-mail address.")
        parser.add_argument("--name", required=True, help="Their full name.")
        parser.add_argument(
            "--role",
            required=True,
            action="append",
            choices=SCHOOL_ROLES,
            help="A role at the school; repeat for several (e.g. --role dsl --role headteacher).",
        )
        parser.add_argument("--job-title", default="", help="Their job title (optional).")

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(f"No school with the slug {options['school']!r}.")
        email = str(options["email"]).strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        roles = [Role(role) for role in dict.fromkeys(options["role"])]
        try:
            invite_staff_member(
                actor=None,
                school=school,
                email=email,
                full_name=str(options["name"]).strip(),
                roles=roles,
                job_title=options["job_title"],
            )
        except Refused as refused:
            raise CommandError(str(refused)) from None
        labels = ", ".join(role.label for role in roles)
        self.stdout.write(
            self.style.SUCCESS(f"Invitation to {school.name} for {email} ({labels}).")
        )
        self.stdout.write(
            "The worker e-mails the link (it works once, for 72 hours); the roles start when "
            "they accept it. The school's safeguarding team is told of a safeguarding role."
        )
