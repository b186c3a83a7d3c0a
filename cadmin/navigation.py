"""The dashboard's navigation: which pages it links to, in which groups, and for whom.

One definition, drawn by {% dashboard_nav %} (templatetags/dashboard.py) as the side column on
a wide screen and behind the Menu button on a phone. Each item names the permission its page
asks for, so a link shows only to those the page lets in; user.has_perm answers from the
permissions kept for the request (accounts/permission_cache.py), so drawing it costs no query.
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString
from django.utils.text import slugify


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    permission: str | None = None  # None: everyone signed in
    # The pages reached from this item's page that still belong to it: a post's editor, its
    # history and its preview are all "Posts".
    also_current_on: frozenset[str] = frozenset()

    def is_shown_to(self, user) -> bool:
        return self.permission is None or user.has_perm(self.permission)

    def is_current(self, url_name: str | None) -> bool:
        return url_name == self.url_name or url_name in self.also_current_on


@dataclass(frozen=True)
class Group:
    label: str
    items: tuple[Item, ...]


def _item(label: str, url_name: str, permission: str | None = None, *also: str) -> Item:
    return Item(label, url_name, permission, frozenset(also))


# Above the groups: where one starts, and what one comes to do.
TOP = (
    _item("Home", "home"),
    _item("Write a post", "post_add", "blog.add_post", "post_add_preview"),
)

GROUPS = (
    Group(
        "Writing",
        (
            _item(
                "Posts",
                "cadmin_post_list",
                None,
                "post_update",
                "post_delete",
                "post_preview",
                "post_history",
                "post_revision_restore",
            ),
            _item("Review", "review_queue", "blog.edit_any_post", "post_send_back"),
            _item("Trash", "trash", None, "trash_restore"),
            _item(
                "Media",
                "media_library",
                "blog.add_post",
                "media_upload",
                "media_edit",
                "media_delete",
                "media_restore",
            ),
        ),
    ),
    Group(
        "Site",
        (
            _item(
                "Categories",
                "category_list",
                "blog.change_category",
                "category_add",
                "category_update",
            ),
            _item("Tags", "tag_list", "blog.change_tag", "tag_add", "tag_update"),
            _item(
                "People",
                "people",
                "accounts.manage_people",
                "person_role",
                "person_deactivate",
                "person_reactivate",
                "invite",
                "invitation_resend",
                "invitation_revoke",
            ),
        ),
    ),
    Group(
        "You",
        (
            _item("Profile", "profile", None, "email_confirm"),
            _item(
                "Security",
                "security",
                None,
                "authenticator",
                "authenticator_remove",
                "recovery_codes",
                "recovery_codes_new",
                "passkey",
                "passkey_remove",
                "trusted_browsers_forget",
            ),
            _item("Password", "password_change", None, "password_change_done"),
            _item("Sessions", "sessions", None, "session_end", "sessions_end_others"),
            _item("Activity", "account_activity"),
        ),
    ),
)


class Link(NamedTuple):
    """One item as one person sees it on one page."""

    label: str
    url: str
    current: bool


class ShownGroup(NamedTuple):
    label: str
    slug: str  # for the id that names its list
    links: list[Link]


@dataclass(frozen=True)
class Menu:
    top: list[Link]
    groups: list[ShownGroup]


ALL_ITEMS = TOP + tuple(item for group in GROUPS for item in group.items)
TEMPLATE = "cadmin/_dashboard_nav.html"


def _links(items: tuple[Item, ...], shown: frozenset[Item], url_name: str | None) -> list[Link]:
    return [
        Link(item.label, reverse(item.url_name), item.is_current(url_name))
        for item in items
        if item in shown
    ]


def _menu(shown: frozenset[Item], url_name: str | None) -> Menu:
    """The `shown` items, with the page named `url_name` marked; a group with nothing the
    person may open is left out, heading and all."""
    groups = [
        ShownGroup(group.label, slugify(group.label), links)
        for group in GROUPS
        if (links := _links(group.items, shown, url_name))
    ]
    return Menu(top=_links(TOP, shown, url_name), groups=groups)


def _shown_to(user) -> frozenset[Item]:
    return frozenset(item for item in ALL_ITEMS if item.is_shown_to(user))


@lru_cache(maxsize=512)
def _drawn(shown: frozenset[Item], url_name: str | None, script_prefix: str) -> SafeString:
    return render_to_string(TEMPLATE, {"menu": _menu(shown, url_name)})


def drawn_menu(user, url_name: str | None) -> SafeString:
    """The navigation's HTML for `user` on the page named `url_name`. It depends only on which
    items the person may open, the page and where the site is mounted, so each such
    combination is drawn once per process: a dashboard page then spends nothing on it. In
    development it is drawn every time, so that an edited template shows at once."""
    draw = _drawn.__wrapped__ if settings.DEBUG else _drawn
    return draw(_shown_to(user), url_name, get_script_prefix())
