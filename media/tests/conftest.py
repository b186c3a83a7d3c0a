import pytest


@pytest.fixture(autouse=True)
def media_storage(settings, tmp_path):
    """Each test's files in a folder of its own, as the site keeps them under var/media/."""
    folder = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {**settings.STORAGES["default"].get("OPTIONS", {}), "location": folder},
        },
    }
    return folder


def stored_files(folder) -> list:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def uploaded(user, data: bytes, name: str = "x.jpg", alt: str = "A flag", process: bool = True):
    """An image `user` uploaded as `name`, its files made by the task unless `process` is off."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from media.processing import prepare_image
    from media.uploading import Described, accept

    (image,) = accept(user, [SimpleUploadedFile(name, data)], Described(alt, False))
    if process:
        prepare_image.call(image.pk)
        image.refresh_from_db()
    return image
