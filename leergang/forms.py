from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    """Login by e-mail address; the field keeps Django's name 'username' for the lock-out."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match. Note that the password is "
            "case-sensitive."
        ),
        "inactive": _("This account is inactive."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class EnrolOneForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"))


class EnrolCsvForm(forms.Form):
    csv_file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "A first line with column names, at least 'naam' and 'e-mail' (or 'voornaam', "
            "'achternaam', 'e-mail'); comma or semicolon separated."
        ),
    )

    def clean_csv_file(self):
        f = self.cleaned_data["csv_file"]
        if not f.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Choose a .csv file."))
        return f
