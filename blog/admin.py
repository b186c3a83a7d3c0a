from django.contrib import admin

from .models import Category, Post, Tag


@admin.register(Category, Tag)
class NamedSlugAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "category", "status", "published_at"]
    list_filter = ["status", "category", "tags"]
    list_select_related = ["author", "category"]
    search_fields = ["title", "body"]
    readonly_fields = ["slug", "published_at", "created", "updated"]
    autocomplete_fields = ["author", "category", "tags"]
