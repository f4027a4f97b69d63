from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import RedirectView, TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import email_change, lockout, services, throttle
from .forms import EmailAuthenticationForm, EmailPasswordResetForm, EnrolCsvForm, EnrolOneForm
from .models import Cohort
from .permissions import AdminAccessMixin


class FaviconView(View):
    """/favicon.ico, which browsers and feed readers ask for without reading our <link>s."""

    http_method_names = ["get", "head"]

    def get(self, request):
        icon = open(finders.find("icons/favicon.ico"), "rb")  # noqa: SIM115 (FileResponse closes it)
        response = FileResponse(icon, content_type="image/x-icon")
        response["Cache-Control"] = "public, max-age=604800"
        return response


class LoginView(auth_views.LoginView):
    """The one login form of the site, also for the Wagtail admin (its login redirects here)."""

    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        # Someone logged in without admin access who is sent here from the admin would be
        # sent back and forth; show the form, so they can log in with another account.
        if request.user.is_authenticated and not self._may_open(self.get_success_url()):
            self.redirect_authenticated_user = False
            self.extra_context = {"no_access_as": request.user}
        return super().dispatch(request, *args, **kwargs)

    def _may_open(self, url):
        admin = reverse("wagtailadmin_home")
        return not url.startswith(admin) or self.request.user.has_perm("wagtailadmin.access_admin")

    def post(self, request, *args, **kwargs):
        # Every POST counts, successful or not; the lock-out (django-axes) counts failures.
        if settings.AXES_ENABLED and not throttle.hit("login-ip", throttle.client_ip(request)):
            return self.too_many_attempts()
        return super().post(request, *args, **kwargs)

    def too_many_attempts(self):
        """The same page and status as a lock-out: it tells nobody which limit was reached."""
        return render(self.request, settings.AXES_LOCKOUT_TEMPLATE, status=429)


class _ToLoginView(RedirectView):
    """Another login path that leads to the one login form, coming back to ``next``."""

    def get_default_next(self):
        return "/"

    def get_redirect_url(self, *args, **kwargs):
        next_url = self.request.GET.get("next") or self.get_default_next()
        return redirect_to_login(next_url, login_url=resolve_url(settings.LOGIN_URL)).url


class AdminLoginView(_ToLoginView):
    """Wagtail's admin login: our own form, which comes back to where the admin sent you."""

    def get_default_next(self):
        return reverse("wagtailadmin_home")


class FrontendLoginView(_ToLoginView):
    """Wagtail's login for private pages: our own form as well."""


class AdminPasswordResetView(RedirectView):
    """Wagtail's password reset: the site's own."""

    pattern_name = "password_reset"


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link; the answer is the same page whether or not anything was sent.

    Limits: ``account-mail`` per e-mail address (shared with invitations) and ``reset-ip`` per
    client address; over either, nothing is sent and the same confirmation page follows.
    """

    form_class = EmailPasswordResetForm

    def form_valid(self, form):
        per_address = throttle.hit("account-mail", form.cleaned_data["email"])
        per_client = throttle.hit("reset-ip", throttle.client_ip(self.request))
        if per_address and per_client:
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password makes earlier guesses at the old one harmless: lift the lock-out.
        lockout.forget_failures_of(form.user)
        return response


class EmailChangeConfirmView(TemplateView):
    """The link in the e-mail to a new address: GET asks to confirm, POST changes the address.

    A GET changes nothing, so a mail scanner that opens links does not use up the link.
    """

    template_name = "registration/email_change_confirm.html"

    def dispatch(self, request, token):
        found = email_change.read_token(token)
        self.account, self.new_email = found or (None, "")
        return super().dispatch(request, token)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            valid=self.account is not None, new_email=self.new_email, **kwargs
        )

    def post(self, request, token):
        if self.account is None:
            return self.get(request, token)
        try:
            email_change.confirm_change(self.account, self.new_email)
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.messages[0]))
        return self.render_to_response(self.get_context_data(done=True))


class InvitationConfirmView(PasswordResetConfirmView):
    """Set a first password from the invitation link, then go straight to the dashboard."""

    template_name = "registration/invitation_confirm.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("dashboard")
    reset_url_token = "set-password"  # noqa: S105

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Welcome! Your password has been set."))
        return response


class DashboardView(LoginRequiredMixin, TemplateView):
    """'Mijn leergang': apps add their panels through the construct_dashboard_panels hook."""

    template_name = "leergang/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cohorts = (
            list(Cohort.objects.followed_by(user).prefetch_related("sessions", "trainers"))
            if user.is_participant
            else []
        )
        # The next sessions from the prefetched ones (Cohort.upcoming_sessions, without a query
        # per cohort).
        today = timezone.localdate()
        for cohort in cohorts:
            cohort.next_sessions = sorted(
                (s for s in cohort.sessions.all() if s.date >= today),
                key=lambda s: (s.date, s.start_time),
            )
        context["cohorts"] = cohorts
        context["trained_cohorts"] = Cohort.objects.trained_by(user)
        panels = []
        for fn in hooks.get_hooks("construct_dashboard_panels"):
            fn(self.request, panels)
        context["panels"] = sorted(panels, key=lambda p: getattr(p, "order", 100))
        return context


class EnrolView(AdminAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """Wagtail admin: enrol participants in a cohort, one by one or from a CSV file."""

    template_name = "leergang/admin/enrol.html"
    page_title = gettext_lazy("Enrol participants")
    header_icon = "group"

    def get_page_subtitle(self):
        return self.cohort.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailsnippets_leergang_cohort:list"), "label": _("Cohorts")},
            {"url": "", "label": self.get_page_title()},
        ]

    def has_access(self, user):
        return user.has_perm("leergang.add_enrolment")

    @cached_property
    def cohort(self):
        # Looked up after the access check: without the permission, no cohort is found or not.
        return get_object_or_404(Cohort, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("one_form", EnrolOneForm())
        context.setdefault("csv_form", EnrolCsvForm())
        context["cohort"] = self.cohort
        context["enrolments"] = self.cohort.enrolments.select_related("user")
        return context

    def post(self, request, pk):
        if "csv_file" in request.FILES or request.POST.get("action") == "csv":
            form = EnrolCsvForm(request.POST, request.FILES)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(csv_form=form))
            report = services.enrol_from_csv(self.cohort, form.cleaned_data["csv_file"].read())
            if report.fatal:
                form.add_error("csv_file", report.fatal)
                return self.render_to_response(self.get_context_data(csv_form=form))
            return self.render_to_response(self.get_context_data(report=report))
        form = EnrolOneForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(one_form=form))
        existing = services.existing_account(form.cleaned_data["email"])
        try:
            enrolment, created = services.enrol(
                self.cohort,
                form.cleaned_data["email"],
                form.cleaned_data["first_name"],
                form.cleaned_data["last_name"],
            )
        except services.EnrolmentRefused as exc:
            form.add_error("email", _("Not enrolled: %(reason)s.") % {"reason": exc.reason})
            return self.render_to_response(self.get_context_data(one_form=form))
        self._report_one(enrolment, created, existing)
        return redirect("leergang_enrol", pk=self.cohort.pk)

    def _report_one(self, enrolment, created, existing):
        name = enrolment.user
        if not created:
            messages.warning(
                self.request, _("%(name)s was already enrolled in this cohort.") % {"name": name}
            )
            return
        invited = services.send_invitation(enrolment)
        if existing is not None:
            text = _(
                "%(name)s already had an account (%(role)s) and is now enrolled in this cohort."
            ) % {"name": name, "role": services.account_role(existing)}
        else:
            text = _("%(name)s is enrolled with a new account.") % {"name": name}
        if invited:
            messages.success(self.request, f"{text} {_('An e-mail has been sent.')}")
        else:
            messages.warning(
                self.request,
                f"{text} "
                + _("No e-mail was sent: this address had too many e-mails in the past hour."),
            )
