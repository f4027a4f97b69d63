import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leergang.settings.dev")
application = get_wsgi_application()

# Before this process serves anyone: views imported, catalogues read, templates compiled
# (leergang/warmup.py). A failing warm-up costs only speed.
try:
    from leergang.warmup import warm_up

    warm_up()
except Exception:  # noqa: BLE001
    import logging

    logging.getLogger("leergang.warmup").exception("Warm-up failed")
