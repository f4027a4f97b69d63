"""The access mixins every portfolio view is built from.

Reading goes through ``visible_to`` (owner, the owner's trainers, those it is shared with,
administrators), writing only through ``owned_by`` (the participant themself); anything else is
a 404. Pages of one's own portfolio send an anonymous visitor to the login page
(``LoginRequired404Mixin``); a URL naming a particular entry, attachment or portfolio is a 404
for anyone who may not see it, signed in or not, so its existence is never confirmed.
"""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic.detail import SingleObjectMixin

from leergang.permissions import LoginRequired404Mixin
from modules.assignments import get_assignment

from ..models import Attachment, FieldworkEntry, Portfolio, ValuesReflection

PRIVACY_WARNING = gettext_lazy(
    "Saved. The privacy check found something that looks like personal data of "
    "residents; please have a look."
)
_ASSIGNMENT = re.compile(r"(\d{1,18})[:/]([\w-]{1,64})")


class OwnPortfolioMixin:
    """``self.own_portfolio``: the signed-in user's current portfolio, created on first use;
    None for anyone without an enrolment (and for anonymous visitors)."""

    @cached_property
    def own_portfolio(self):
        return Portfolio.objects.get_or_create_for(self.request.user)

    def get_own_portfolio(self):
        if self.own_portfolio is None:
            raise Http404
        return self.own_portfolio


class ParticipantRequiredMixin(OwnPortfolioMixin, LoginRequired404Mixin):
    """A page of one's own portfolio: anonymous visitors log in, users without one get a 404."""

    def has_access(self, user):
        return self.own_portfolio is not None


class PostOnlyMixin:
    """A change that only a POST makes; any other method is a 405 before anything is looked up
    (as Django's ``require_POST``)."""

    http_method_names = ["post"]


class PostAsGetMixin:
    """A page that answers a POST as it answers a GET (it changes nothing): the behaviour of
    the function views these replaced, which the authorization matrix keeps."""

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


class EmptyPostUnboundMixin:
    """A POST without any fields leaves the form unbound: a 400 without error messages."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "data" in kwargs and not kwargs["data"]:
            kwargs["data"] = kwargs["files"] = None
        return kwargs


class StatusOnInvalidMixin:
    """An invalid form is shown again with 400, so that clients and tests can tell."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReadablePortfolioMixin(SingleObjectMixin):
    """The portfolio named in the URL, if the user may read it."""

    model = Portfolio
    slug_field = "public_id"
    slug_url_kwarg = "portfolio_id"
    context_object_name = "portfolio"

    def get_queryset(self):
        return Portfolio.objects.visible_to(self.request.user).select_related(
            "enrolment__user", "enrolment__cohort"
        )


class _EntryMixin(SingleObjectMixin):
    model = FieldworkEntry
    slug_field = "public_id"
    slug_url_kwarg = "entry_id"
    context_object_name = "entry"

    def entries(self):
        raise NotImplementedError

    def get_queryset(self):
        return self.entries().select_related(
            "portfolio__enrolment__user", "portfolio__enrolment__cohort", "module"
        )


class ReadableEntryMixin(_EntryMixin):
    """The entry named in the URL, if the user may read its portfolio."""

    def entries(self):
        return FieldworkEntry.objects.visible_to(self.request.user)


class OwnedEntryMixin(_EntryMixin):
    """The entry named in the URL, if it is in the user's own portfolio."""

    def entries(self):
        return FieldworkEntry.objects.owned_by(self.request.user)


class ReadableAttachmentMixin(SingleObjectMixin):
    model = Attachment
    slug_field = "public_id"
    slug_url_kwarg = "attachment_id"
    context_object_name = "attachment"

    def get_queryset(self):
        return Attachment.objects.visible_to(self.request.user)


class OwnedAttachmentMixin(ReadableAttachmentMixin):
    def get_queryset(self):
        return Attachment.objects.owned_by(self.request.user).select_related("entry__portfolio")


class StageMixin:
    """The values reflection's stage in the URL (intake, midway, final); any other is a 404."""

    @cached_property
    def stage(self):
        value = self.kwargs["stage"]
        return ValuesReflection.Stage(value) if value in ValuesReflection.Stage.values else None

    def get_stage(self):
        if self.stage is None:
            raise Http404
        return self.stage


class OwnReflectionMixin(StageMixin, OwnPortfolioMixin):
    """The values reflection of this stage in the user's own portfolio, which must exist."""

    def get_reflection(self):
        stage = self.get_stage()
        portfolio = self.get_own_portfolio()
        return get_object_or_404(portfolio.reflections.select_related("portfolio"), stage=stage)


class AssignmentMixin:
    """The assignment named in ``?opdracht=<module id>/<block id>`` (or the form's
    ``assignment_id``), if the user may read it; else None."""

    @cached_property
    def assignment(self):
        request = self.request
        raw = request.GET.get("opdracht") or request.POST.get("assignment_id") or ""
        match = _ASSIGNMENT.fullmatch(raw)
        if not match:
            return None
        return get_assignment(int(match.group(1)), match.group(2), request.user)
