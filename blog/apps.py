from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (keeps cached reader pages in step with content)
