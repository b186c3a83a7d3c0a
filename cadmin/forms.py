from django import forms

from blog.models import Post


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["title", "body", "category", "tags", "status"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18}),
            "tags": forms.CheckboxSelectMultiple,
        }
