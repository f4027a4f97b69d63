"""Wagtail admin side of data rights: erasing a participant, and the register of processing
(*Verwerkingsregister*) generated from the privacy providers' ``describe()``.

Administrators find both under Settings. Erasure: look a participant up by e-mail address, see
every row and file that would go (the providers' dry-run plan), tick that it cannot be undone,
erase. ``manage.py erase_participant`` does the same from the command line."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import privacy
from .permissions import AdminAdministratorRequiredMixin, is_administrator, is_course_staff


def erasable_participant(email):
    """The account to erase for this address, or a Dutch reason why not."""
    user = get_user_model().objects.filter(email__iexact=(email or "").strip()).first()
    if user is None:
        return None, _("There is no account with this e-mail address.")
    if is_course_staff(user):
        return None, _("This is a trainer or administrator; only participants are erased here.")
    return user, None


class ErasureForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Participant's e-mail address"), max_length=254)
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that this cannot be undone."), required=False
    )

    def __init__(self, *args, confirming=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.confirming = confirming
        self.user = None

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        self.user, problem = erasable_participant(email)
        if problem:
            raise forms.ValidationError(problem)
        return email

    def clean_confirm(self):
        if self.confirming and not self.cleaned_data.get("confirm"):
            raise forms.ValidationError(_("Tick the box to confirm the erasure."))
        return self.cleaned_data.get("confirm")


class HomeBreadcrumbsMixin:
    """The header shows the page's own title after Home."""

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": self.get_page_title()},
        ]


class ErasureView(
    AdminAdministratorRequiredMixin, HomeBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "leergang/admin/erase_participant.html"
    page_title = gettext_lazy("Erase participant data")
    header_icon = "bin"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ErasureForm())
        return context

    def _preview(self, form, **extra):
        plan = privacy.plan_erasure(form.user)
        return {
            "form": form,
            "plan": plan,
            "user_label": f"{form.user.get_full_name()} <{form.user.email}>",
            "already_erased": plan.is_empty and privacy.is_erased(form.user),
            **extra,
        }

    def post(self, request):
        confirming = request.POST.get("action") == "erase"
        form = ErasureForm(request.POST, confirming=confirming)
        if not form.is_valid():
            context = self._preview(form) if form.user is not None else {"form": form}
            return self.render_to_response(self.get_context_data(**context), status=400)
        if not confirming:
            return self.render_to_response(self.get_context_data(**self._preview(form)))
        privacy.erase_user(form.user, by=request.user)
        messages.success(
            request,
            _("The data of %(email)s has been erased. The erasure is recorded in the log.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("leergang_erase_participant")


class RegisterView(
    AdminAdministratorRequiredMixin, HomeBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    """The register of processing (AVG art. 30), straight from the providers."""

    template_name = "leergang/admin/register.html"
    page_title = gettext_lazy("Register of processing")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["register"] = privacy.register()
        return context


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [
        path("erase-participant/", ErasureView.as_view(), name="leergang_erase_participant"),
        path("verwerkingsregister/", RegisterView.as_view(), name="leergang_privacy_register"),
    ]


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)


@hooks.register("register_settings_menu_item")
def register_erasure_menu_item():
    return AdministratorMenuItem(
        gettext_lazy("Erase participant data"),
        reverse("leergang_erase_participant"),
        icon_name="bin",
        order=900,
    )


@hooks.register("register_settings_menu_item")
def register_register_menu_item():
    return AdministratorMenuItem(
        gettext_lazy("Register of processing"),
        reverse("leergang_privacy_register"),
        icon_name="doc-full",
        order=910,
    )


@hooks.register("register_log_actions")
def register_data_rights_actions(actions):
    actions.register_action(
        "leergang.erase_participant",
        gettext_lazy("Participant data erased"),
        gettext_lazy("Erased the participant's personal data on request"),
    )
    actions.register_action(
        "leergang.retention",
        gettext_lazy("Retention applied"),
        gettext_lazy(
            "Deleted fieldwork attachments and anonymised entries after the retention period"
        ),
    )


class PrivacyPageView(TemplateView):
    """/privacy/: the public privacy statement, with the register from the providers."""

    template_name = "leergang/privacy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["register"] = privacy.register()
        return context
