"""A counter in the shared cache that names the current version of some data ("a generation").

Whatever is kept in the cache under a key that holds the generation is left behind when the
generation moves on, so a change is seen at the next read without finding and deleting the old
entries. The counter lives in the cache (Redis with ``REDIS_URL``), so every process sees it.

``advance()`` moves it now and once more when the change's transaction commits: a request that
read the old rows between the change and its commit stored them under the first new generation,
which the second one leaves behind. One move at commit per transaction, however many rows change.
Used by the anonymous page cache (leergang/pagecache.py), the role cache (leergang/roles.py) and
the route cache (leergang/routing.py).
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

# Cache backends that live in one process: another process never sees their generation.
PROCESS_LOCAL_BACKENDS = ("LocMemCache", "DummyCache")


def shared():
    """Whether every server process reads the same cache (Redis with ``REDIS_URL``). Without it a
    change made in one process moves only that process's generation, so what is kept under a
    generation must then live briefly (the callers' shorter lifetimes)."""
    return not settings.CACHES["default"]["BACKEND"].endswith(PROCESS_LOCAL_BACKENDS)


class Generation:
    def __init__(self, key):
        self.key = key

    def current(self):
        return cache.get(self.key) or 0

    def _bump(self):
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, 1, None)

    def advance(self, *args, **kwargs):
        self._bump()
        connection = transaction.get_connection()
        if connection.in_atomic_block and not any(
            func == self._bump for _ids, func, _robust in connection.run_on_commit
        ):
            transaction.on_commit(self._bump)
