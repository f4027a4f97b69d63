from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files that have no public URL: they are only served by views that check access."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")
