"""Pictures chosen in the editor's file fields, taken into the media library as the post is
saved: those for the body are added at the end of its text (with JavaScript they are uploaded
at once and placed at the cursor instead), and a new featured image becomes the post's."""

from django.http import QueryDict

from media.uploading import Described, Refused, accept


def attach_pictures(form, user) -> Refused | None:
    """Upload what the form carries and write it into the form's data and the post; the first
    refusal, its message on its field, if a file is not taken. What was taken before it stays
    in the form's data, so the page drawn again shows it."""
    for field, attach in (("featured_upload", _featured), ("pictures", _in_body)):
        if form.cleaned_data.get(field):
            try:
                attach(form, user)
            except Refused as refused:
                form.add_error(field, refused.message)
                return refused
    return None


def _featured(form, user) -> None:
    cleaned = form.cleaned_data
    described = Described(cleaned.get("featured_alt", ""), False)
    (image,) = accept(user, [cleaned["featured_upload"]], described)
    cleaned["featured_image"] = form.instance.featured_image = image
    _write(form, featured_image=str(image.pk), featured_alt="")


def _in_body(form, user) -> None:
    cleaned = form.cleaned_data
    images = accept(user, cleaned["pictures"], Described(cleaned.get("pictures_alt", ""), False))
    body = with_pictures_added(cleaned["body"], [image.markdown() for image in images])
    cleaned["body"] = form.instance.body = body
    _write(form, body=body, pictures_alt="")


def with_pictures_added(body: str, markdown: list[str]) -> str:
    """`body` with each picture as a paragraph of its own at its end."""
    return "\n\n".join([body.rstrip(), *markdown]).lstrip() + "\n"


def _write(form, **values: str) -> None:
    data: QueryDict = form.data.copy()
    for name, value in values.items():
        data[name] = value
    form.data = data
