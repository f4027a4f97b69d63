"""Who may download a CMS image or document: one rule for Wagtail's files.

Module content is for enrolled participants, trainers, guild members and administrators, and
so are the images and resource documents in it. A file is readable by ``user`` when

- ``user`` may choose or change it in the Wagtail admin (its uploader, the editors of its
  collection, administrators);
- it is in a module page whose content ``user`` may read (``ModulePage.objects.visible_to``)
  or may edit (an editor previewing a draft); the module is found through Wagtail's
  ``ReferenceIndex`` (resource and image blocks, document links in rich text);
- or an app's ``media_visible_to`` hook says so (``fn(user, obj) -> bool``; stories: the
  images of a published story are public).

Everything else is not found (404), so that ids and file names cannot be probed.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.views import View
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex
from wagtail.permissions import policy_registry

from leergang.files import cms_file_response
from leergang.ids import as_pks

from .models import ModulePage

VISIBLE_HOOK = "media_visible_to"


def referencing_modules(obj):
    """The module pages whose content refers to ``obj`` (an image or a document)."""
    # object_id is text (it holds any model's key): compared as numbers in Python, which
    # PostgreSQL would not do in a subquery.
    ids = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(obj),
        to_object_id=str(obj.pk),
        content_type=ContentType.objects.get_for_model(ModulePage),
    ).values_list("object_id", flat=True)
    return ModulePage.objects.filter(pk__in=as_pks(ids))


def index_module_files(sender, instance, **kwargs):
    """On publishing a module, record its files in the reference index at once: Wagtail does
    it in a background task, and until the worker ran, the module's new resources would be
    404 for its readers."""
    ReferenceIndex.create_or_update_for_object(instance)


def _in_visible_module(user, obj):
    modules = referencing_modules(obj)
    if modules.filter(pk__in=ModulePage.objects.visible_to(user).values("pk")).exists():
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return any(page.permissions_for_user(user).can_edit() for page in modules.specific())


def _in_admin_scope(user, obj):
    if not getattr(user, "is_authenticated", False):
        return False
    policy = policy_registry.get_by_type(type(obj))
    return policy.user_has_any_permission_for_instance(user, ["choose", "change"], obj)


def is_visible_to(user, obj):
    """May ``user`` download this image or document (the rule above)?"""
    if _in_admin_scope(user, obj) or _in_visible_module(user, obj):
        return True
    return any(fn(user, obj) for fn in hooks.get_hooks(VISIBLE_HOOK))


def is_public(obj):
    return is_visible_to(AnonymousUser(), obj)


def _stored_under(name):
    """(object, file) of the document, image or rendition stored under ``name``, or None.
    Wagtail stores them below documents/, original_images/ and images/."""
    Image = get_image_model()
    folder = name.split("/", 1)[0]
    if folder == "documents":
        document = get_document_model().objects.filter(file=name).first()
        return document and (document, document.file)
    if folder == "original_images":
        image = Image.objects.filter(file=name).first()
        return image and (image, image.file)
    if folder == "images":
        renditions = Image.get_rendition_model().objects.select_related("image")
        rendition = renditions.filter(file=name).first()
        return rendition and (rendition.image, rendition.file)
    return None


class MediaView(View):
    """``/media/<path>``: every Wagtail file by the rule above. Documents are downloads that
    stay private in caches; images show in the page, and are cached publicly when public."""

    def get(self, request, path):
        found = _stored_under(path)
        if found is None:
            raise Http404
        obj, file = found
        if isinstance(obj, get_document_model()):
            if not is_visible_to(request.user, obj):
                raise Http404
            return cms_file_response(
                file, filename=obj.filename, content_type=obj.content_type, attachment=True
            )
        public = is_public(obj)
        if not public and not is_visible_to(request.user, obj):
            raise Http404
        filename = path.rsplit("/", 1)[-1]
        return cms_file_response(file, filename=filename, attachment=False, public=public)

    def post(self, request, path):
        # A POST is answered like a GET, as it always was here (the authorization matrix).
        return self.get(request, path)


def check_document(document, request):
    """Wagtail's document view (``/documents/<id>/<name>``) sends readers on to the file's
    address under /media/ (``WAGTAILDOCS_SERVE_METHOD = "direct"``); anyone else: 404."""
    if not is_visible_to(request.user, document):
        raise Http404
