from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import Channel


class PreferencesForm(forms.Form):
    """One choice per kind of notification that can happen to this user."""

    def __init__(self, *args, kinds, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.help,
                choices=Channel.choices,
                initial=current.get(kind.key, kind.default),
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose how this kind of notification reaches you."),
                    "invalid_choice": _("Choose one of the three ways."),
                },
            )
