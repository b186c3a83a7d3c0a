from django.urls import include, path

from . import people_views

urlpatterns = [
    path("people/", people_views.PeopleView.as_view(), name="people"),
    path("people/<int:pk>/role/", people_views.PersonRoleView.as_view(), name="person_role"),
    path(
        "people/<int:pk>/deactivate/",
        people_views.PersonDeactivateView.as_view(),
        name="person_deactivate",
    ),
    path(
        "people/<int:pk>/reactivate/",
        people_views.PersonReactivateView.as_view(),
        name="person_reactivate",
    ),
    # Inviting, and the pages an invitee and a newcomer signing up see.
    path("", include("team.invitation_urls")),
]
