from django import forms
from django.utils.translation import gettext_lazy as _

TEXT_HELP = _(
    "Plain text: a blank line starts a paragraph, **bold**, *italic*, [text](https://…) and "
    "links. Mention someone with @ and their handle, e.g. @FennaV."
)


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        help_text=TEXT_HELP,
    )


class PostForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=TEXT_HELP,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
