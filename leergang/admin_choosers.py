"""Snippet choosers that check permissions.

Wagtail 8's snippet chooser lists every object of a model to anyone who can open the admin.
Cohorts, rubrics, milestones and values questions are only for those who may manage them.
"""

from wagtail.admin.auth import permission_denied
from wagtail.snippets.views import chooser


def _may_choose(user, model):
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        for action in ("add", "change", "view")
    )


class _PermissionCheckedMixin:
    def dispatch(self, request, *args, **kwargs):
        if not _may_choose(request.user, self.model_class):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class ChooseView(_PermissionCheckedMixin, chooser.ChooseView):
    pass


class ChooseResultsView(_PermissionCheckedMixin, chooser.ChooseResultsView):
    pass


class SnippetChosenView(_PermissionCheckedMixin, chooser.SnippetChosenView):
    pass


class SnippetChosenMultipleView(_PermissionCheckedMixin, chooser.SnippetChosenMultipleView):
    pass


class SnippetCreateView(_PermissionCheckedMixin, chooser.SnippetCreateView):
    pass


class PermissionCheckedSnippetChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = SnippetChosenView
    chosen_multiple_view_class = SnippetChosenMultipleView
    create_view_class = SnippetCreateView
