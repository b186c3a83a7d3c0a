"""The rule every username follows, however the account is made: the join page, Django admin
(adding or changing a user) and `createsuperuser` all ask the model's username field."""

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

NO_AT_SIGN = "A username cannot contain “@”: the sign-in page would take it for an e-mail address."


@deconstructible
class UsernameValidator(UnicodeUsernameValidator):
    """Django's username characters, less "@". Both sign-in pages take a username or an e-mail
    address (accounts.backends.find_user tries the username first), so a username that looks
    like an address would be ambiguous: it could even catch the sign-ins of that address."""

    regex = r"^[\w.+-]+\Z"
    message = "Enter a valid username: letters, digits and . + - _ only."

    def __call__(self, value) -> None:
        # The "@" first, with its own reason: the likeliest mistake, the least obvious rule.
        if "@" in str(value):
            raise ValidationError(NO_AT_SIGN, code="at_sign")
        super().__call__(value)
