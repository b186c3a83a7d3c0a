"""Preview: the post as readers will see it, drawn from the editor's form and never saved."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from blog.meta import reading_minutes
from blog.models import Post

from .forms import PostForm
from .mixins import DashboardPageMixin


class PostPreviewView(DashboardPageMixin, PermissionRequiredMixin, TemplateView):
    """The editor's Preview button posts its form here (in a new tab: no JavaScript needed);
    the live preview beside the text (static/js/editor.js) asks for the article alone, with
    the header `X-Preview: article`."""

    http_method_names = ["post"]
    permission_required = "blog.add_post"

    @property
    def live(self) -> bool:
        return self.request.headers.get("X-Preview") == "article"

    def get_template_names(self) -> list[str]:
        return ["cadmin/_preview_article.html" if self.live else "cadmin/post_preview.html"]

    def post(self, request, pk: int | None = None):
        post = (
            get_object_or_404(Post.objects.editable_by(request.user), pk=pk)
            if pk
            else Post(author=request.user)
        )
        form = PostForm(request.POST, instance=post, user=request.user)
        form.fields.pop("version", None)  # a preview changes nothing, whatever version it saw
        if not form.is_valid():
            # Beside the text, a post half written is no error: the pane says what it needs.
            return self.render_to_response({"form": form}, status=200 if self.live else 400)
        preview = form.instance  # filled in by validation; never saved
        if preview.is_published and preview.published_at is None:
            preview.published_at = timezone.now()
        preview.render()
        context = {
            "post": preview,
            "tags": form.cleaned_data["tags"],
            "preview": True,
            "reading_minutes": reading_minutes(preview.body),
        }
        return self.render_to_response(context)
