from django.apps import AppConfig


class PortfolioPdfConfig(AppConfig):
    name = "portfolio_pdf"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Cached PDFs and exports follow their sources (see derived.py and signals.py). The
        # signals module needs the models, which load only once the app registry is ready.
        from . import signals

        signals.connect()
