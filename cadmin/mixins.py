"""What every dashboard page shares: a page of a signed-in account (accounts.pages)."""

from accounts.pages import SignedInPageMixin as DashboardPageMixin
from team import roles

__all__ = ["DashboardPageMixin", "post_table_context"]


def post_table_context(user) -> dict:
    """What _post_table.html needs to tell, row by row and without a query per row, whether
    a post may be opened in the editor."""
    return {
        "edits_every_post": roles.edits_every_post(user),
        "may_publish": roles.may_publish(user),
    }
