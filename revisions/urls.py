"""Mounted by cadmin under /cadmin/."""

from django.urls import path

from . import trash_views, views

urlpatterns = [
    path("post/<int:pk>/history/", views.PostHistoryView.as_view(), name="post_history"),
    path(
        "post/<int:pk>/history/<int:version>/restore/",
        views.RestoreRevisionView.as_view(),
        name="post_revision_restore",
    ),
    path("trash/", trash_views.TrashView.as_view(), name="trash"),
    path(
        "trash/<int:pk>/restore/", trash_views.RestoreFromTrashView.as_view(), name="trash_restore"
    ),
]
