from django.apps import AppConfig

from . import signals


class AssessmentConfig(AppConfig):
    name = "assessment"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        signals.connect(self.get_model("Submission"))
