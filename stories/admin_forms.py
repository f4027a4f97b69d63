"""The story form in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

NOT_YOURS = _(
    "Choose one of your own images: this image is not in your image library. "
    "Upload it first, or pick another."
)


class StoryPageForm(WagtailAdminPageForm):
    """Only images the editor may choose go into a story. Wagtail's chooser offers just those,
    but the form would accept any image id in a crafted request, and a published story makes
    its images public."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("gallery_images")
        if formset is None or self.for_user is None:
            return cleaned_data
        choosable = policy_registry.get_by_type(
            get_image_model()
        ).instances_user_has_any_permission_for(self.for_user, ["choose"])
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            image = form.cleaned_data.get("image")
            kept = image is not None and form.initial.get("image") == image.pk
            if image is not None and not kept and not choosable.filter(pk=image.pk).exists():
                form.add_error("image", NOT_YOURS)
        return cleaned_data
