from django.core.management.base import BaseCommand

from core.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from network.models import Organisation


class Command(BaseCommand):
    help = "Load the demo network of Leiden (idempotent). With --if-empty, only into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when organisations exist.")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Organisation.objects.exists():
            self.stdout.write("The database already holds a network; demo data not loaded.")
        else:
            counts = load_demo()
            summary = ", ".join(f"{count} {name}" for name, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Demo network loaded: {summary}."))
        usernames = ", ".join(name for name in DEMO_USERS if name != "coordinator")
        self.stdout.write(
            f"Log in at /account/inloggen/ as the demo coordinator: user 'coordinator', password "
            f"'{DEMO_PASSWORD}' (editors: {usernames}, same password)."
        )
