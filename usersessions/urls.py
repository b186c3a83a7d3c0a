"""Mounted by cadmin under /cadmin/."""

from django.urls import path

from . import views

urlpatterns = [
    path("sessions/", views.SessionsView.as_view(), name="sessions"),
    path("sessions/<int:pk>/end/", views.EndSessionView.as_view(), name="session_end"),
    path("sessions/end-others/", views.EndOtherSessionsView.as_view(), name="sessions_end_others"),
    path("sessions/not-me/<str:token>/", views.NotMeView.as_view(), name="session_not_me"),
]
