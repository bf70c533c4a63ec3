"""The operator's tool for a person's request about their data: export everything rimpel keeps about them, or close
their account (their personal data removed; see home.account_services.close_account).

    python manage.py account_data iemand@example.org            # JSON on standard output
    python manage.py account_data iemand@example.org --close
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from home import account_services as services


class Command(BaseCommand):
    help = "Print everything stored about the account with this e-mail address as JSON, or close that account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--close", action="store_true", help="Close the account and remove its personal data.")

    def handle(self, *args, email: str, close: bool, **options) -> None:
        accounts = services.account_by_email(email)
        if not accounts:
            raise CommandError(f"No account has the address {email}.")
        if len(accounts) > 1:
            names = ", ".join(account.username for account in accounts)
            raise CommandError(f"Several accounts have the address {email} ({names}); change all but one first.")
        [account] = accounts
        if not close:
            self.stdout.write(services.personal_data_json(account))
            return
        try:
            services.close_account(account)
        except services.LastCoordinator:
            raise CommandError("This is the last active coordinator; make someone else coordinator first.") from None
        self.stdout.write(self.style.SUCCESS(f"Account of {email} closed; its personal data is removed."))
