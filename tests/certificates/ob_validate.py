"""Run 1EdTech's Open Badges validator (``openbadges.verify``) on one input, offline.

Runs in the validator's own venv (see openbadges-validator.txt), not in the project's. The only
documents it would fetch from the internet are the Open Badges JSON-LD context itself
(w3id.org / openbadgespec.org); those are answered from the copy the validator ships. Everything
else (assertion, badge class, issuer, extensions, images) comes from the local test server.

Usage: python ob_validate.py URL-or-PNG-path [recipient e-mail]  -> prints the validator's report as JSON.
"""

import json
import sys

import requests
from openbadges import verify
from openbadges.verifier.openbadges_context import OPENBADGES_CONTEXT_V2_DICT

OFFLINE_HOSTS = ("w3id.org", "openbadgespec.org")
_send = requests.adapters.HTTPAdapter.send


def _offline_send(self, request, **kwargs):
    host = requests.utils.urlparse(request.url).hostname or ""
    if host in OFFLINE_HOSTS:
        response = requests.Response()
        response.status_code = 200
        response.url = request.url
        response.headers["Content-Type"] = "application/ld+json"
        response._content = json.dumps(OPENBADGES_CONTEXT_V2_DICT).encode()
        response.request = request
        return response
    if host not in ("127.0.0.1", "localhost"):
        raise requests.ConnectionError(f"offline: {request.url}")
    return _send(self, request, **kwargs)


requests.adapters.HTTPAdapter.send = _offline_send


def main(target, email=None):
    profile = {"email": email} if email else None
    if target.endswith(".png"):
        with open(target, "rb") as handle:
            report = verify(handle, recipient_profile=profile, use_cache=False)
    else:
        report = verify(target, recipient_profile=profile, use_cache=False)
    print(json.dumps(report, default=str))


if __name__ == "__main__":
    main(*sys.argv[1:3])
