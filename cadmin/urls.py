from django.urls import include, path
from django.views.generic import RedirectView

from . import activity_views, auth_views, password_reset_views, post_views, preview_views, views
from .taxonomy_views import (
    CATEGORY,
    TAG,
    TaxonomyCreateView,
    TaxonomyListView,
    TaxonomyUpdateView,
)

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("login/", auth_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.SignOutView.as_view(), name="logout"),
    # The e-mail address moved to the profile page; old links and bookmarks still arrive.
    path(
        "email-change/",
        RedirectView.as_view(pattern_name="profile", permanent=True),
        name="email_change",
    ),
    # The second step of signing in, "confirm it is you", and the security pages.
    path("", include("mfa.urls")),
    # Where you are signed in, and "This wasn't me".
    path("", include("usersessions.urls")),
    path("password-change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password-change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password-reset/",
        password_reset_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        password_reset_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/complete/",
        password_reset_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        password_reset_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("activity/", activity_views.ActivityView.as_view(), name="account_activity"),
    path("posts/", post_views.PostListView.as_view(), name="cadmin_post_list"),
    path("post/add/", post_views.PostCreateView.as_view(), name="post_add"),
    path("post/update/<int:pk>/", post_views.PostUpdateView.as_view(), name="post_update"),
    path("post/delete/<int:pk>/", post_views.PostDeleteView.as_view(), name="post_delete"),
    path("post/preview/", preview_views.PostPreviewView.as_view(), name="post_add_preview"),
    path("post/<int:pk>/preview/", preview_views.PostPreviewView.as_view(), name="post_preview"),
    # People, roles and invitations; the review queue; one's own profile.
    path("", include("team.urls")),
    path("", include("review.urls")),
    path("", include("profiles.urls")),
    # History, restoring a revision, and the trash.
    path("", include("revisions.urls")),
    # The editor's autosave and "also editing".
    path("", include("editing.urls")),
    # The media library: uploads, descriptions.
    path("", include("media.urls")),
    path("categories/", TaxonomyListView.as_view(**CATEGORY), name="category_list"),
    path(
        "category/add/",
        TaxonomyCreateView.as_view(**CATEGORY),
        name="category_add",
    ),
    path(
        "category/update/<int:pk>/",
        TaxonomyUpdateView.as_view(**CATEGORY),
        name="category_update",
    ),
    path("tags/", TaxonomyListView.as_view(**TAG), name="tag_list"),
    path("tag/add/", TaxonomyCreateView.as_view(**TAG), name="tag_add"),
    path(
        "tag/update/<int:pk>/",
        TaxonomyUpdateView.as_view(**TAG),
        name="tag_update",
    ),
]
