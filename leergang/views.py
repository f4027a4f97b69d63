from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.staticfiles import finders
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .forms import EmailAuthenticationForm, EnrolCsvForm, EnrolOneForm
from .models import Cohort


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for without reading our <link>s."""
    icon = open(finders.find("icons/favicon.ico"), "rb")  # noqa: SIM115 (FileResponse closes it)
    response = FileResponse(icon, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True


class InvitationConfirmView(auth_views.PasswordResetConfirmView):
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
        context["cohorts"] = (
            Cohort.objects.followed_by(user).prefetch_related("sessions", "trainers")
            if user.is_participant
            else Cohort.objects.none()
        )
        context["trained_cohorts"] = Cohort.objects.trained_by(user)
        panels = []
        for fn in hooks.get_hooks("construct_dashboard_panels"):
            fn(self.request, panels)
        context["panels"] = sorted(panels, key=lambda p: getattr(p, "order", 100))
        return context


class EnrolView(WagtailAdminTemplateMixin, TemplateView):
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

    def dispatch(self, request, pk):
        if not request.user.has_perm("leergang.add_enrolment"):
            return permission_denied(request)
        self.cohort = get_object_or_404(Cohort, pk=pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("one_form", EnrolOneForm())
        context.setdefault("csv_form", EnrolCsvForm())
        context["cohort"] = self.cohort
        context["enrolments"] = self.cohort.enrolments.select_related("user")
        return context

    def post(self, request, pk):
        base_url = request.build_absolute_uri("/")
        if "csv_file" in request.FILES or request.POST.get("action") == "csv":
            form = EnrolCsvForm(request.POST, request.FILES)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(csv_form=form))
            report = services.enrol_from_csv(
                self.cohort, form.cleaned_data["csv_file"].read(), base_url
            )
            if report.fatal:
                form.add_error("csv_file", report.fatal)
                return self.render_to_response(self.get_context_data(csv_form=form))
            return self.render_to_response(self.get_context_data(report=report))
        form = EnrolOneForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(one_form=form))
        enrolment, created = services.enrol(
            self.cohort,
            form.cleaned_data["email"],
            form.cleaned_data["first_name"],
            form.cleaned_data["last_name"],
        )
        if created:
            services.send_invitation(enrolment, base_url)
            messages.success(
                request,
                _("%(name)s is enrolled and has been sent an invitation.")
                % {"name": enrolment.user},
            )
        else:
            messages.warning(
                request,
                _("%(name)s was already enrolled in this cohort.") % {"name": enrolment.user},
            )
        return redirect("leergang_enrol", pk=self.cohort.pk)
