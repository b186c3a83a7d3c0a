"""Images as readers fetch them (tgdb/urls.py): an image's address and its files."""

from django.urls import path

from . import serving

KEY = "<str:key>"

urlpatterns = [
    path(f"images/{KEY}/<str:name>", serving.media_file, name="media_file"),
    path(f"{KEY}/", serving.image_address, name="media_image"),
]
