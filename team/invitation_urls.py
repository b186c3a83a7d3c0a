"""Inviting (administrators), joining by an invitation's link, and signing up (when open)."""

from django.urls import path

from . import invitation_views, signup_views

urlpatterns = [
    path("people/invite/", invitation_views.InviteView.as_view(), name="invite"),
    path(
        "people/invitations/<int:pk>/resend/",
        invitation_views.ResendView.as_view(),
        name="invitation_resend",
    ),
    path(
        "people/invitations/<int:pk>/revoke/",
        invitation_views.RevokeView.as_view(),
        name="invitation_revoke",
    ),
    path("join/<str:token>/", invitation_views.JoinView.as_view(), name="accept_invitation"),
    path("signup/", signup_views.SignUpView.as_view(), name="signup"),
    path("signup/sent/", signup_views.SignUpSentView.as_view(), name="signup_sent"),
]
