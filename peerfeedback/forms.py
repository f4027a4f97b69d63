from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

TEXT_MAX = 4000


def privacy_message(findings):
    found = ", ".join(f"“{f.text}”" for f in findings)
    return ngettext(
        "This looks like personal data of a resident: %(found)s. Leave it out or use a "
        "pseudonym (resident A); nothing was posted, your text is kept.",
        "These look like personal data of residents: %(found)s. Leave them out or use a "
        "pseudonym (resident A); nothing was posted, your text is kept.",
        len(findings),
    ) % {"found": found}


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Plain text; a link is made of a web address. The owner decides whether the "
            "comment goes into their PDF and whether their trainers see it."
        ),
    )

    def __init__(self, *args, prefix_id="", **kwargs):
        super().__init__(*args, **kwargs)
        if prefix_id:
            self.auto_id = f"id_{prefix_id}_%s"


class OwnerChoicesForm(forms.Form):
    in_pdf = forms.BooleanField(label=_("In my PDF"), required=False)
    visible_to_trainers = forms.BooleanField(label=_("My trainers may see it"), required=False)
    hidden = forms.BooleanField(
        label=_("Hide it"),
        required=False,
        help_text=_("Readers no longer see it; it is in no PDF and no trainer sees it."),
    )
