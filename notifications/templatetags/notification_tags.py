"""``{% notification_centre %}``: the header's bell with the unread count and the latest
unread notifications: one query per page, a second (the count) only when there are more unread
notifications than the bell lists."""

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
    latest = list(unread.order_by("-created_at", "-pk")[: LATEST + 1])
    return {
        "show": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "unread_count": len(latest) if len(latest) <= LATEST else unread.count(),
        "latest": latest[:LATEST],
    }
