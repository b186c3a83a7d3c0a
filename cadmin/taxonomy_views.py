"""Categories and tags: one set of views serves both, since they share their shape."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.urls import reverse_lazy
from django.views.generic import CreateView, ListView, UpdateView

from blog.models import Category, Tag
from keptforms.mixins import KeepsFormAcrossSignIn

from .mixins import DashboardPageMixin

ITEMS_PER_PAGE = 50


class TaxonomyMixin(DashboardPageMixin, PermissionRequiredMixin):
    """Configured per kind: the model and the URL names of its pages. Editors and
    administrators manage them (team/roles.py); anyone else signed in gets a 403."""

    fields = ["name", "slug"]
    kind = ""
    kind_plural = ""
    list_url_name = ""
    add_url_name = ""
    update_url_name = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kind=self.kind,
            kind_plural=self.kind_plural,
            list_url_name=self.list_url_name,
            add_url_name=self.add_url_name,
            update_url_name=self.update_url_name,
            **kwargs,
        )

    def get_permission_required(self):
        return [f"blog.change_{self.model._meta.model_name}"]

    def get_success_url(self):
        return reverse_lazy(self.list_url_name)


class TaxonomyListView(TaxonomyMixin, ListView):
    template_name = "cadmin/taxonomy_list.html"
    context_object_name = "items"
    paginate_by = ITEMS_PER_PAGE


class TaxonomyCreateView(KeepsFormAcrossSignIn, TaxonomyMixin, SuccessMessageMixin, CreateView):
    template_name = "cadmin/taxonomy_form.html"

    def get_success_message(self, cleaned_data):
        return f"{self.kind} added."


class TaxonomyUpdateView(KeepsFormAcrossSignIn, TaxonomyMixin, SuccessMessageMixin, UpdateView):
    template_name = "cadmin/taxonomy_form.html"

    def get_success_message(self, cleaned_data):
        return f"{self.kind} updated."


CATEGORY = {
    "model": Category,
    "kind": "Category",
    "kind_plural": "Categories",
    "list_url_name": "category_list",
    "add_url_name": "category_add",
    "update_url_name": "category_update",
}
TAG = {
    "model": Tag,
    "kind": "Tag",
    "kind_plural": "Tags",
    "list_url_name": "tag_list",
    "add_url_name": "tag_add",
    "update_url_name": "tag_update",
}
