"""The media library, mounted in the dashboard (cadmin/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("media/", views.LibraryView.as_view(), name="media_library"),
    path("media/upload/", views.UploadView.as_view(), name="media_upload"),
    path("media/<int:pk>/", views.ImageUpdateView.as_view(), name="media_edit"),
    path("media/<int:pk>/delete/", views.ImageDeleteView.as_view(), name="media_delete"),
    path("media/<int:pk>/restore/", views.ImageRestoreView.as_view(), name="media_restore"),
]
