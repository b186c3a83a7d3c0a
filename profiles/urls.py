"""Mounted by cadmin under /cadmin/."""

from django.urls import path

from . import views

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/email/<str:token>/", views.EmailConfirmView.as_view(), name="email_confirm"),
]
