"""Create the first administrator, once: on a database that has no users at all."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from newsreader.env import env_str


class Command(BaseCommand):
    help = "Create an administrator if the database has no users (ADMIN_USERNAME / ADMIN_PASSWORD)."

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.exists():
            self.stdout.write(
                "Log in with your administrator account. Forgot the password? "
                "Run: .venv/bin/python manage.py changepassword <username>"
            )
            return
        username = env_str("ADMIN_USERNAME", "admin")
        password = env_str("ADMIN_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username, email=env_str("ADMIN_EMAIL"), password=password
        )
        shown = password if generated else "(the ADMIN_PASSWORD you set)"
        self.stdout.write(self.style.SUCCESS("Created the first administrator. Log in with:"))
        self.stdout.write(f"    username: {username}\n    password: {shown}")
        if generated:
            self.stdout.write("This password is shown only once: keep it somewhere safe.")
