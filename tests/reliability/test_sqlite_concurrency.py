"""The embedded default (SQLite) while the web process and the worker write at the same time.

A real second process plays the worker: it writes in short transactions that read before they
write, as task claiming and search indexing do. Meanwhile participants log in and save through the
web process. Without WAL, a busy timeout and IMMEDIATE transactions one side fails with
"database is locked" (a 500 on the login page, seen right after ``make run``); with them, both
sides only wait their turn.
"""

import subprocess
import sys
import time

import pytest
from django.db import connection
from django.urls import reverse

from demo.factories.leergang import ParticipantFactory
from leergang.models import SentEmail

from .child import ROOT, child_env

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking only"),
]

WORKER = """
import sys, time, django
django.setup()
from django.db import connection, transaction
from leergang.models import SentEmail
mode = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
print(mode, flush=True)
end = time.monotonic() + float(sys.argv[1])
writes = 0
while time.monotonic() < end:
    with transaction.atomic():
        SentEmail.objects.filter(subject="worker").count()  # read first, then write
        time.sleep(0.02)
        SentEmail.objects.create(address="worker@example.org", subject="worker")
        writes += 1
print(writes, flush=True)
"""


def test_logins_and_saves_succeed_while_the_worker_writes(client):
    users = [ParticipantFactory(email=f"druk{n}@example.org") for n in range(12)]
    for user in users:
        user.set_password("leergang-demo")
        user.save()
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, "8"],
        cwd=ROOT,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout.readline().strip() == "wal"
        codes = []
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            for user in users:
                client.logout()
                response = client.post(
                    reverse("login"), {"username": user.email, "password": "leergang-demo"}
                )
                codes.append(response.status_code)
                codes.append(client.get("/mijn-leergang/").status_code)
        out, err = worker.communicate(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, err[-2000:]
    assert set(codes) == {200, 302}, sorted(set(codes))
    assert int(out.split()[-1]) > 10
    assert SentEmail.objects.filter(subject="worker").count() == int(out.split()[-1])
