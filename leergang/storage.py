"""Where files live: the local file system (the embedded default) or S3-compatible object storage.

Every file of the platform goes through one of two storage aliases (``settings.STORAGES``):
``default`` (CMS images and documents, served by the app under /media/ after its access check) and
``private`` (attachments, cached PDFs, export ZIPs: no URL at all, only access-checked views stream
them). With ``DJANGO_STORAGE=s3`` both live in buckets, so every app server and worker sees the same
files; nothing is ever handed out as a public or long-lived bucket URL.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files that have no public URL: they are only served by views that check access."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")


class MediaS3Storage(S3Storage):
    """CMS media in a bucket, still linked under MEDIA_URL: the app's /media/ view checks who may
    read a document and streams it, exactly as with files on disk."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"{settings.MEDIA_URL}{name.lstrip('/')}"


class PrivateS3Storage(S3Storage):
    """Private files in their own bucket: never a URL, presigned or not."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no public URL; serve them through a view.")


def is_local(storage):
    """Whether a storage keeps files on this machine's disk (folders exist and can be removed)."""
    return isinstance(storage, FileSystemStorage)
