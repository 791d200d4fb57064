"""Create a wallabag API client for a user and print its id and secret (shown only here)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.wallabag.models import ApiClient


class Command(BaseCommand):
    help = "Create a wallabag API client (for KOReader, the wallabag apps) for a user."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="The username the client belongs to.")
        parser.add_argument("--name", default="", help="What the client is for, e.g. KOReader.")

    def handle(self, *args, user, name, **options):
        owner = get_user_model().objects.filter(username=user).first()
        if owner is None:
            raise CommandError(f"There is no user named “{user}”.")
        if len(name) > 100:
            raise CommandError("The name can be at most 100 characters.")
        client, secret = ApiClient.issue(owner, name=name)
        self.stdout.write(f"client_id: {client.client_id}\nclient_secret: {secret}")
