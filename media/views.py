"""The media library in the dashboard: the grid, uploading, and an image's description.

Every role that writes may upload (team/roles.py); contributors and authors see their own
uploads, editors and administrators everyone's, and anyone else's image is a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import DetailView, ListView, UpdateView, View

from accounts.pages import SignedInPageMixin

from . import trash
from .forms import ACCEPTED_TYPES, DescriptionForm, ImageForm
from .models import Image, Rendition, file_url, thumbnails
from .processing import crop_preview_again
from .uploading import Described, Refused, accept, refuse_oversized_request

IMAGES_PER_PAGE = 40
MOST_FILES_AT_ONCE = 20


class LibraryMixin(SignedInPageMixin, PermissionRequiredMixin):
    permission_required = "blog.add_post"

    def get_queryset(self):
        return Image.objects.live().visible_to(self.request.user).select_related("uploader")


class LibraryView(LibraryMixin, ListView):
    template_name = "media/library.html"
    context_object_name = "images"
    paginate_by = IMAGES_PER_PAGE

    def get_queryset(self):
        # Where each is used (the posts whose body shows it, blog's Post.images), and the
        # smallest WebP rendition as its thumbnail.
        images = super().get_queryset().prefetch_related("posts", thumbnails())
        query = self.request.GET.get("q", "").strip()
        if query:
            images = images.filter(Q(alt__icontains=query) | Q(original_name__icontains=query))
        return images

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.request.GET.get("q", "").strip(),
            description_form=kwargs.pop("description_form", DescriptionForm()),
            most_files=MOST_FILES_AT_ONCE,
            accepted_types=ACCEPTED_TYPES,
            **kwargs,
        )


class UploadView(LibraryView):
    """POST `file` (one or several) with `alt` and `decorative`: JSON when asked for with
    `Accept: application/json`, else back to the library."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs) -> HttpResponse:
        wants_json = "application/json" in request.headers.get("Accept", "")
        try:
            refuse_oversized_request(_content_length(request), MOST_FILES_AT_ONCE)
            form = DescriptionForm(request.POST)
            if not form.is_valid():
                raise Refused(" ".join(m for ms in form.errors.values() for m in ms))
            files = request.FILES.getlist("file")
            if len(files) > MOST_FILES_AT_ONCE:
                raise Refused(f"Upload at most {MOST_FILES_AT_ONCE} pictures at once.")
            described = Described(form.cleaned_data["alt"], form.cleaned_data["decorative"])
            images = accept(request.user, files, described)
        except Refused as refused:
            if wants_json:
                return JsonResponse({"error": refused.message}, status=refused.status)
            return self.refused_page(refused)
        if wants_json:
            return JsonResponse({"images": [as_json(image) for image in images]}, status=201)
        count = len(images)
        messages.success(
            request,
            "Picture uploaded." if count == 1 else f"{count} pictures uploaded.",
        )
        return redirect("media_library")

    def refused_page(self, refused: Refused) -> HttpResponse:
        self.object_list = self.get_queryset()
        context = self.get_context_data(
            description_form=DescriptionForm(self.request.POST), upload_error=refused.message
        )
        return self.render_to_response(context, status=refused.status)


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def as_json(image: Image) -> dict:
    return {
        "id": image.pk,
        "url": image.get_absolute_url(),
        "width": image.width,
        "height": image.height,
        "alt": image.alt,
        "decorative": image.decorative,
        "markdown": image.markdown(),
        "status": image.status,
        "edit_url": reverse("media_edit", args=[image.pk]),
    }


class ImageUpdateView(LibraryMixin, UpdateView):
    template_name = "media/image_form.html"
    form_class = ImageForm
    context_object_name = "image"
    success_url = reverse_lazy("media_library")

    def get_context_data(self, **kwargs):
        preview = self.object.renditions.filter(purpose=Rendition.Purpose.PREVIEW).first()
        link_preview = preview and {
            "url": file_url(preview.file),
            "width": preview.width,
            "height": preview.height,
        }
        return super().get_context_data(link_preview=link_preview, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        if {"focal_x", "focal_y"} & set(form.changed_data) and self.object.is_ready:
            pk = self.object.pk
            transaction.on_commit(lambda: crop_preview_again.enqueue(pk))
        messages.success(self.request, "Picture updated.")
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ImageDeleteView(LibraryMixin, DetailView):
    """To the trash, unless a published post shows the picture: then 409, naming the posts."""

    template_name = "media/image_confirm_delete.html"
    context_object_name = "image"

    def get_context_data(self, **kwargs):
        if "shown_in" not in kwargs:  # a refused delete has just looked them up
            kwargs["shown_in"] = list(trash.published_posts_showing(self.object))
        return super().get_context_data(trash_days=settings.TGDB_TRASH_DAYS, **kwargs)

    def post(self, request, *args, **kwargs) -> HttpResponse:
        self.object = image = self.get_object()
        try:
            trash.move_to_trash(image)
        except trash.InUse as in_use:
            titles = ", ".join(f"“{post.title}”" for post in in_use.posts)
            messages.error(
                request,
                f"Not deleted: published posts show this picture ({titles}). "
                "Take it out of them first, or unpublish them.",
            )
            context = self.get_context_data(shown_in=in_use.posts)
            return self.render_to_response(context, status=409)
        messages.success(
            request,
            f"“{image}” moved to the trash. You can restore it from there for "
            f"{settings.TGDB_TRASH_DAYS} days.",
        )
        return redirect("media_library")


class ImageRestoreView(LibraryMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int) -> HttpResponse:
        trashed = Image.objects.trashed().visible_to(request.user)
        image = get_object_or_404(trashed, pk=pk)
        trash.restore(image)
        messages.success(request, f"“{image}” is back in the library.")
        return redirect("media_library")
