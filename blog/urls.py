from django.contrib.sitemaps.views import sitemap
from django.urls import path

from mfa.views.second_step import SecondStepView

from . import account_views, search_views, views
from .feeds import AuthorFeed, CategoryFeed, LatestPostsFeed, TagFeed, atom
from .page_cache import anonymous_page_cache
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("<int:pk>/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("category/<slug:slug>/", views.PostsInCategoryView.as_view(), name="post_by_category"),
    path("tag/<slug:slug>/", views.PostsWithTagView.as_view(), name="post_by_tag"),
    path("author/<str:username>/", views.PostsByAuthorView.as_view(), name="post_by_author"),
    path("search/", search_views.SearchView.as_view(), name="search"),
    path(
        "sitemap.xml",
        anonymous_page_cache(sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("feed/", anonymous_page_cache(LatestPostsFeed()), name="feed"),
    path("feed/atom/", anonymous_page_cache(atom(LatestPostsFeed)()), name="feed_atom"),
    path("category/<slug:slug>/feed/", anonymous_page_cache(CategoryFeed()), name="category_feed"),
    path(
        "category/<slug:slug>/feed/atom/",
        anonymous_page_cache(atom(CategoryFeed)()),
        name="category_feed_atom",
    ),
    path("tag/<slug:slug>/feed/", anonymous_page_cache(TagFeed()), name="tag_feed"),
    path(
        "tag/<slug:slug>/feed/atom/",
        anonymous_page_cache(atom(TagFeed)()),
        name="tag_feed_atom",
    ),
    path("author/<str:username>/feed/", anonymous_page_cache(AuthorFeed()), name="author_feed"),
    path(
        "author/<str:username>/feed/atom/",
        anonymous_page_cache(atom(AuthorFeed)()),
        name="author_feed_atom",
    ),
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
