"""Writing posts: each author reaches only their own; a superuser reaches all."""

from django.contrib.messages.views import SuccessMessageMixin
from django.urls import reverse_lazy
from django.views.generic import CreateView, DeleteView, ListView, UpdateView

from blog.models import Post

from .forms import PostForm
from .mixins import DashboardPageMixin

POSTS_PER_PAGE = 20


class EditablePostsMixin(DashboardPageMixin):
    """Look posts up only among those the signed-in user may change: others are a 404."""

    def get_queryset(self):
        return Post.objects.editable_by(self.request.user).for_dashboard()


class PostListView(EditablePostsMixin, ListView):
    template_name = "cadmin/post_list.html"
    context_object_name = "posts"
    paginate_by = POSTS_PER_PAGE


class PostCreateView(DashboardPageMixin, SuccessMessageMixin, CreateView):
    model = Post
    form_class = PostForm
    template_name = "cadmin/post_form.html"
    success_url = reverse_lazy("cadmin_post_list")
    success_message = "Post added."

    def form_valid(self, form):
        form.instance.author = self.request.user
        return super().form_valid(form)


class PostUpdateView(EditablePostsMixin, SuccessMessageMixin, UpdateView):
    form_class = PostForm
    template_name = "cadmin/post_form.html"
    success_url = reverse_lazy("cadmin_post_list")
    success_message = "Post updated."


class PostDeleteView(EditablePostsMixin, SuccessMessageMixin, DeleteView):
    template_name = "cadmin/post_confirm_delete.html"
    context_object_name = "post"
    success_url = reverse_lazy("cadmin_post_list")
    success_message = "Post deleted."
