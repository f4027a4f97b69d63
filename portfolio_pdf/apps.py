from django.apps import AppConfig


class PortfolioPdfConfig(AppConfig):
    name = "portfolio_pdf"
    default_auto_field = "django.db.models.BigAutoField"
