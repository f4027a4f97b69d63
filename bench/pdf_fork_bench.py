"""Issue 19: the cost of starting a render child, forked from the worker vs from a forkserver.

Prints medians (no pass/fail) of starting a child that sends 100 kB back and exits, from a
warmed-up process with 0 and 800 MB of extra heap (a grown gunicorn worker):
- "fork": what ``pdf.render_html`` does (fork under ``pdf._fork_lock``);
- "forkserver": a single-threaded server process, preloaded with WeasyPrint, forks the child.
Run: ``.venv/bin/python bench/pdf_fork_bench.py``.
"""

import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _noop(conn):
    conn.send(("ok", b"x" * 100_000))
    conn.close()
    os._exit(0)


def _start_once(ctx):
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_noop, args=(child,), daemon=True)
    process.start()
    child.close()
    parent.recv()
    process.join()


def measure(method, ballast_mb, repeat=30):
    from portfolio_pdf import pdf

    with pdf._fork_lock:
        pdf._warm_up()
    ballast = [bytearray(1024 * 1024) for _ in range(ballast_mb)]
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["portfolio_pdf.pdf"])
        _start_once(ctx)  # the server starts (and imports) once
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        if method == "fork":
            with pdf._fork_lock:
                _start_once(ctx)
        else:
            _start_once(ctx)
        samples.append(time.perf_counter() - started)
    del ballast
    return statistics.median(samples)


def main():
    sys.path.insert(0, str(ROOT))
    # Python 3.11's forkserver ignores the parent's sys.path: the preload needs PYTHONPATH.
    os.environ["PYTHONPATH"] = str(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leergang.settings.test")
    import django

    django.setup()
    for method in ("fork", "forkserver"):
        for ballast in (0, 800):
            print(f"{method:10s} +{ballast:3d} MB: {measure(method, ballast) * 1000:6.1f} ms/child")


if __name__ == "__main__":
    main()
