from django.urls import path

from . import auth_views, post_views, views
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
    path("posts/", post_views.PostListView.as_view(), name="cadmin_post_list"),
    path("post/add/", post_views.PostCreateView.as_view(), name="post_add"),
    path("post/update/<int:pk>/", post_views.PostUpdateView.as_view(), name="post_update"),
    path("post/delete/<int:pk>/", post_views.PostDeleteView.as_view(), name="post_delete"),
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
