"""Who may do what: the one owner of the platform's cross-cutting access rules.

Every app asks these questions here and nowhere else (grep for a second copy is a defect):

- ``is_course_staff(user)``: a trainer or an administrator (they assess and see cohorts);
- ``is_administrator(user)``: may manage everything;
- ``is_staff_account(user)``: any staff role (also guild members and Django staff): such an
  account is never enrolled, linked or registered as a participant;
- ``Cohort.objects.managed_by(user)``: the cohorts a user manages (all for an administrator,
  else the ones they train);
- the view mixins below, the only way a view says "course staff only" or "administrators only":
  ``CourseStaffRequiredMixin`` / ``AdministratorRequiredMixin`` on the site (a 404 for whoever
  may not, the login page for anonymous visitors) and ``AdminAccessMixin`` /
  ``AdminAdministratorRequiredMixin`` inside the Wagtail admin (Wagtail's own refusal).

QuerySets follow one naming scheme across the apps: ``visible_to(user)`` (may read),
``owned_by(user)`` (may write: the user's own rows), ``managed_by(user)`` (staff scope).
Nothing named so ever creates rows.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from wagtail.admin.auth import permission_denied

from . import roles


def is_authenticated(user):
    return bool(getattr(user, "is_authenticated", False))


def is_administrator(user):
    return is_authenticated(user) and bool(getattr(user, "is_administrator", False))


def is_course_staff(user):
    """Trainers and administrators: they assess portfolios and see their cohorts."""
    if not is_authenticated(user):
        return False
    return bool(getattr(user, "is_trainer", False)) or is_administrator(user)


def is_staff_account(user):
    """Any staff role: Django staff, superuser, trainer, guild member or administrator."""
    if not is_authenticated(user):
        return False
    return (
        user.is_staff
        or user.is_superuser
        or roles.has_role(user, roles.TRAINERS)
        or roles.has_role(user, roles.GUILD_MEMBERS)
        or roles.has_role(user, roles.ADMINISTRATORS)
    )


class LoginRequired404Mixin(LoginRequiredMixin):
    """Anonymous visitors go to the login page; a signed-in user who fails ``has_access``
    gets a 404, so a URL never tells a stranger that something exists."""

    def has_access(self, user):
        return True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_access(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class CourseStaffRequiredMixin(LoginRequired404Mixin):
    """Trainers and administrators only; anyone else a 404 (anonymous: the login page)."""

    def has_access(self, user):
        return is_course_staff(user)


class AdministratorRequiredMixin(LoginRequired404Mixin):
    """Administrators only; anyone else a 404 (anonymous: the login page)."""

    def has_access(self, user):
        return is_administrator(user)


class AdminAccessMixin:
    """A view inside the Wagtail admin (mounted behind Wagtail's ``require_admin_access``, which
    sends anyone without admin access to the login): a user who fails ``has_access`` gets
    Wagtail's own refusal, as from Wagtail's views (a message and the admin home; 403 for XHR)."""

    def has_access(self, user):
        return True

    def dispatch(self, request, *args, **kwargs):
        if not self.has_access(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class AdminAdministratorRequiredMixin(AdminAccessMixin):
    """Administrators only, inside the Wagtail admin."""

    def has_access(self, user):
        return is_administrator(user)


# The name the assessment views have used since issue 7.
TrainerRequiredMixin = CourseStaffRequiredMixin
