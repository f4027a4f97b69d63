from urllib.parse import urlencode

from django import template
from django.urls import reverse

from sso import conf

register = template.Library()


@register.inclusion_tag("sso/button.html", takes_context=True)
def sso_login_button(context, next_url="", invitation=""):
    """The SSO button of the login and invitation pages; nothing while SSO is not configured."""
    if not conf.enabled():
        return {"enabled": False}
    request = context.get("request")
    if invitation:
        url = reverse("sso:invitation", kwargs={"uidb64": invitation})
    else:
        url = reverse("sso:login")
        if next_url:
            url += "?" + urlencode({"next": next_url})
    return {
        "enabled": True,
        "url": url,
        "label": conf.label(),
        "required": getattr(request, "sso_required", False),
    }
