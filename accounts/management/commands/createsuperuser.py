"""Django's createsuperuser, with the password validators applied without prompts too.

Interactively Django already checks the password; with --noinput it takes
DJANGO_SUPERUSER_PASSWORD as it is. We refuse a weak one there as well.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

PASSWORD_VARIABLE = "DJANGO_SUPERUSER_PASSWORD"  # noqa: S105 (the variable's name)


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        password = os.environ.get(PASSWORD_VARIABLE)
        if not options["interactive"] and password is not None:
            user_model = get_user_model()
            candidate = user_model(
                **{
                    user_model.USERNAME_FIELD: options.get(user_model.USERNAME_FIELD) or "",
                    "email": options.get("email") or "",
                }
            )
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                raise CommandError(f"{PASSWORD_VARIABLE}: {' '.join(error.messages)}") from error
        return super().handle(*args, **options)
