"""Wagtail admin side of data rights: the erasure view and the audit-log actions.

Administrators find *Erase participant data* under Settings. They look a participant up by
e-mail address, see what would be erased, tick that they understand it cannot be undone, and
erase. ``manage.py erase_participant`` does the same from the command line.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import erasure


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
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("There is no account with this e-mail address."))
        if user.is_administrator or user.is_trainer:
            raise forms.ValidationError(
                _("This is a trainer or administrator; only participants are erased here.")
            )
        self.user = user
        return email

    def clean_confirm(self):
        if self.confirming and not self.cleaned_data.get("confirm"):
            raise forms.ValidationError(_("Tick the box to confirm the erasure."))
        return self.cleaned_data.get("confirm")


def plan_rows(plan):
    return [
        (_("Portfolios emptied"), plan.portfolios),
        (_("Fieldwork entries deleted"), plan.entries),
        (_("Attachments deleted (files too)"), plan.attachments),
        (_("Values reflections deleted"), plan.reflections),
        (_("Real names deleted"), plan.real_names),
        (_("Shares deleted"), plan.shares),
        (_("Cached PDFs and exports deleted"), plan.cached_pdfs),
        (_("Module sections of progress deleted"), plan.progress),
        (_("Submissions kept without content"), plan.submissions),
        (_("Story credits changed to 'Oud-deelnemer'"), plan.story_credits),
    ]


class ErasureView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "portfolio/admin/erase_participant.html"
    page_title = gettext_lazy("Erase participant data")
    header_icon = "bin"

    def dispatch(self, request, *args, **kwargs):
        if not getattr(request.user, "is_administrator", False):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ErasureForm())
        return context

    def post(self, request):
        confirming = request.POST.get("action") == "erase"
        form = ErasureForm(request.POST, confirming=confirming)
        if not form.is_valid():
            context = {"form": form}
            if form.user is not None:
                plan = erasure.plan(form.user)
                context.update(plan=plan, rows=plan_rows(plan))
            return self.render_to_response(self.get_context_data(**context), status=400)
        plan = erasure.plan(form.user)
        if not confirming or plan.already_erased:
            return self.render_to_response(
                self.get_context_data(form=form, plan=plan, rows=plan_rows(plan))
            )
        erasure.erase(form.user, by=request.user)
        messages.success(
            request,
            _("The data of %(email)s has been erased. The erasure is recorded in the log.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("portfolio_erase_participant")


@hooks.register("register_admin_urls")
def register_erasure_url():
    return [path("erase-participant/", ErasureView.as_view(), name="portfolio_erase_participant")]


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return getattr(request.user, "is_administrator", False)


@hooks.register("register_settings_menu_item")
def register_erasure_menu_item():
    return AdministratorMenuItem(
        gettext_lazy("Erase participant data"),
        reverse("portfolio_erase_participant"),
        icon_name="bin",
        order=900,
    )


@hooks.register("register_log_actions")
def register_data_rights_actions(actions):
    actions.register_action(
        "portfolio.erase_participant",
        gettext_lazy("Participant data erased"),
        gettext_lazy("Erased the participant's personal data on request"),
    )
    actions.register_action(
        "portfolio.retention",
        gettext_lazy("Retention applied"),
        gettext_lazy(
            "Deleted fieldwork attachments and anonymised entries after the retention period"
        ),
    )
