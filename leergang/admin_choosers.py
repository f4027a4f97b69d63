"""Snippet choosers that check permissions.

Wagtail 8's snippet chooser lists every object of a model to anyone who can open the admin.
Cohorts, rubrics, milestones and values questions are only for those who may manage them,
and a model whose manager has ``visible_to(user)`` (cohorts: a trainer's own) offers only
those.
"""

from django.core.exceptions import ObjectDoesNotExist
from wagtail.admin.auth import permission_denied
from wagtail.snippets.views import chooser

from .admin_scope import visible_snippets


def _may_choose(user, model):
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        for action in ("add", "change", "view")
    )


def _choosable(user, model):
    return visible_snippets(user, model)


class _PermissionCheckedMixin:
    def dispatch(self, request, *args, **kwargs):
        if not _may_choose(request.user, self.model_class):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class _ScopedListMixin(_PermissionCheckedMixin):
    def get_object_list(self):
        objects = super().get_object_list()
        return objects.filter(pk__in=_choosable(self.request.user, self.model_class).values("pk"))


class ChooseView(_ScopedListMixin, chooser.ChooseView):
    pass


class ChooseResultsView(_ScopedListMixin, chooser.ChooseResultsView):
    pass


class SnippetChosenView(_PermissionCheckedMixin, chooser.SnippetChosenView):
    def get_object(self, pk):
        try:
            return _choosable(self.request.user, self.model_class).get(pk=pk)
        except (ObjectDoesNotExist, ValueError) as exc:
            raise self.model_class.DoesNotExist from exc


class SnippetChosenMultipleView(_PermissionCheckedMixin, chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return _choosable(self.request.user, self.model_class).filter(pk__in=pks)


class SnippetCreateView(_PermissionCheckedMixin, chooser.SnippetCreateView):
    pass


class PermissionCheckedSnippetChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = SnippetChosenView
    chosen_multiple_view_class = SnippetChosenMultipleView
    create_view_class = SnippetCreateView
