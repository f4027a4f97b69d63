from django.conf import settings

from . import roles
from .permissions import is_course_staff


def navigation(request):
    """What the header needs: which main sections this visitor may use."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "nav_is_participant": authenticated and user.is_participant,
        "nav_is_trainer": is_course_staff(user),
        "nav_can_admin": roles.may_use_admin(user),
        "LANGUAGES": settings.LANGUAGES,
    }
