"""PDFs ready before they are asked for: the default download is rendered after a change."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from portfolio_pdf import prerender
from portfolio_pdf.models import RenderedPdf

pytestmark = pytest.mark.django_db

OWN = reverse("portfolio_pdf:own")
TASK = prerender.prerender_portfolio


class Queue:
    """Stands in for the task on a worker's queue that can defer: records what would run when."""

    supports_defer = True

    def __init__(self):
        self.queued = []

    def get_backend(self):
        return self

    def using(self, run_after=None):
        queue = self

        class Deferred:
            def enqueue(self, *args):
                queue.queued.append((run_after, args))

        return Deferred()


@pytest.fixture
def queue(monkeypatch):
    q = Queue()
    monkeypatch.setattr(prerender, "prerender_portfolio", q)
    cache.clear()
    return q


def test_without_a_deferring_worker_nothing_is_prerendered(participant, make_portfolio):
    portfolio, _entries = make_portfolio(participant, entries=2, images=1)
    assert prerender.schedule(portfolio.pk) is False
    assert RenderedPdf.objects.count() == 0


def test_changes_in_quick_succession_give_one_render_after_the_last(
    queue, participant, make_portfolio
):
    portfolio, entries = make_portfolio(participant, entries=2, images=0)
    queue.queued.clear()
    cache.clear()  # the saves that built the portfolio scheduled one already
    for n in range(5):
        entries[0].reflection = f"<p>Versie {n}</p>"
        entries[0].save()
    assert len(queue.queued) == 1
    run_after, args = queue.queued[0]
    assert args == (portfolio.pk,)
    # The task finds the portfolio changed a moment ago and waits for quiet.
    assert TASK.func(portfolio.pk) == "postponed"
    assert RenderedPdf.objects.count() == 0


def test_the_prerendered_pdf_is_the_default_download(queue, client, participant, make_portfolio):
    portfolio, entries = make_portfolio(participant, entries=3, images=1)
    entries[1].reflection = "<p>Nagelezen na het gesprek.</p>"
    entries[1].save()
    cache.set(prerender._changed_key(portfolio.pk), time.time() - 60)
    assert TASK.func(portfolio.pk) == "rendered"
    prerendered = RenderedPdf.objects.get()
    client.force_login(participant)
    response = client.post(OWN, {"scope": "all"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # A cache hit: the same copy, nothing rendered again.
    assert list(RenderedPdf.objects.values_list("pk", flat=True)) == [prerendered.pk]


def test_the_participants_last_choice_is_what_gets_prerendered(participant, make_portfolio):
    portfolio, _entries = make_portfolio(participant, entries=1, images=0)
    options, _assessed = prerender.default_options(portfolio)
    assert options.include_feedback is False and options.entry_ids is None
    prerender.remember_choice(portfolio, prerender.pdf.RenderOptions(include_feedback=True))
    options, assessed = prerender.default_options(portfolio)
    # Feedback only once there is an assessed submission to take it from.
    assert options.include_feedback is (assessed is not None)
    # A selection is not a default: it does not change the remembered choice.
    prerender.remember_choice(
        portfolio, prerender.pdf.RenderOptions(entry_ids=(1,), include_feedback=False)
    )
    assert cache.get(prerender._choice_key(portfolio.pk)) is True
