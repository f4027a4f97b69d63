"""The notification centre: the list, opening one (marks it read), marking read, settings."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from leergang.permissions import LoginRequired404Mixin

from . import api, kinds
from .forms import PreferencesForm
from .models import Notification

PAGE_SIZE = 25


def _back(request, default="notifications:list"):
    """Where a 'mark read' form came from, if it is ours; else the centre."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


class NotificationListView(LoginRequired404Mixin, ListView):
    """/meldingen/: newest first, unread ones marked; ?ongelezen=1 shows only those."""

    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = PAGE_SIZE

    @property
    def only_unread(self):
        return self.request.GET.get("ongelezen") == "1"

    def paginate_queryset(self, queryset, page_size):
        # A page number out of range or not a number shows the nearest page, never a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_queryset(self):
        qs = Notification.objects.owned_by(self.request.user).select_related("actor")
        return qs.unread() if self.only_unread else qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["only_unread"] = self.only_unread
        context["unread_count"] = Notification.objects.owned_by(self.request.user).unread().count()
        return context


class OpenView(LoginRequired404Mixin, View):
    """GET: mark read and go to the thing itself. Someone else's notification is a 404."""

    def get(self, request, pk):
        notification = get_object_or_404(Notification.objects.owned_by(request.user), pk=pk)
        Notification.objects.filter(pk=notification.pk).mark_read()
        if not api.is_local_path(notification.target_url):
            return redirect("notifications:list")
        return redirect(notification.target_url)


class MarkReadView(LoginRequired404Mixin, View):
    def post(self, request, pk):
        notification = get_object_or_404(Notification.objects.owned_by(request.user), pk=pk)
        Notification.objects.filter(pk=notification.pk).mark_read()
        return _back(request)


class MarkAllReadView(LoginRequired404Mixin, View):
    def post(self, request):
        count = Notification.objects.owned_by(request.user).mark_read()
        if count:
            messages.success(request, _("All notifications are marked as read."))
        return _back(request)


class PreferencesView(LoginRequired404Mixin, FormView):
    """/meldingen/instellingen/: per kind, in the site only, e-mail at once or a daily digest."""

    template_name = "notifications/preferences.html"

    def get_form(self, form_class=None):
        return PreferencesForm(
            **self.get_form_kwargs(),
            kinds=kinds.for_user(self.request.user),
            current=api.preferences(self.request.user),
        )

    def form_valid(self, form):
        api.set_preferences(self.request.user, form.cleaned_data)
        messages.success(self.request, _("Your choices are saved."))
        return redirect("notifications:preferences")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
