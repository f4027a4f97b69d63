#!/bin/sh
# pip-audit of the locked dependencies (requirements.lock), for CI (.ci/run) and by hand.
#
# Every pin in the lock is checked against PyPI's vulnerability data (the JSON API,
# https://pypi.org/pypi/<name>/<version>/json). --strict: a package that could not be checked
# fails the audit too, so an unreachable service never passes as "no known vulnerabilities".
# Exit status: 0 clean, 1 vulnerabilities found or packages that could not be audited.
# Extra arguments go to pip-audit, e.g. `bench/audit.sh -s osv` or `--format json`.
set -eu
cd "$(dirname "$0")/.."
BIN=.venv/bin
if [ ! -x "$BIN/pip-audit" ]; then
    "$BIN/python" -m pip install --quiet "pip-audit>=2.7,<3"
fi
# The lock pins every package exactly, so no resolution is needed (--no-deps --disable-pip).
exec "$BIN/pip-audit" -r requirements.lock --no-deps --disable-pip --strict \
    --progress-spinner off --desc on "$@"
