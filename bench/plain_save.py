"""The editor's save as it was before revisions and version checks: a plain UpdateView of the
post's fields, with the same template, success page and message. Only the bench's URLs mount it
(bench/urls.py): `post_save_plain` measures it, the baseline `post_save` is compared with."""

from django import forms
from django.contrib.messages.views import SuccessMessageMixin
from django.urls import reverse_lazy
from django.views.generic import UpdateView

from cadmin.forms import PostForm
from cadmin.post_views import EditablePostsMixin
from tgdb.forms import Jinja2RenderedForm


class PlainPostForm(Jinja2RenderedForm, forms.ModelForm):
    """PostForm's fields and widgets, without the version an edit now carries."""

    class Meta(PostForm.Meta):
        pass


class PlainPostUpdateView(EditablePostsMixin, SuccessMessageMixin, UpdateView):
    form_class = PlainPostForm
    template_name = "cadmin/post_form.html"
    success_url = reverse_lazy("cadmin_post_list")
    success_message = "Post updated."
