from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo accounts and content (``manage.py seed_demo``); dev and test settings only."""

    name = "demo"
    verbose_name = "Demo"
