from wagtail import hooks

from . import api, kinds
from .kinds import Channel


@hooks.register("allow_notification_email")
def allow_notification_email(user, kind):
    """For apps that send their own e-mail at once about one of our kinds (``mailed_by``):
    False when the user chose the site only or the digest for it. The assessment's e-mails
    about feedback and verdicts ask (``assessment/notifications.py``)."""
    if kind not in kinds.KINDS:
        return None
    return api.channel_for(user, kind) == Channel.IMMEDIATE
