"""Invite an address to an organisation from the command line; the first logins of a new instance come from here.

    python manage.py invite iemand@example.org --organisation hogeschool-leiden --role editor [--coordinator]

The mail goes out as from the site; the link is also printed, for an instance that cannot send mail yet.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from network import services
from network.models import Organisation, OrganisationRole


class Command(BaseCommand):
    help = "Invite an e-mail address to an organisation as editor or member, and print the invitation link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--organisation", required=True, help="The organisation's slug (as in its address).")
        parser.add_argument("--role", required=True, choices=OrganisationRole.values)
        parser.add_argument("--coordinator", action="store_true", help="Also make them network coordinator.")
        parser.add_argument("--language", default="nl", choices=["nl", "en"], help="Language of the mail.")
        parser.add_argument(
            "--base-url",
            default=settings.RIMPEL_SITE_URL,
            help="The site's address, where the link leads (default: RIMPEL_SITE_URL).",
        )

    def handle(self, *args, **options) -> None:
        try:
            validate_email(options["email"])
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {options['email']}") from error
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation has the slug {options['organisation']!r}.")
        invitation, link = services.invite(
            options["email"],
            organisation,
            options["role"],
            invited_by=None,
            as_coordinator=options["coordinator"],
            base_url=options["base_url"],
            language=options["language"],
        )
        self.stdout.write(
            f"Invited {invitation.email} to {organisation.name} as {options['role']}"
            f"{' and coordinator' if invitation.as_coordinator else ''}; the link works until "
            f"{invitation.expires_at:%Y-%m-%d %H:%M}:\n{link}"
        )
