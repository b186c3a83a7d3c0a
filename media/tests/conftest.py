import pytest


@pytest.fixture(autouse=True)
def media_storage(settings, tmp_path):
    """Each test's files in a folder of its own, as the site keeps them under var/media/."""
    folder = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder},
        },
    }
    return folder


def stored_files(folder) -> list:
    return sorted(path for path in folder.rglob("*") if path.is_file())
