"""Data rights: the participant's export and erasure of a large portfolio.

Prints figures (no pass/fail):
- the export ZIP of a participant with 200 entries and 50 attachments of 1 MB: the Python heap's
  peak while writing it (tracemalloc) as a share of the attachments' total size (target: far
  below 1, the ZIP streams file by file) and the median time;
- the erasure of that participant: the dry-run plan and the real run, median time and rows.
"""

import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django  # noqa: E402

ATTACHMENT_BYTES = 1024 * 1024


def build(email):
    import os

    from django.core.files.base import ContentFile

    from demo.factories.leergang import CohortFactory, EnrolmentFactory, ParticipantFactory
    from demo.factories.portfolio import FieldworkEntryFactory, PortfolioFactory
    from portfolio.models import Attachment

    user = ParticipantFactory(email=email)
    portfolio = PortfolioFactory(enrolment=EnrolmentFactory(cohort=CohortFactory(), user=user))
    entries = [FieldworkEntryFactory(portfolio=portfolio) for _ in range(200)]
    for n, entry in enumerate(entries[:50]):
        Attachment.objects.create(
            entry=entry,
            file=ContentFile(os.urandom(ATTACHMENT_BYTES), name=f"bijlage-{n}.pdf"),
            original_name=f"bijlage-{n}.pdf",
            content_type="application/pdf",
            size=ATTACHMENT_BYTES,
        )
    return user


def main():
    setup_django()
    from leergang import privacy

    user = build("bench-export@example.org")
    total = 50 * ATTACHMENT_BYTES
    times, peaks = [], []
    for _ in range(3):
        with tempfile.TemporaryFile() as out:
            tracemalloc.start()
            started = time.perf_counter()
            privacy.export_user(user, out)
            times.append(time.perf_counter() - started)
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
            size = out.tell()
    peak = statistics.median(peaks)
    print(f"export: 200 entries, 50 x 1 MB attachments, ZIP {size / 1e6:.1f} MB")
    print(f"  median {statistics.median(times):.2f} s; heap peak {peak / 1e6:.1f} MB")
    print(f"  heap peak / attachments' total size: {peak / total:.3f} (target far below 1)")

    started = time.perf_counter()
    plan = privacy.plan_erasure(user)
    dry = time.perf_counter() - started
    started = time.perf_counter()
    done = privacy.erase_user(user)
    real = time.perf_counter() - started
    print(f"erasure: dry-run plan {dry:.2f} s ({plan.count()} rows/files listed)")
    print(f"  real run {real:.2f} s ({done.count()} rows/files); rerun finds", end=" ")
    print(f"{privacy.plan_erasure(user).count()} left")


if __name__ == "__main__":
    main()
