"""Mounted by cadmin under /cadmin/, beside the editor's own URLs."""

from django.urls import path

from . import views

urlpatterns = [
    path("post/add/autosave/", views.AutosaveView.as_view(), name="post_add_autosave"),
    path(
        "post/add/autosave/discard/",
        views.DiscardAutosaveView.as_view(),
        name="post_add_autosave_discard",
    ),
    path("post/<int:pk>/autosave/", views.AutosaveView.as_view(), name="post_autosave"),
    path(
        "post/<int:pk>/autosave/discard/",
        views.DiscardAutosaveView.as_view(),
        name="post_autosave_discard",
    ),
    path("post/<int:pk>/editing/", views.EditingPingView.as_view(), name="post_editing"),
]
