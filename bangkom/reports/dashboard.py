"""The offering dashboard: every figure of one offering, and the data of its charts.

Assembles ``funnel``, ``pass_rates``, ``completion_time``, ``attendance``, ``cost`` and the
evaluation context's Likert summary (``evaluation.reporting.likert_summary_for_offering``,
which returns nothing below the anonymity threshold). A fixed number of queries whatever
the number of enrolments (pinned by ``tests/reports/test_views.py``). Chart data is plain
JSON for ``static/js/reports_charts.js``: ``{"kind", "labels", "datasets": [{"label",
"data"}], "unit"}``; every chart's numbers are also in a table under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from bangkom.curriculum.models import Offering
from bangkom.reports import surveys
from bangkom.reports.attendance import AttendanceSummary, attendance_summary
from bangkom.reports.completion_time import CompletionTime, completion_time
from bangkom.reports.cost import OfferingCost, offering_cost
from bangkom.reports.funnel import Funnel, offering_assessments, offering_funnel
from bangkom.reports.pass_rates import AssessmentRate, assessment_pass_rates


@dataclass(frozen=True)
class FunnelStage:
    key: str
    label: str
    count: int
    percent: float | None


@dataclass(frozen=True)
class OfferingDashboard:
    offering: Offering
    funnel: Funnel
    stages: tuple[FunnelStage, ...]
    rates: tuple[AssessmentRate, ...]
    completion: CompletionTime
    attendance: AttendanceSummary
    cost: OfferingCost | None
    survey_rows: tuple

    def funnel_chart(self) -> dict:
        return {
            "kind": "bar",
            "horizontal": True,
            "labels": [stage.label for stage in self.stages],
            "datasets": [{"label": _("Peserta"), "data": [stage.count for stage in self.stages]}],
        }

    def pass_rate_chart(self) -> dict:
        return {
            "kind": "bar",
            "unit": "%",
            "labels": [rate.title for rate in self.rates],
            "datasets": [
                {
                    "label": _("Tingkat kelulusan (%)"),
                    "data": [rate.pass_rate or 0 for rate in self.rates],
                }
            ],
        }

    def attendance_chart(self) -> dict:
        return {
            "kind": "line",
            "labels": [day.day.isoformat() for day in self.attendance.days],
            "datasets": [
                {
                    "label": _("Peserta hadir"),
                    "data": [day.present for day in self.attendance.days],
                }
            ],
        }

    def survey_chart(self) -> dict:
        return likert_chart(self.survey_rows)


def funnel_stages(funnel: Funnel) -> tuple[FunnelStage, ...]:
    """The stages that apply to this offering, in journey order, with labels."""
    stages = [("enrolled", _("Terdaftar"), funnel.enrolled)]
    if funnel.has_placement:
        stages += [
            ("placement_taken", _("Mengikuti tes penempatan"), funnel.placement_taken),
            ("exempt", _("Lulus tes penempatan (RPL, dibebaskan)"), funnel.exempt),
            ("not_exempt", _("Tidak dibebaskan"), funnel.not_exempt),
        ]
    stages.append(("learning", _("Mengikuti pembelajaran"), funnel.learning))
    if funnel.subject_exams:
        stages.append(
            ("subjects_passed", _("Lulus semua ujian mata pelatihan"), funnel.subjects_passed)
        )
    if funnel.has_final:
        stages += [
            ("final_taken", _("Mengikuti uji kompetensi akhir"), funnel.final_taken),
            ("kompeten", _("Kompeten"), funnel.kompeten),
        ]
    if funnel.disqualified:
        stages.append(("disqualified", _("Didiskualifikasi"), funnel.disqualified))
    return tuple(
        FunnelStage(key, str(label), count, funnel.percent(count)) for key, label, count in stages
    )


def likert_chart(rows: tuple) -> dict:
    """Stacked percentage bars, one bar per statement, one colour per scale value."""
    scale = max((row.scale for row in rows), default=0)
    return {
        "kind": "stacked",
        "horizontal": True,
        "unit": "%",
        "labels": [row.statement for row in rows],
        "datasets": [
            {
                "label": str(value),
                "data": [row.percents[value - 1] if value <= row.scale else 0 for row in rows],
            }
            for value in range(1, scale + 1)
        ],
    }


def offering_dashboard(offering: Offering) -> OfferingDashboard:
    """Every figure of the offering's dashboard (about 15 queries, constant in enrolments)."""
    assessments = offering_assessments(offering)
    funnel = offering_funnel(offering, assessments=assessments)
    return OfferingDashboard(
        offering=offering,
        funnel=funnel,
        stages=funnel_stages(funnel),
        rates=tuple(assessment_pass_rates(offering)),
        completion=completion_time(offering, assessments=assessments),
        attendance=attendance_summary(offering),
        cost=offering_cost(offering, participants=funnel.enrolled),
        survey_rows=tuple(surveys.survey_rows(offering)),
    )
