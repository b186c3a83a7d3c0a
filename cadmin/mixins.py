"""What every dashboard page shares: a page of a signed-in account (accounts.pages)."""

from accounts.pages import SignedInPageMixin as DashboardPageMixin

__all__ = ["DashboardPageMixin"]
