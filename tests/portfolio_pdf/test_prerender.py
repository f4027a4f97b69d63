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


def _prerender(portfolio):
    cache.set(prerender._changed_key(portfolio.pk), time.time() - 60)
    assert TASK.func(portfolio.pk) == "rendered"
    return RenderedPdf.objects.get()


def test_view_and_prerender_build_the_same_key(queue, client, participant, make_portfolio):
    """One function (``render_live``) for both: without the ready mark, the view's own
    render path still finds the prerendered copy."""
    portfolio, _entries = make_portfolio(participant, entries=2, images=1)
    prerendered = _prerender(portfolio)
    prerender.forget_ready(portfolio.pk)
    client.force_login(participant)
    assert client.post(OWN, {"scope": "all"}).status_code == 200
    assert list(RenderedPdf.objects.values_list("pk", flat=True)) == [prerendered.pk]


def test_a_ready_pdf_is_served_without_building_the_snapshot(
    queue, client, participant, make_portfolio, monkeypatch
):
    portfolio, _entries = make_portfolio(participant, entries=2, images=1)
    _prerender(portfolio)

    def no_snapshot(*args, **kwargs):
        raise AssertionError("the snapshot was built again")

    monkeypatch.setattr(prerender.sources, "live_snapshot", no_snapshot)
    client.force_login(participant)
    response = client.post(OWN, {"scope": "all"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_edit_is_in_the_next_download_at_once(queue, client, participant, make_portfolio):
    portfolio, entries = make_portfolio(participant, entries=2, images=0)
    first = _prerender(portfolio)
    entries[0].title = "Een nieuwe titel"
    entries[0].save()
    client.force_login(participant)
    assert client.post(OWN, {"scope": "all"}).status_code == 200
    assert not RenderedPdf.objects.filter(pk=first.pk).exists()
    assert RenderedPdf.objects.count() == 1


@pytest.mark.parametrize("change", ["tag", "name", "attachment"])
def test_changes_beside_the_entry_rows_forget_the_ready_pdf(
    queue, client, participant, make_portfolio, change
):
    from demo.factories.portfolio import AttachmentFactory

    portfolio, entries = make_portfolio(participant, entries=2, images=0)
    first = _prerender(portfolio)
    if change == "tag":
        entries[0].tags.add("buurtkamer")
    elif change == "name":
        participant.first_name = "Anders"
        participant.save()
    else:
        AttachmentFactory(entry=entries[1], caption="Nieuwe foto")
    assert prerender.ready(portfolio, participant, prerender.pdf.RenderOptions(), None) is None
    client.force_login(participant)
    assert client.post(OWN, {"scope": "all"}).status_code == 200
    assert RenderedPdf.objects.exclude(pk=first.pk).count() == 1
