from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from attendance.demo import load_demo_attendance
from home.demo import DEMO_PASSWORD, DEMO_USERS, demo_users_exist, load_demo
from network.models import Organisation
from parents.demo import load_demo_parent_pages


class Command(BaseCommand):
    help = (
        "Load the demo network of Leiden (idempotent). With --if-empty, only into an empty database. "
        "Demo logins with a known password are created only with RIMPEL_DEBUG on or --demo-users."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when organisations exist.")
        parser.add_argument("--demo-users", action="store_true", help="Also create the demo logins.")
        parser.add_argument(
            "--example-attendance",
            action="store_true",
            help="Also make up attendance lists for LNOS25 and the meetings of 2026, to try the attendance pages. "
            "Example data: their head counts change the programme's figures, so leave them out of a demo that "
            "shows the network's own results.",
        )

    def handle(self, *args, if_empty=False, demo_users=False, example_attendance=False, **options):
        with_users = demo_users or settings.DEBUG
        if if_empty and Organisation.objects.exists():
            self.stdout.write("The database already holds a network; demo data not loaded.")
        else:
            counts = load_demo(with_users=with_users)
            if example_attendance:
                counts.update(load_demo_attendance())
            counts["pages for parents"] = load_demo_parent_pages()
            summary = ", ".join(f"{count} {name}" for name, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Demo network loaded: {summary}."))
            # The index follows every save; a rebuild also covers a database that predates the search.
            call_command("rebuild_search_index", stdout=self.stdout)
        if demo_users_exist():
            editors = ", ".join(name for name in DEMO_USERS if name != "coordinator")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Log in at /account/inloggen/ as the demo coordinator: user 'coordinator', password "
                    f"'{DEMO_PASSWORD}' (editors: {editors}, same password)."
                )
            )
        elif not with_users:
            self.stdout.write("No demo logins were created (RIMPEL_DEBUG is off); add --demo-users to create them.")
