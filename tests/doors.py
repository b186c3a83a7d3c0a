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
