from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag


class StoryFilterForm(forms.Form):
    """Search and filters of the public stories index. Choices come from published stories
    only, so a draft's tag or place never shows up; an unknown value gives an empty list."""

    q = forms.CharField(label=_("Search stories"), required=False, max_length=200)
    tag = forms.CharField(label=_("Theme"), required=False, max_length=100)
    place = forms.CharField(label=_("Place"), required=False, max_length=120)

    def __init__(self, *args, stories, **kwargs):
        super().__init__(*args, **kwargs)
        self.stories = stories
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})

    def tag_choices(self):
        return (
            Tag.objects.filter(stories_storypagetag_items__content_object__in=self.stories)
            .distinct()
            .order_by("name")
        )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean_tag(self):
        return self.cleaned_data["tag"].strip()

    def clean_place(self):
        return self.cleaned_data["place"].strip()
