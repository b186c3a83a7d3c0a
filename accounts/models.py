"""Identity for both sign-in doors."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The site's user, swappable from the first migration so the model can grow later."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
