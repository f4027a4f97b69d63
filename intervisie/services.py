"""One function per change of an intervisie group or case; the views stay thin.

Notifications carry the group's name and a link, never what anyone wrote.
"""

from django.db import transaction
from django.utils import timezone

from notifications.api import notify
from portfolio import privacy

from .models import Case, GroupMembership, IntervisieGroup, Phase, Response


def privacy_findings(case_or_entry, text):
    """What the residents' personal data check finds in ``text`` (the real names the case
    holder registered count as well)."""
    entry = getattr(case_or_entry, "entry", case_or_entry)
    return privacy.scan_text(text, privacy.real_names(entry.portfolio))


@transaction.atomic
def create_group(cohort, name, members):
    group = IntervisieGroup.objects.create(cohort=cohort, name=name)
    set_members(group, members)
    return group


@transaction.atomic
def set_members(group, members):
    """Make ``members`` the group; who is left out loses access at once (``visible_to``)."""
    wanted = {u.pk for u in members}
    GroupMembership.objects.filter(group=group).exclude(user_id__in=wanted).delete()
    present = set(GroupMembership.objects.filter(group=group).values_list("user_id", flat=True))
    GroupMembership.objects.bulk_create(
        GroupMembership(group=group, user_id=pk) for pk in sorted(wanted - present)
    )


def _others(case, *exclude):
    skip = {u.pk for u in exclude}
    return [u for u in case.group.current_members() if u.pk not in skip]


@transaction.atomic
def bring_in(group, holder, entry, question):
    case = Case.objects.create(group=group, holder=holder, entry=entry, question=question)
    url = case.get_absolute_url()
    for member in _others(case, holder):
        notify(member, "intervisie_case", url, title=group.name, actor=holder)
    return case


@transaction.atomic
def respond(case, author, text):
    response = Response.objects.create(case=case, author=author, phase=case.phase, text=text)
    notify(
        case.holder,
        "peer_response",
        f"{case.get_absolute_url()}#reactie-{response.pk}",
        title=case.group.name,
        actor=author,
    )
    return response


@transaction.atomic
def answer(response, text):
    response.answer = text
    response.answered_at = timezone.now()
    response.save(update_fields=["answer", "answered_at"])
    if response.author is not None:
        notify(
            response.author,
            "peer_response",
            f"{response.case.get_absolute_url()}#reactie-{response.pk}",
            title=response.case.group.name,
            actor=response.case.holder,
        )
    return response


@transaction.atomic
def advance(case):
    """The holder moves the case on to the next phase; the members hear of it."""
    case.phase = case.next_phase
    case.save(update_fields=["phase"])
    url = case.get_absolute_url()
    for member in _others(case, case.holder):
        notify(
            member,
            "intervisie_phase",
            url,
            title=f"{case.group.name}: {case.get_phase_display()}",
            actor=case.holder,
            key=f"intervisie-phase:{case.pk}:{case.phase}",
        )
    return case


@transaction.atomic
def close(case, takeaway=""):
    """The holder ends the case (in the closing phase with what they take from it, or at any
    time before); from then on it is read only."""
    case.takeaway = takeaway
    case.phase = Phase.CLOSED
    case.closed_at = timezone.now()
    case.save(update_fields=["takeaway", "phase", "closed_at"])
    url = case.get_absolute_url()
    for member in _others(case, case.holder):
        notify(
            member,
            "intervisie_phase",
            url,
            title=f"{case.group.name}: {case.get_phase_display()}",
            actor=case.holder,
            key=f"intervisie-phase:{case.pk}:{case.phase}",
        )
    return case


def set_trainer_access(case, allowed):
    case.trainers_may_read = bool(allowed)
    case.save(update_fields=["trainers_may_read"])
