"""Create or update the first organiser account from the environment.

Used by scripts/prod.sh on every start, so it is idempotent: an account that
already has the given password, email and flags is left untouched (its
password hash is not rewritten, so the organiser's sessions survive restarts).
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create or update an organiser account (is_staff, so it can use the admin). "
        "Reads ARENA_ORGANISER_USERNAME, ARENA_ORGANISER_PASSWORD and the optional "
        "ARENA_ORGANISER_EMAIL from the environment; --username/--email override them. "
        "The password is only read from the environment, never from the command line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ARENA_ORGANISER_USERNAME", ""))
        parser.add_argument("--email", default=os.environ.get("ARENA_ORGANISER_EMAIL"))
        parser.add_argument(
            "--superuser",
            action="store_true",
            help="Also make the account a superuser (default: staff only).",
        )

    def handle(self, *args, **options):
        username = (options["username"] or "").strip()
        password = os.environ.get("ARENA_ORGANISER_PASSWORD", "")
        email = options["email"].strip() if options["email"] is not None else None
        if not username:
            raise CommandError(
                "No organiser username: set ARENA_ORGANISER_USERNAME (or pass --username)."
            )
        if not password.strip():
            raise CommandError(
                "Refusing an empty password: set ARENA_ORGANISER_PASSWORD for the organiser "
                f"{username!r}."
            )

        user_model = get_user_model()
        flags = ["is_active", "is_staff"] + (["is_superuser"] if options["superuser"] else [])
        with transaction.atomic():
            user = (
                user_model._default_manager.select_for_update()
                .filter(**{user_model.USERNAME_FIELD: username})
                .first()
            )
            created = user is None
            if created:
                user = user_model(**{user_model.USERNAME_FIELD: username})

            changed = []
            if email is not None and getattr(user, "email", None) != email:
                user.email = email
                changed.append("email")
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(
                    f"The password for organiser {username!r} is too weak: "
                    + " ".join(exc.messages)
                ) from exc
            if created or not user.check_password(password):
                user.set_password(password)
                changed.append("password")
            for flag in flags:
                if not getattr(user, flag):
                    setattr(user, flag, True)
                    changed.append(flag)
            if created or changed:
                user.save()

        if created:
            self.stdout.write(self.style.SUCCESS(f"Created organiser {username!r} (staff)."))
        elif changed:
            self.stdout.write(
                self.style.SUCCESS(f"Updated organiser {username!r}: {', '.join(changed)}.")
            )
        else:
            self.stdout.write(f"Organiser {username!r} is already up to date.")
