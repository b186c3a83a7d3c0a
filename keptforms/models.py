"""A dashboard form whose author was signed out when they sent it, kept until they are back."""

from django.db import models
from django.http import QueryDict
from django.utils import timezone


class KeptFormQuerySet(models.QuerySet):
    def live(self) -> "KeptFormQuerySet":
        return self.filter(expires_at__gt=timezone.now())

    def expired(self) -> "KeptFormQuerySet":
        return self.filter(expires_at__lte=timezone.now())

    def of_browser(self, browser_hash: str) -> "KeptFormQuerySet":
        return self.filter(browser_hash=browser_hash)

    def from_address(self, ip: str | None) -> "KeptFormQuerySet":
        return self.filter(ip=ip) if ip else self.filter(ip__isnull=True)


class KeptForm(models.Model):
    # Only hashes: whoever reads the table can neither follow a link nor pose as a browser.
    token_hash = models.CharField(max_length=64, unique=True)
    browser_hash = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    path = models.TextField()
    # {field name: [values]}, as the browser sent them, without the CSRF token or passwords.
    data = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    objects = KeptFormQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["browser_hash", "created_at"], name="keptform_browser_idx"),
            models.Index(fields=["ip", "expires_at"], name="keptform_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"Form for {self.path} kept at {self.created_at:%Y-%m-%d %H:%M}"

    def as_query_dict(self) -> QueryDict:
        """The data as a form is bound with it, like request.POST."""
        data = QueryDict(mutable=True)
        for name, values in self.data.items():
            data.setlist(name, values)
        return data


class KeepingTurn(models.Model):
    """A lock row. Keeping a form first writes the rows of its address's and its browser's
    buckets, and a written row stays locked until the commit: two keeps for one address or one
    browser take turns, so each counts what the other kept and the limits hold.

    A fixed number of buckets keeps the table small without a purge; two addresses that share
    one only take turns when they keep forms at the same moment.
    """

    bucket = models.PositiveIntegerField(primary_key=True)
    taken_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Turn {self.bucket}, last taken at {self.taken_at:%Y-%m-%d %H:%M:%S}"
