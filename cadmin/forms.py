from django import forms

from blog.models import Post
from tgdb.forms import Jinja2RenderedForm


class PostForm(Jinja2RenderedForm, forms.ModelForm):
    class Meta:
        model = Post
        fields = ["title", "body", "category", "tags", "status"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18}),
            "tags": forms.CheckboxSelectMultiple,
        }
