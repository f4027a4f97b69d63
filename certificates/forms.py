from django import forms
from django.utils.translation import gettext_lazy as _

from .models import registration_number_validator


class RegistrationNumberForm(forms.Form):
    number = forms.CharField(
        label=_("Registerplein registration number"),
        required=False,
        max_length=40,
        help_text=_(
            "Optional. With it, the administrators can report your accreditation points to "
            "Registerplein. Leave it empty to remove it."
        ),
    )

    def clean_number(self):
        value = "".join(self.cleaned_data.get("number", "").split()).upper()
        if value:
            registration_number_validator(value)
        return value


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        error_messages={"required": _("Give the reason for revoking the certificate.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown on the public check and in the badge's revocation. Do not put personal "
            "details in it."
        ),
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data.get("reason", "").split())
        if not reason:
            raise forms.ValidationError(_("Give the reason for revoking the certificate."))
        return reason
