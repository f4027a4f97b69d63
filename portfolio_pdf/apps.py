from django.apps import AppConfig


class PortfolioPdfConfig(AppConfig):
    name = "portfolio_pdf"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Cached PDFs and exports follow their sources (see derived.py and signals.py).
        from . import signals, sources

        signals.connect(submission_model=sources.submission_model())
