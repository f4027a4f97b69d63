"""Wagtail admin views that have no hook for ``leergang.admin_scope``, replaced by subclasses.

``urlpatterns`` is mounted in ``leergang/urls.py`` before Wagtail's admin, on Wagtail's own
paths, so every link Wagtail builds (``reverse("wagtailadmin_reports:site_history")``) lands
here. Each view gets the decorators Wagtail gives its admin views.
"""

from django.apps import apps
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.views import View
from django.views.decorators.cache import never_cache
from taggit.models import Tag
from wagtail.admin.auth import require_admin_access
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views import tags as wagtail_tags
from wagtail.admin.views.bulk_action import dispatcher as bulk_dispatcher
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .admin_scope import choosable_pages, offered_tags, sees_everything, visible_objects
from .ids import as_pks
from .permissions import AdminAdministratorRequiredMixin

# Site-wide reports (every log entry, the last edit of every page type): Wagtail filters them by
# model permission, not by whose work it is, so they are for administrators.


class SiteHistoryView(AdminAdministratorRequiredMixin, LogEntriesView):
    pass


class PageTypesUsageView(AdminAdministratorRequiredMixin, PageTypesUsageReportView):
    pass


ADMINISTRATOR_REPORTS = {"site-history", "page-types-usage"}


class ScopedPageChosenMultipleView(ChosenMultipleView):
    """The page chooser's answer for several ids: only pages the user may choose."""

    def get(self, request):
        pks = as_pks(request.GET.getlist("id"))
        pages = choosable_pages(request.user, Page.objects.filter(pk__in=pks)).specific()
        result = [
            {
                "id": page.pk,
                "parentId": page.get_parent().pk,
                "adminTitle": page.get_admin_display_title(),
                "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                "url": page.url,
            }
            for page in pages
        ]
        return render_modal_workflow(
            request, None, None, None, json_data={"step": "page_chosen", "result": result}
        )


class _OwnWorkAPIMixin:
    """Images and documents of the admin API: what the user may choose or change, not every
    file outside a restricted collection."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        return (
            policy.instances_user_has_any_permission_for(self.request.user, ["choose", "change"])
            .order_by("id")
            .distinct()
        )


class ScopedImagesAdminAPIViewSet(_OwnWorkAPIMixin, ImagesAdminAPIViewSet):
    pass


class ScopedDocumentsAdminAPIViewSet(_OwnWorkAPIMixin, DocumentsAdminAPIViewSet):
    pass


class TagAutocompleteView(View):
    """Wagtail's tag suggestions, from the tags of what the user may choose."""

    http_method_names = ["get", "head"]

    def get(self, request, app_name=None, model_name=None):
        if (app_name, model_name) not in ((None, None), ("taggit", "tag")):
            return wagtail_tags.autocomplete(request, app_name, model_name)
        term = request.GET.get("term", "")
        if not term:
            return JsonResponse([], safe=False)
        tags = offered_tags(request.user, Tag.objects.filter(name__istartswith=term))
        names = tags.order_by("name").values_list("name", flat=True)
        return JsonResponse(list(names[: wagtail_tags.TAGS_AUTOCOMPLETE_LIMIT]), safe=False)


class BulkActionView(View):
    """Wagtail's bulk actions list by title every object whose id is asked for, also those the
    user may not act on ("you don't have permission for ..."): ids the user may not see are
    dropped first, then Wagtail's own bulk action view answers (any method: it decides)."""

    def dispatch(self, request, app_label, model_name, action):
        if request.method == "HEAD":
            # Wagtail's bulk action views answer only GET and POST; HEAD answers like GET.
            request.method = "GET"
        if not sees_everything(request.user):
            self._drop_invisible_ids(request, app_label, model_name, action)
        return bulk_dispatcher.index(request, app_label, model_name, action)

    def _drop_invisible_ids(self, request, app_label, model_name, action):
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError as exc:
            raise Http404 from exc
        action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
        if action_class is None:
            raise Http404
        ids = request.GET.getlist("id")
        if "all" in ids:
            listing = action_class(request, model).get_all_objects_in_listing_query
            ids = list(listing(request.GET.get("childOf")))
        query = request.GET.copy()
        query.setlist("id", [str(pk) for pk in visible_objects(request.user, model, ids)])
        query.pop("childOf", None)
        request.GET = query
        request.META["QUERY_STRING"] = query.urlencode()


def _admin_view(view):
    return require_admin_access(never_cache(view))


urlpatterns = [
    path(
        "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/",
        _admin_view(BulkActionView.as_view()),
        name="leergang_admin_bulk_action",
    ),
    path(
        "admin/tag-autocomplete/",
        _admin_view(TagAutocompleteView.as_view()),
        name="leergang_admin_tag_autocomplete",
    ),
    path(
        "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/",
        _admin_view(TagAutocompleteView.as_view()),
        name="leergang_admin_tag_model_autocomplete",
    ),
    path(
        "admin/reports/site-history/",
        _admin_view(SiteHistoryView.as_view()),
        name="leergang_admin_site_history",
    ),
    path(
        "admin/reports/site-history/results/",
        _admin_view(SiteHistoryView.as_view(results_only=True)),
        name="leergang_admin_site_history_results",
    ),
    path(
        "admin/reports/page-types-usage/",
        _admin_view(PageTypesUsageView.as_view()),
        name="leergang_admin_page_types_usage",
    ),
    path(
        "admin/reports/page-types-usage/results/",
        _admin_view(PageTypesUsageView.as_view(results_only=True)),
        name="leergang_admin_page_types_usage_results",
    ),
    path(
        "admin/choose-page/chosen-multiple/",
        _admin_view(ScopedPageChosenMultipleView.as_view()),
        name="leergang_admin_choose_page_chosen_multiple",
    ),
]
