"""Results per cohort (/trainer/resultaten/<cohort>/) as a table, CSV or Excel."""

import csv
import io

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.generic import TemplateView
from openpyxl import Workbook

from leergang.models import Cohort
from leergang.permissions import CourseStaffRequiredMixin

from ..models import Assessment, Submission
from .common import feedback_rows

State = Submission.State


ESCAPE_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """Spreadsheet programs run cells that start with = + - @ as formulas; defuse them."""
    if isinstance(value, str) and value.startswith(ESCAPE_PREFIXES):
        return "'" + value
    return value


class ResultsView(CourseStaffRequiredMixin, TemplateView):
    template_name = "assessment/results.html"

    def get(self, request, cohort_id, fmt=None):
        user = request.user
        cohorts = Cohort.objects.managed_by(user)
        self.cohort = get_object_or_404(cohorts, pk=cohort_id)
        header, rows = self.table()
        if fmt == "csv":
            return self.csv_response(header, rows)
        if fmt == "xlsx":
            return self.xlsx_response(header, rows)
        return self.render_to_response(
            self.get_context_data(cohort=self.cohort, header=header, rows=rows)
        )

    def submissions(self):
        return (
            Submission.objects.filter(portfolio__enrolment__cohort=self.cohort)
            .exclude(state=State.CONCEPT)
            .with_relations()
            .prefetch_related(
                Prefetch(
                    "assessments",
                    queryset=Assessment.objects.current()
                    .filter(role=Assessment.Role.FIRST)
                    .prefetch_related("scores"),
                )
            )
            .order_by(
                "portfolio__enrolment__user__last_name",
                "portfolio__enrolment__user__first_name",
                "milestone__order",
                "milestone__deadline",
                "round",
            )
        )

    def table(self):
        submissions = list(self.submissions())
        criteria = []
        for submission in submissions:
            for criterion in (
                submission.rubric_version.criteria if submission.rubric_version else []
            ):
                if criterion["name"] not in criteria:
                    criteria.append(criterion["name"])
        header = [
            _("Participant"),
            _("E-mail address"),
            pgettext("assessment", "Milestone"),
            _("Round"),
            *criteria,
            _("Verdict"),
            _("Submitted on"),
            _("Assessed on"),
            _("Assessor"),
        ]
        rows = []
        for submission in submissions:
            by_name = {}
            for row in feedback_rows(submission):
                level = row["level"]
                by_name[row["criterion"]["name"]] = (
                    f"{level['label']} ({level['points']})" if level else ""
                )
            participant = submission.participant
            rows.append(
                {
                    "submission": submission,
                    "cells": [
                        participant.get_full_name() or participant.email,
                        participant.email,
                        submission.milestone.name,
                        submission.round,
                        *[by_name.get(name, "") for name in criteria],
                        str(submission.get_state_display()),
                        timezone.localtime(submission.submitted_at).strftime("%Y-%m-%d %H:%M")
                        if submission.submitted_at
                        else "",
                        timezone.localtime(submission.decided_at).strftime("%Y-%m-%d %H:%M")
                        if submission.decided_at
                        else "",
                        # Whoever gave the verdict; while waiting, who assesses it.
                        str(submission.decided_by or submission.first_assessor or ""),
                    ],
                }
            )
        return header, rows

    def filename(self, ext):
        return f"resultaten-{slugify(self.cohort.name)}.{ext}"

    def csv_response(self, header, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(c) for c in row["cells"]])
        # A BOM makes spreadsheet programs read the file as UTF-8.
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename("csv")}"'
        return response

    def xlsx_response(self, header, rows):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=_("Results")[:31])
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(c) for c in row["cells"]])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename("xlsx")}"'
        return response
