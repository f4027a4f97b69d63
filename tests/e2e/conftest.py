"""Real Chromium (Debian's) driven by Playwright against the live test server."""

import os

import pytest

from tests.browser import CHROMIUM, FLAGS  # noqa: F401 - the e2e tests name them

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    def _login(email, password="leergang-demo"):  # noqa: S107
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
        return page

    return _login


@pytest.fixture
def worker(settings):
    """The django-tasks database backend with a worker thread, as `make worker` runs it."""
    import threading
    import uuid

    from django_tasks_db.management.commands.db_worker import Worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    w = Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"e2e-{uuid.uuid4().hex[:8]}",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=w.run, daemon=True)
    thread.start()
    yield w
    w.running = False
    thread.join(10)
