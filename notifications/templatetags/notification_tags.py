"""``{% notification_centre %}``: the header's bell with the unread count and the latest
unread notifications (two queries per page, whatever the number of notifications)."""

from django import template

from ..models import Notification

register = template.Library()

LATEST = 5


@register.inclusion_tag("notifications/includes/centre.html", takes_context=True)
def notification_centre(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    unread = Notification.objects.owned_by(user).unread()
    return {
        "show": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "unread_count": unread.count(),
        "latest": list(unread.order_by("-created_at", "-pk")[:LATEST]),
    }
