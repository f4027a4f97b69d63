"""Portfolio PDF: our render path against WeasyPrint alone, big portfolios, cache, cohort ZIP.

Prints medians and ratios (no pass/fail):
- 30 entries with 10 photos: our full path (snapshot, HTML, sandboxed child, cache write)
  against the same HTML rendered by WeasyPrint alone in this process; target ratio < 1.2;
- 200 entries: pages per second and the render's peak memory (target < 600 MB);
- a cached re-export against a fresh render of the same portfolio (target >= 20x);
- a cohort export of 25 portfolios as the worker runs it: total time and peak memory.
"""

import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django  # noqa: E402


def build_portfolio(cohort, n_entries, n_images, email):
    from django.core.files.base import ContentFile

    from demo.factories.leergang import EnrolmentFactory, ParticipantFactory
    from demo.factories.portfolio import (
        AttachmentFactory,
        FieldworkEntryFactory,
        PortfolioFactory,
        ValuesAnswerFactory,
        ValuesQuestionFactory,
        ValuesReflectionFactory,
        image_bytes,
    )

    user = ParticipantFactory(email=email, first_name="Bench", last_name=email.split("@")[0])
    portfolio = PortfolioFactory(enrolment=EnrolmentFactory(cohort=cohort, user=user))
    reflection = ValuesReflectionFactory(portfolio=portfolio, stage="intake")
    for q in range(4):
        ValuesAnswerFactory(
            reflection=reflection,
            question=ValuesQuestionFactory(text=f"Vraag {q} over wat jou drijft"),
            text="<p>" + "Ik wil dat bewoners zelf de regie houden over hun straat. " * 6 + "</p>",
        )
    step = max(1, n_entries // max(1, n_images))
    for i in range(n_entries):
        entry = FieldworkEntryFactory(portfolio=portfolio, title=f"Veldwerk {i + 1}")
        if n_images and i % step == 0 and entry.attachments.count() == 0 and n_images > 0:
            n_images -= 1
            AttachmentFactory(
                entry=entry,
                file=ContentFile(
                    image_bytes(size=(1600, 1067), color=(90 + i % 100, 120, 80), label="foto"),
                    name="foto.jpg",
                ),
                width=1600,
                height=1067,
            )
    return user, portfolio


def median(fn, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def child_peak_mb():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def self_peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    setup_django()
    import logging

    logging.disable(logging.INFO)
    from demo.factories.leergang import CohortFactory, TrainerFactory
    from portfolio.snapshot import build_snapshot
    from portfolio_pdf import fetcher, jobs, pdf
    from portfolio_pdf.models import ExportJob, RenderedPdf

    # Cohort export first, so the peak memory figures are those of the export alone.
    trainer = TrainerFactory(email="bench-trainer@example.org")
    cohort = CohortFactory(name="Bench cohort", trainers=[trainer])
    for n in range(25):
        build_portfolio(cohort, 12, 3, f"deelnemer{n}@example.org")
    job = ExportJob.objects.create(
        owner=trainer, kind=ExportJob.Kind.COHORT_PORTFOLIOS, cohort=cohort
    )
    base_self = self_peak_mb()
    started = time.perf_counter()
    jobs.run_job(job.pk)
    cohort_seconds = time.perf_counter() - started
    job.refresh_from_db()
    print(
        f"cohort export, 25 portfolios (12 entries, 3 photos each): {cohort_seconds:.1f} s "
        f"({cohort_seconds / 25:.2f} s per portfolio), status {job.status}, "
        f"{job.result.size / 1e6:.1f} MB ZIP"
    )
    print(
        f"  worker peak memory: {self_peak_mb():.0f} MB (process, {base_self:.0f} MB before), "
        f"render child peak {child_peak_mb():.0f} MB"
    )

    other = CohortFactory(name="Bench single")
    _user, portfolio = build_portfolio(other, 30, 10, "dertig@example.org")

    def ours():
        RenderedPdf.objects.all().delete()
        snapshot = build_snapshot(portfolio)
        return pdf.get_or_render(snapshot)

    def weasyprint_alone(html, attachments):
        return pdf.write_pdf(html, attachments)

    snapshot = build_snapshot(portfolio)
    html = pdf.build_html(snapshot)
    attachments = pdf.snapshot_attachments(snapshot)
    ours()
    weasyprint_alone(html, attachments)  # warm-up
    repeat = 5
    samples_ours, samples_alone = [], []
    for _ in range(repeat):  # interleaved, so both see the same machine load
        t = time.perf_counter()
        ours()
        samples_ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        weasyprint_alone(html, attachments)
        samples_alone.append(time.perf_counter() - t)
    t_ours, t_alone = statistics.median(samples_ours), statistics.median(samples_alone)
    print(
        f"30 entries, 10 photos: ours {t_ours * 1000:.0f} ms, WeasyPrint alone "
        f"{t_alone * 1000:.0f} ms, ratio {t_ours / t_alone:.2f} (target < 1.2; median of {repeat})"
    )

    fresh = median(ours, 3)
    ours()

    def cached():
        rendered = pdf.get_or_render(build_snapshot(portfolio))
        with rendered.file.open("rb") as handle:
            return handle.read()

    t_cached = median(cached, 15)
    print(
        f"cached re-export {t_cached * 1000:.1f} ms vs fresh render {fresh * 1000:.0f} ms: "
        f"{fresh / t_cached:.0f}x faster (target >= 20x)"
    )

    big_cohort = CohortFactory(name="Bench big")
    _user, big = build_portfolio(big_cohort, 200, 20, "tweehonderd@example.org")
    big_snapshot = build_snapshot(big)
    big_html = pdf.build_html(big_snapshot)
    results = []

    def render_big():
        results.append(pdf.render_html(big_html, pdf.snapshot_attachments(big_snapshot)))

    t_big = median(render_big, 3)
    pages = results[-1].page_count
    peak = max(r.peak_rss_mb for r in results)
    print(
        f"200 entries, 20 photos: {pages} pages in {t_big:.1f} s = {pages / t_big:.1f} pages/s; "
        f"peak memory of the render {peak:.0f} MB (target < 600 MB)"
    )
    _ = fetcher  # the same fetcher serves both paths


if __name__ == "__main__":
    main()
