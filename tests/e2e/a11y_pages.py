"""Which pages each role sees, and how to check one page for accessibility in Chromium.

Shared by tests/e2e/test_accessibility.py and bench/screenshots.py. The page lists are built from
the demo world (``seed_demo``), so both read the database the server is using.
"""

from dataclasses import dataclass, field

ROLES = {
    "anonymous": None,
    "participant": "deelnemer@example.org",
    "trainer": "trainer@example.org",
    "guild_member": "gildelid@example.org",
    "administrator": "beheerder@example.org",
}
PASSWORD = "leergang-demo"  # noqa: S105 (the documented demo password)
BLOCKING_IMPACTS = {"serious", "critical"}
WIDTHS = (320, 768, 1280)


@dataclass
class Target:
    """One page to check: a path to open, or a path plus a step that brings the page into a state."""

    name: str
    path: str
    action: str = ""  # "submit_empty": submit the first form in <main> without filling anything
    extra: dict = field(default_factory=dict)


def demo_targets():
    """Pages per role, from the demo content. Call inside Django (same DB as the server)."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from assessment.models import Submission
    from certificates.models import Certificate
    from leergang.email_change import make_token
    from leergang.models import Cohort
    from leergang.services import invitation_path
    from modules.models import CourseIndexPage, ModulePage
    from peerfeedback.models import PeerComment
    from portfolio.models import Portfolio
    from stories.models import StoryIndexPage, StoryPage

    course = CourseIndexPage.objects.live().first()
    module = ModulePage.objects.live().first()
    stories = StoryIndexPage.objects.live().first()
    story = StoryPage.objects.live().first()
    tag_slug = module.tags.first().slug if module and module.tags.exists() else "bewonersinitiatief"
    cohort = Cohort.objects.get(name="Voorjaar 2017")
    submission = (
        Submission.objects.filter(state=Submission.State.SUBMITTED).order_by("pk").first()
        or Submission.objects.order_by("pk").first()
    )
    own_submission = (
        Submission.objects.filter(portfolio__enrolment__user__email=ROLES["participant"])
        .order_by("pk")
        .first()
    )
    own_self_assessed = (
        Submission.objects.filter(
            portfolio__enrolment__user__email=ROLES["participant"],
            milestone__self_assessment=True,
            snapshot__has_key="self_assessment",
        )
        .order_by("-pk")
        .first()
    )
    # An invitation link needs a user without a usable password: make one (idempotent).
    user_model = get_user_model()
    invitee, _ = user_model.objects.get_or_create(
        email="uitgenodigd@example.org", defaults={"first_name": "Nieuwe", "last_name": "Deelnemer"}
    )
    if invitee.has_usable_password():
        invitee.set_unusable_password()
        invitee.save()
    invitation = invitation_path(invitee)
    email_change = f"/accounts/email/confirm/{make_token(invitee, 'nieuw@example.org')}/"
    certificate = Certificate.objects.order_by("pk").first()
    # Peer feedback (demo/content/peerfeedback.py): Jelle's comment on an entry of Fenna's, which
    # her trainers may see, and Jelle's portfolio that he shares with Fenna.
    peer_comment = (
        PeerComment.objects.filter(
            portfolio__enrolment__user__email=ROLES["participant"], entry__isnull=False
        )
        .order_by("pk")
        .first()
    )
    shared = Portfolio.objects.shared_with(
        get_user_model().objects.get(email=ROLES["participant"])
    ).first()
    peer_targets = []
    if peer_comment is not None:
        peer_targets.append(
            Target("fieldwork entry with peer feedback", peer_comment.entry.get_absolute_url())
        )
    if shared is not None:
        peer_targets += [
            Target("portfolio shared with you", shared.get_absolute_url()),
            Target("peer comment with errors", shared.get_absolute_url(), action="submit_empty"),
        ]
    assert Page.objects.live().exists()

    public = [
        Target("home", "/"),
        Target("course overview", course.url),
        Target("module", module.url),
        Target("tag page", f"/tags/{tag_slug}/"),
        Target("search results", "/zoeken/?q=buurt"),
        Target("stories index", stories.url),
        Target("story", story.url),
        Target("privacy", "/privacy/"),
        Target("certificate check", f"/certificaat/controleren/{certificate.number}/"),
    ]
    return {
        "anonymous": [
            *public,
            Target("login", "/accounts/login/"),
            Target("login with errors", "/accounts/login/", action="submit_empty"),
            Target("invitation", invitation),
            Target("e-mail change confirmation", email_change),
        ],
        "participant": [
            *public,
            Target("dashboard", "/mijn-leergang/"),
            Target("portfolio", "/portfolio/"),
            Target("fieldwork log", "/portfolio/veldwerk/"),
            Target("fieldwork entry form", "/portfolio/veldwerk/nieuw/"),
            Target(
                "fieldwork entry form with errors",
                "/portfolio/veldwerk/nieuw/",
                action="submit_empty",
            ),
            Target("values-reflection growth", "/portfolio/waarden/groei/"),
            Target("submissions", "/inleveren/"),
            Target("submission", f"/inleveren/{own_submission.pk}/"),
            Target("PDF export", "/portfolio/pdf/"),
            Target("quick capture", "/portfolio/veldwerk/snel/"),
            Target("calendar", "/agenda/"),
            Target("notifications", "/meldingen/"),
            Target("notification settings", "/meldingen/instellingen/"),
            Target("Registerplein number", "/mijn-leergang/registerplein/"),
            Target("learning outcomes", "/inleveren/leeruitkomsten/"),
            *peer_targets,
            *(
                [
                    Target(
                        "self-assessment",
                        f"/inleveren/{own_self_assessed.pk}/zelfbeoordeling/",
                    ),
                    Target(
                        "submission with self-assessment", f"/inleveren/{own_self_assessed.pk}/"
                    ),
                ]
                if own_self_assessed
                else []
            ),
        ],
        "trainer": [
            Target("home", "/"),
            Target("module", module.url),
            Target("dashboard", "/mijn-leergang/"),
            Target("trainer queue", "/trainer/"),
            Target("assessment form", f"/trainer/inzending/{submission.pk}/"),
            Target("progress overview", "/voortgang/"),
            Target("cohort progress matrix", f"/voortgang/groep/{cohort.pk}/"),
            Target("results", f"/trainer/resultaten/{cohort.pk}/"),
            Target("cohort learning outcomes", f"/trainer/leeruitkomsten/{cohort.pk}/"),
            *(
                [
                    Target(
                        "participant learning outcomes",
                        f"/trainer/deelnemer/{own_submission.portfolio.enrolment_id}/leeruitkomsten/",
                    )
                ]
                if own_submission
                else []
            ),
            *(
                [
                    Target(
                        "assessment with self-assessment",
                        f"/trainer/inzending/{own_self_assessed.pk}/",
                    )
                ]
                if own_self_assessed
                else []
            ),
            Target("calendar", "/agenda/"),
            Target("notifications", "/meldingen/"),
            *(
                [
                    Target(
                        "fieldwork entry with peer feedback for trainers",
                        peer_comment.entry.get_absolute_url(),
                    )
                ]
                if peer_comment is not None
                else []
            ),
        ],
        "guild_member": [
            Target("home", "/"),
            Target("dashboard", "/mijn-leergang/"),
            Target("stories index", stories.url),
            Target("story", story.url),
        ],
        "administrator": [
            Target("dashboard", "/mijn-leergang/"),
        ],
    }


def log_in(page, base_url, email, password=PASSWORD):
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise AssertionError(f"could not log in as {email}")


def open_target(page, base_url, target):
    response = page.goto(base_url + target.path)
    if target.action == "submit_empty":
        page.locator("main form[method=post] button[type=submit]").last.click()
        page.wait_for_load_state()
        return None
    return response


def axe_problems(page, role, target):
    """Serious and critical axe violations on the current page, one readable line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    problems = []
    for violation in results.response["violations"]:
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        node = violation["nodes"][0] if violation["nodes"] else {}
        problems.append(
            f"[{role}] {target.name} ({target.path}): {violation['id']} ({violation['impact']}, "
            f"{len(violation['nodes'])} nodes) {violation['help']} — first: "
            f"{node.get('target')} {node.get('html', '')[:160]}"
        )
    return problems


def overflow_problem(page, role, target, width=320):
    """A page that scrolls sideways at ``width`` px is a problem; returns the widest culprit."""
    page.set_viewport_size({"width": width, "height": 800})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width <= width:
        return None
    culprit = page.evaluate(
        """(w) => {
          let worst = null;
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > w + 1 && (!worst || r.right > worst.r)) {
              worst = {r: r.right, d: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                + (el.className && typeof el.className === 'string'
                   ? '.' + el.className.trim().split(/\\s+/).join('.') : '')};
            }
          }
          return worst ? worst.d + ' reaches ' + Math.round(worst.r) + 'px' : '';
        }""",
        width,
    )
    return (
        f"[{role}] {target.name} ({target.path}): scrolls sideways at {width} px "
        f"(scrollWidth {scroll_width}); {culprit}"
    )
