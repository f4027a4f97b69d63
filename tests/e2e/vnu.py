"""The Nu Html Checker (vnu.jar from the npm package ``vnu-jar``, pinned in package.json), offline.

``npm ci --ignore-scripts`` puts the jar in node_modules/ (the package's post-install script would
download a Java of its own; the machine's Java runs it instead). One JVM checks every file at once:
starting it takes seconds, checking a page a few milliseconds.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

JAR = Path(
    os.environ.get(
        "VNU_JAR", settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    )
)


def require_checker():
    """The java command, or skip (fail in CI, where LEERGANG_REQUIRE_BROWSER is set)."""
    java = shutil.which("java")
    missing = []
    if not java:
        missing.append("java (apt-get install default-jre-headless)")
    if not JAR.is_file():
        missing.append(f"{JAR} (npm ci --ignore-scripts)")
    if missing:
        reason = "Nu Html Checker needs " + " and ".join(missing)
        if os.environ.get("LEERGANG_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return java


def check(paths):
    """Every message of the checker for ``paths`` (HTML files), as dicts with a ``path`` key."""
    java = require_checker()
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(JAR), "--format", "json", "--stdout", "--exit-zero-always"]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.strip():
        raise AssertionError(f"vnu.jar failed ({result.returncode}): {result.stderr[-2000:]}")
    messages = json.loads(result.stdout)["messages"]
    for message in messages:
        url = message.get("url", "")
        message["path"] = url.removeprefix("file:")
    return messages
