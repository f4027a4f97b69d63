"""The load scenario of bench/locustfile.py as `make scale` runs it: over HTTPS to HAProxy.

Locust's HTTP session ignores the environment (``trust_env`` off), so ``REQUESTS_CA_BUNDLE``
does not reach it; every user of the scenario is given the run's certificate here instead.
"""

import os

from locust.clients import HttpSession
from locustfile import *  # noqa: F403 - the users of the scenario, unchanged

_init = HttpSession.__init__


def _trusting_the_run(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    self.verify = os.environ["REQUESTS_CA_BUNDLE"]


HttpSession.__init__ = _trusting_the_run
