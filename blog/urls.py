from django.urls import path

from . import account_views, views

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("<int:pk>/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("category/<slug:slug>/", views.PostsInCategoryView.as_view(), name="post_by_category"),
    path("tag/<slug:slug>/", views.PostsWithTagView.as_view(), name="post_by_tag"),
    path("login/", account_views.sign_in, name="blog_login"),
    path("logout/", account_views.sign_out, name="blog_logout"),
    path("admin_page/", account_views.account, name="admin_page"),
]
