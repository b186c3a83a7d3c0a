"""The two sign-in doors, described once so that every shared promise is tested on both."""

from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Door:
    name: str
    login_url: str
    logout_url: str
    landing: str  # where a sign-in lands when no `next` is given
    login_template: str
    logout_template: str

    def __str__(self) -> str:
        return self.name


BLOG = Door("blog", "/login/", "/logout/", "/admin_page/", "blog/login.html", "blog/logout.html")
CADMIN = Door(
    "cadmin",
    "/cadmin/login/",
    "/cadmin/logout/",
    "/cadmin/",
    "cadmin/login.html",
    "cadmin/logout.html",
)

every_door = pytest.mark.parametrize("door", [BLOG, CADMIN], ids=str)

# Django admin's own sign-in page: the third door, open to staff only.
ADMIN = Door(
    "admin",
    "/admin/login/",
    "/admin/logout/",
    "/admin/",
    "admin/login.html",
    "registration/logged_out.html",
)

# Security promises about sign-in hold on all three pages; use staff users on ADMIN.
every_sign_in_page = pytest.mark.parametrize("door", [BLOG, CADMIN, ADMIN], ids=str)
