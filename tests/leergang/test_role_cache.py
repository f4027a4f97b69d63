"""Roles kept in the shared cache between requests (leergang/roles.py): a change of membership or
permissions is seen at the next request, and a cached role never passes to another account."""

import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from demo.factories.leergang import ParticipantFactory, TrainerFactory
from leergang import generations, roles
from leergang.models import User

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as the next request loads it (no per-request memo)."""
    return User.objects.get(pk=user.pk)


def group_queries(user):
    with CaptureQueriesContext(connection) as queries:
        roles.has_role(user, roles.TRAINERS)
        roles.may_use_admin(user)
    return [q["sql"] for q in queries if "auth_group" in q["sql"] or "permission" in q["sql"]]


def test_the_next_request_reads_the_roles_from_the_cache(trainer):
    assert group_queries(fresh(trainer))  # the first request asks the database
    assert group_queries(fresh(trainer)) == []


def test_a_trainer_taken_out_of_the_group_loses_the_trainer_pages_at_once(client, trainer):
    client.force_login(trainer)
    assert client.get("/trainer/").status_code == 200
    trainer.groups.remove(Group.objects.get(name=roles.TRAINERS))
    assert client.get("/trainer/").status_code == 404


@pytest.mark.parametrize("how", ["from the group", "group cleared", "group deleted"])
def test_every_way_of_removing_a_role_is_seen(trainer, how):
    assert roles.has_role(fresh(trainer), roles.TRAINERS)
    group = Group.objects.get(name=roles.TRAINERS)
    if how == "from the group":
        group.user_set.remove(trainer)
    elif how == "group cleared":
        trainer.groups.clear()
    else:
        group.delete()
    assert not roles.has_role(fresh(trainer), roles.TRAINERS)


def test_admin_access_follows_group_and_own_permissions(client):
    participant = ParticipantFactory()
    assert not roles.may_use_admin(fresh(participant))
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    participant.user_permissions.add(access)
    assert roles.may_use_admin(fresh(participant))
    assert fresh(participant).has_perm("wagtailadmin.access_admin")
    client.force_login(participant)
    assert 'href="/admin/"' in client.get("/mijn-leergang/").content.decode()
    Group.objects.get(name=roles.PARTICIPANTS).permissions.add(access)
    participant.user_permissions.remove(access)
    assert roles.may_use_admin(fresh(participant))  # now through the group
    Group.objects.get(name=roles.PARTICIPANTS).permissions.remove(access)
    assert not roles.may_use_admin(fresh(participant))
    assert 'href="/admin/"' not in client.get("/mijn-leergang/").content.decode()


def test_a_new_account_with_a_freed_id_does_not_get_the_old_accounts_roles():
    trainer = TrainerFactory()
    pk = trainer.pk
    assert roles.has_role(fresh(trainer), roles.TRAINERS)
    trainer.delete()  # the membership rows go without a signal
    newcomer = ParticipantFactory.build(pk=pk, email="nieuw@example.org")
    newcomer.save()
    newcomer.groups.clear()  # no role at all; clear() on nothing sends no change
    assert not roles.has_role(fresh(newcomer), roles.TRAINERS)


@pytest.mark.django_db(transaction=True)
def test_a_read_between_the_change_and_its_commit_is_not_kept():
    trainer = TrainerFactory()
    group = Group.objects.get(name=roles.TRAINERS)
    with transaction.atomic():
        trainer.groups.remove(group)
        # Another request, before the commit, still sees the old membership and keeps it
        # under the generation of that moment.
        cache.set(roles.snapshot_key(trainer), (frozenset({roles.TRAINERS}), True))
    assert not roles.has_role(fresh(trainer), roles.TRAINERS)


def test_without_a_shared_cache_another_processs_change_is_seen_within_seconds(
    trainer, monkeypatch
):
    """Another process removed the role: this process's generation did not move (no REDIS_URL),
    so only the short lifetime of its kept copy ends it."""
    assert not generations.shared()  # the test settings keep the cache in process memory
    now = time.time()
    monkeypatch.setattr(locmem.time, "time", lambda: now)
    assert roles.has_role(fresh(trainer), roles.TRAINERS)
    # The other process's change, as this process sees it: rows gone, no signal here.
    User.groups.through.objects.filter(user=trainer).delete()
    assert roles.has_role(fresh(trainer), roles.TRAINERS)  # still the kept copy
    monkeypatch.setattr(locmem.time, "time", lambda: now + roles.ROLE_SNAPSHOT_SECONDS_UNSHARED + 1)
    assert not roles.has_role(fresh(trainer), roles.TRAINERS)
