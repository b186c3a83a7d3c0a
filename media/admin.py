"""Django admin lists the pictures read-only: they are uploaded and changed in the dashboard's
media library, where every upload is checked and re-encoded (media/uploading.py)."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html

from .models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt", "uploader", "size", "dimensions", "status", "created"]
    list_select_related = ["uploader"]
    list_filter = ["status", "kind"]
    search_fields = ["alt", "original_name"]
    fields = [
        "thumbnail", "alt", "decorative", "uploader", "original_name", "kind", "dimensions",
        "size", "status", "failure", "created", "deleted_at",
    ]  # fmt: skip
    readonly_fields = fields

    @admin.display(description="Picture")
    def thumbnail(self, image: Image) -> str:
        if not image.is_ready:
            return image.get_status_display()
        return format_html(
            '<img src="{}" alt="{}" style="max-width:8rem;max-height:6rem" loading="lazy">',
            image.get_absolute_url(),
            image.alt,
        )

    @admin.display(description="Size")
    def size(self, image: Image) -> str:
        return filesizeformat(image.stored_bytes or image.uploaded_bytes)

    @admin.display(description="Dimensions")
    def dimensions(self, image: Image) -> str:
        return f"{image.width} × {image.height}"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("blog.edit_any_post")
