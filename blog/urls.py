from django.urls import path

from mfa.views.second_step import SecondStepView

from . import account_views, views

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("<int:pk>/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("category/<slug:slug>/", views.PostsInCategoryView.as_view(), name="post_by_category"),
    path("tag/<slug:slug>/", views.PostsWithTagView.as_view(), name="post_by_tag"),
    path("author/<str:username>/", views.PostsByAuthorView.as_view(), name="post_by_author"),
    path("login/", account_views.sign_in, name="blog_login"),
    path(
        "login/verify/",
        SecondStepView.as_view(
            template_name="blog/login_verify.html", sign_in_url_name="blog_login"
        ),
        name="blog_login_verify",
    ),
    path("logout/", account_views.sign_out, name="blog_logout"),
    path("admin_page/", account_views.account, name="admin_page"),
]
