from wagtail.admin.forms import WagtailAdminModelForm

from leergang.models import CohortSession


def session_label(session):
    return f"{session.cohort.name}: {session.date:%d-%m-%Y} {session.topic}"


class SessionModuleForm(WagtailAdminModelForm):
    """The session list names each session's cohort (CohortSession's own label does not)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("session")
        if field is not None:
            field.queryset = CohortSession.objects.select_related("cohort").order_by(
                "-cohort__start_date", "date", "start_time"
            )
            field.label_from_instance = session_label
