"""Run every benchmark script bench/*_bench.py in its own process and print its figures.

Benchmarks print medians and ratios; nothing here passes or fails on a timing.
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv):
    only = set(argv)
    scripts = sorted(p for p in HERE.glob("*_bench.py") if not only or p.stem in only)
    failed = []
    for script in scripts:
        print(f"\n== {script.stem}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
        if result.returncode:
            failed.append(script.stem)
    if failed:
        print(f"\nbenchmarks that crashed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
