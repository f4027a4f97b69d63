from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from . import email_change, throttle
from .links import site_url
from .models import normalize_email


class EmailAuthenticationForm(AuthenticationForm):
    """Login by e-mail address; the field keeps Django's name 'username' for the lock-out."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    # One message for a wrong password, an unknown address and a deactivated account, so the
    # form does not tell who has an account.
    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match. Note that the password is "
            "case-sensitive."
        ),
        "inactive": _(
            "This e-mail address and password do not match. Note that the password is "
            "case-sensitive."
        ),
    }

    def clean_username(self):
        return normalize_email(self.cleaned_data["username"])


class EmailPasswordResetForm(PasswordResetForm):
    """Django's reset form, with our e-mail normalisation and links on the site's address."""

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def get_users(self, email):
        # Also accounts without a password yet: an invitee whose link expired is told to use
        # "Forgot your password?", and this link lets them choose one just like the invitation.
        return get_user_model()._default_manager.filter(
            email=normalize_email(email), is_active=True
        )

    def save(self, **kwargs):
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        kwargs["domain_override"] = base.netloc
        kwargs["use_https"] = base.scheme == "https"
        kwargs["extra_email_context"] = {
            **(kwargs.get("extra_email_context") or {}),
            "site_url": site_url(),
        }
        return super().save(**kwargs)


class EmailChangeForm(forms.Form):
    """The login e-mail on the Wagtail account page: a new address is only used once confirmed.

    Built like Wagtail's account-panel forms (data, files, prefix) with the user and request.
    """

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_(
            "You log in with this address. A new address is only used after you follow the "
            "link we send to it."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, data=None, files=None, *, user, request=None, **kwargs):
        super().__init__(data, files, **kwargs)
        self.user = user
        self.request = request
        self.fields["email"].initial = user.email

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if email == self.user.email:
            return email
        if email_change.address_taken(email, self.user):
            raise forms.ValidationError(
                _("This e-mail address is already in use by another account."), code="taken"
            )
        if throttle.exhausted("email-change", self.user.pk):
            raise forms.ValidationError(
                _("You asked to change your e-mail address too often. Try again in an hour."),
                code="throttled",
            )
        return email

    def save(self):
        email = self.cleaned_data["email"]
        if email == self.user.email or not throttle.hit("email-change", self.user.pk):
            return
        email_change.request_change(self.user, email)
        if self.request is not None:
            messages.info(
                self.request,
                _(
                    "We sent a link to %(email)s. Your e-mail address changes only when you "
                    "follow that link."
                )
                % {"email": email},
            )


class EnrolOneForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"))

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])


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
