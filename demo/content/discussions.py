"""Demo module discussion: in the cohort "Voorjaar 2017", the discussion of the module about
low-threshold contact, with threads between deelnemer, deelnemer2, the trainer and the guild
member (who joined as practitioner), and an unread mention of deelnemer. Idempotent.

Called by seed_demo (demo/management/commands/seed_demo.py) after the notifications."""

import datetime

from django.utils import timezone

from discussions import services
from discussions.models import Discussion, Mention, Post, Practitioner, Thread
from leergang.models import Cohort, User
from modules.models import ModulePage
from notifications.api import notify
from notifications.models import Notification, NotificationMail

THREADS = [
    (
        "Hoe begin je een gesprek op straat?",
        "deelnemer2@example.org",
        [
            (
                "deelnemer2@example.org",
                "Deze week ga ik voor het eerst met de koffiekar de wijk in. Hoe beginnen "
                "jullie het gesprek zonder dat het meteen een enquête wordt?",
            ),
            (
                "gildelid@example.org",
                "Begin bij wat je ziet: de bloembakken, het bankje, de kinderen die voetballen. "
                "Vraag wat bewoners daar zelf van vinden en wacht met je eigen plannen.",
            ),
            (
                "deelnemer@example.org",
                "Ik vraag altijd: wat zou u hier graag anders zien? Dat opent veel. "
                "*Luisteren* is het halve werk.",
            ),
            (
                "trainer@example.org",
                "Mooie tips. @FennaV, wil jij bij de volgende bijeenkomst vertellen hoe je "
                "dat in Wergea deed? Zie ook [de bronnen bij de module](https://www.movisie.nl/).",
            ),
        ],
    ),
    (
        "Bewoners die nooit komen",
        "deelnemer@example.org",
        [
            (
                "deelnemer@example.org",
                "Op onze bewonersavonden zien we steeds dezelfde tien mensen. Wie heeft een "
                "manier gevonden om ook anderen te bereiken?",
            ),
            (
                "deelnemer2@example.org",
                "Wij gingen juist naar hen toe: bij de school, in de supermarkt. Kleine "
                "gesprekken van vijf minuten leverden meer op dan een avond.",
            ),
        ],
    ),
]


def seed(stdout, **kwargs):
    cohort = Cohort.objects.get(name="Voorjaar 2017")
    module = (
        ModulePage.objects.filter(title__icontains="contact").order_by("path").first()
        or ModulePage.objects.order_by("path").first()
    )
    if module is None:
        stdout("  no module: no discussion")
        return None
    users = {u.email: u for u in User.objects.filter(email__contains="@example.org")}
    discussion, _ = Discussion.objects.get_or_create(module=module, cohort=cohort)
    Practitioner.objects.get_or_create(discussion=discussion, user=users["gildelid@example.org"])
    start = timezone.now() - datetime.timedelta(days=3)
    made = 0
    for n, (title, author, posts) in enumerate(THREADS):
        thread, created = Thread.objects.get_or_create(
            discussion=discussion,
            title=title,
            defaults={"author": users[author], "created_at": start, "last_post_at": start},
        )
        if not created:
            continue
        made += 1
        at = start + datetime.timedelta(hours=n)
        for i, (email, text) in enumerate(posts):
            at = at + datetime.timedelta(hours=2 * i + 1)
            post = Post.objects.create(
                thread=thread, author=users[email], body=services.to_html(text), created_at=at
            )
            for person in services.mentioned_users(text, module, cohort):
                Mention.objects.get_or_create(post=post, user=person)
                made_notification = notify(
                    person,
                    "mention",
                    post.get_absolute_url(),
                    title=thread.title,
                    actor=post.author,
                    key=f"discussions:mention:{post.pk}:{person.pk}",
                )
                # The demo's past: dated, and counted as e-mailed already (no e-mail goes out).
                if made_notification is not None:
                    _in_the_past(made_notification, at)
        Thread.objects.filter(pk=thread.pk).update(
            created_at=start + datetime.timedelta(hours=n), last_post_at=at, post_count=len(posts)
        )
    stdout(f"  discussion of {module.title} in {cohort.name}: {made} threads made")
    return None


def _in_the_past(notification, at):
    """A demo notification as if its e-mail (or the day's digest) went out when it was made."""
    Notification.objects.filter(pk=notification.pk).update(created_at=at, emailed_at=at)
    if notification.channel == "digest":
        delivery, _ = NotificationMail.objects.get_or_create(
            user=notification.user, key=f"digest:{at.date().isoformat()}", defaults={"sent_at": at}
        )
        Notification.objects.filter(pk=notification.pk).update(digest=delivery)
