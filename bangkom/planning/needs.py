"""Training-needs analysis (AKPK/TNA, DOMAIN.md §7.1) per institution and year.

Rules implemented here:
- Candidates come from the gaps (``gaps.gap_items``): a candidate is a (program, competency)
  pair where the program develops the competency (``curriculum.ProgramCompetency``) and
  covers the gap of at least one employee of the institution.
- **Cover rule**: a program covers an employee's gap on a competency when it targets that
  competency at a level of at least ``assessed + 1``: it lifts the employee at least one
  level toward the standard. Because ``assessed < required``, every program that targets
  the required level or more also covers the gap. A program aimed at or below the level
  the employee already has would teach them nothing new, so it does not cover.
- ``headcount`` = employees whose gap the program covers; ``average_gap`` = their mean gap.
  Candidates are ranked by ``headcount × average_gap`` (the sum of the gaps), then by
  ``average_gap``, then by program and competency id (a stable order).
- Rebuilding a draft analysis refreshes its candidates: pairs that persist keep their row
  and their answers; pairs that disappear are removed with their answers. A final analysis
  is not rebuilt or answered.
- The seed's three questions (needed? beneficial? harmful if absent?) are answered by a
  pimpinan for candidates of their own institution, or by an employee for a candidate that
  covers their own gap; anybody else is refused as if the candidate did not exist.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bangkom.accounts.choices import Role
from bangkom.accounts.models import Institution, User
from bangkom.accounts.permissions import supervised_institution_ids
from bangkom.common.exports import xlsx_bytes
from bangkom.planning.budget import budget_total
from bangkom.planning.choices import AnalysisStatus, PlanStatus, RespondentKind
from bangkom.planning.errors import (
    PlanningConflict,
    PlanningErrorCode,
    PlanningInvalid,
    PlanningNotFound,
)
from bangkom.planning.gaps import TWO_PLACES, GapItem, gap_items
from bangkom.planning.models import (
    NeedAnswer,
    NeedCandidate,
    NeedsAnalysis,
    NeedTarget,
    ProgramPlan,
)

PROVIDER_NAME = "BPSDM Kementerian Dalam Negeri"  # DOMAIN.md D-1: the provider
MIN_YEAR, MAX_YEAR = 2000, 2100


# --- pure: which program covers which gap, and the ranking ----------------------------------


def covers(target_level: int, item: GapItem) -> bool:
    """True when a program aimed at ``target_level`` covers the item's gap (module rule)."""
    return target_level >= item.assessed + 1


@dataclass(frozen=True)
class Proposal:
    program_id: int
    competency_id: int
    targets: tuple[GapItem, ...]

    @property
    def headcount(self) -> int:
        return len(self.targets)

    @property
    def gap_total(self) -> int:
        """``headcount × average_gap``, exactly."""
        return sum(item.gap for item in self.targets)

    @property
    def average_gap(self) -> Decimal:
        return (Decimal(self.gap_total) / self.headcount).quantize(TWO_PLACES, ROUND_HALF_UP)


def propose(
    items: Iterable[GapItem], program_targets: Iterable[tuple[int, int, int]]
) -> list[Proposal]:
    """Rank the (program, competency) pairs that cover gaps, best first.

    ``program_targets`` are ``(program id, competency id, target level)``.
    """
    by_competency: dict[int, list[GapItem]] = defaultdict(list)
    for item in items:
        by_competency[item.competency_id].append(item)
    proposals = []
    for program_id, competency_id, target_level in program_targets:
        covered = tuple(
            sorted(
                (i for i in by_competency.get(competency_id, ()) if covers(target_level, i)),
                key=lambda i: i.employee_id,
            )
        )
        if covered:
            proposals.append(Proposal(program_id, competency_id, covered))
    proposals.sort(key=lambda p: (-p.gap_total, -p.average_gap, p.program_id, p.competency_id))
    return proposals


# --- building an analysis -------------------------------------------------------------------


def _check_year(year: int) -> int:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise PlanningInvalid(
            PlanningErrorCode.INVALID_YEAR,
            _("Tahun harus antara %(min)s dan %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
            field="year",
        )
    return year


def _final() -> PlanningConflict:
    return PlanningConflict(
        PlanningErrorCode.ANALYSIS_FINAL,
        _("Analisis kebutuhan ini sudah final dan tidak dapat diubah."),
    )


def build_needs_analysis(
    institution: Institution, year: int, *, by: User | None, now: datetime
) -> NeedsAnalysis:
    """Create or refresh the institution's analysis for the year from the current gaps.

    Refused when the analysis is final. Answers survive for the (program, competency)
    pairs that are still candidates.
    """
    _check_year(year)
    from bangkom.curriculum.models import ProgramCompetency  # curriculum imports planning

    items = gap_items(Q(institution=institution))
    competency_ids = {item.competency_id for item in items}
    targets = ProgramCompetency.objects.filter(
        competency_id__in=competency_ids, program__is_active=True
    ).values_list("program_id", "competency_id", "target_level")
    proposals = propose(items, targets)
    with transaction.atomic():
        analysis, _created = NeedsAnalysis.objects.get_or_create(
            institution=institution, year=year, defaults={"created_by": by}
        )
        analysis = NeedsAnalysis.objects.select_for_update().get(pk=analysis.pk)
        if analysis.status == AnalysisStatus.FINAL:
            raise _final()
        _store(analysis, proposals)
        analysis.built_at = now
        analysis.save(update_fields=["built_at", "updated_at"])
    return analysis


def _store(analysis: NeedsAnalysis, proposals: list[Proposal]) -> None:
    existing = {(c.program_id, c.competency_id): c for c in analysis.candidates.all()}
    wanted = {(p.program_id, p.competency_id) for p in proposals}
    stale = [c.pk for key, c in existing.items() if key not in wanted]
    NeedCandidate.objects.filter(pk__in=stale).delete()  # their answers go with them
    NeedTarget.objects.filter(candidate__analysis=analysis).delete()
    kept, new = [], []
    for rank, proposal in enumerate(proposals, start=1):
        values = {
            "headcount": proposal.headcount,
            "average_gap": proposal.average_gap,
            "rank": rank,
        }
        candidate = existing.get((proposal.program_id, proposal.competency_id))
        if candidate is None:
            candidate = NeedCandidate(
                analysis=analysis,
                program_id=proposal.program_id,
                competency_id=proposal.competency_id,
                **values,
            )
            new.append(candidate)
        else:
            for name, value in values.items():
                setattr(candidate, name, value)
            kept.append(candidate)
    NeedCandidate.objects.bulk_update(kept, ["headcount", "average_gap", "rank"])
    NeedCandidate.objects.bulk_create(new)
    stored = {
        (c.program_id, c.competency_id): c.pk
        for c in NeedCandidate.objects.filter(analysis=analysis)
    }
    NeedTarget.objects.bulk_create(
        NeedTarget(
            candidate_id=stored[(p.program_id, p.competency_id)],
            employee_id=item.employee_id,
            required_level=item.required,
            assessed_level=item.assessed,
        )
        for p in proposals
        for item in p.targets
    )


def finalize_analysis(analysis: NeedsAnalysis, *, now: datetime) -> None:
    """Close the analysis: no more rebuilds or answers. Finalising twice changes nothing."""
    NeedsAnalysis.objects.filter(pk=analysis.pk, status=AnalysisStatus.DRAFT).update(
        status=AnalysisStatus.FINAL, updated_at=now
    )
    analysis.status = AnalysisStatus.FINAL


def reopen_analysis(analysis: NeedsAnalysis, *, now: datetime) -> None:
    """Back to draft, so it can be rebuilt and answered again."""
    NeedsAnalysis.objects.filter(pk=analysis.pk, status=AnalysisStatus.FINAL).update(
        status=AnalysisStatus.DRAFT, updated_at=now
    )
    analysis.status = AnalysisStatus.DRAFT


# --- reading --------------------------------------------------------------------------------


def ranked_needs(analysis: NeedsAnalysis) -> QuerySet[NeedCandidate]:
    """The candidates by rank, with answer counts (``answers_total``, ``needed_yes``,
    ``beneficial_yes``, ``harmful_yes``, and ``supervisor_answers``); one query."""
    return (
        NeedCandidate.objects.filter(analysis=analysis)
        .select_related("program", "competency")
        .annotate(
            answers_total=Count("answers"),
            needed_yes=Count("answers", filter=Q(answers__needed=True)),
            beneficial_yes=Count("answers", filter=Q(answers__beneficial=True)),
            harmful_yes=Count("answers", filter=Q(answers__harmful_if_absent=True)),
            supervisor_answers=Count(
                "answers", filter=Q(answers__respondent=RespondentKind.SUPERVISOR)
            ),
        )
        .order_by("rank")
    )


def _candidates() -> QuerySet[NeedCandidate]:
    return NeedCandidate.objects.select_related(
        "program", "competency", "analysis__institution"
    ).order_by("-analysis__year", "analysis__institution__name", "rank")


def candidates_for_supervisor(user: User) -> QuerySet[NeedCandidate]:
    """Candidates of the institutions the user leads (as pimpinan)."""
    return _candidates().filter(analysis__institution_id__in=supervised_institution_ids(user))


def candidates_for_employee(user: User) -> QuerySet[NeedCandidate]:
    """Candidates that cover a gap of the user's own employee record."""
    if not user.employee_id:
        return NeedCandidate.objects.none()
    return (
        _candidates()
        .filter(targets__employee_id=user.employee_id)
        .annotate(
            my_required=F("targets__required_level"), my_assessed=F("targets__assessed_level")
        )
    )


def answers_of(user: User, candidates: Iterable[NeedCandidate]) -> dict[int, NeedAnswer]:
    """candidate id → the user's own answer; one query."""
    ids = [c.pk for c in candidates]
    return {
        a.candidate_id: a for a in NeedAnswer.objects.filter(answered_by=user, candidate_id__in=ids)
    }


def _not_yours() -> PlanningNotFound:
    return PlanningNotFound(
        PlanningErrorCode.NOT_YOUR_CANDIDATE, _("Kebutuhan pelatihan tidak ditemukan.")
    )


def candidate_for(user: User, pk: int, *, respondent: str) -> NeedCandidate:
    """The candidate if the user may answer it as ``respondent``; NotFound otherwise."""
    scope = (
        candidates_for_supervisor(user)
        if respondent == RespondentKind.SUPERVISOR
        else candidates_for_employee(user)
    )
    candidate = scope.filter(pk=pk).first()
    if candidate is None:
        raise _not_yours()
    return candidate


def answer_need(
    candidate: NeedCandidate,
    *,
    by: User,
    respondent: str,
    needed: bool,
    beneficial: bool,
    harmful_if_absent: bool,
    comment: str = "",
    now: datetime,
) -> NeedAnswer:
    """Record (or change) the user's answers to the three TNA questions for a candidate.

    A pimpinan answers only for candidates of an institution they lead; an employee only
    for a candidate that covers their own gap. Others get ``not_your_candidate`` (404). A
    final analysis refuses answers (409). One answer per user and candidate: answering
    again replaces it.
    """
    analysis = candidate.analysis
    employee = None
    if respondent == RespondentKind.SUPERVISOR:
        if not by.has_role(Role.PIMPINAN) or (
            analysis.institution_id not in supervised_institution_ids(by)
        ):
            raise _not_yours()
    elif respondent == RespondentKind.EMPLOYEE:
        if not by.employee_id or not candidate.targets.filter(employee_id=by.employee_id).exists():
            raise _not_yours()
        employee = by.employee
    else:
        raise PlanningInvalid(PlanningErrorCode.INVALID_ANSWER, _("Responden tidak dikenal."))
    if NeedsAnalysis.objects.filter(pk=analysis.pk, status=AnalysisStatus.FINAL).exists():
        raise _final()
    answer, _created = NeedAnswer.objects.update_or_create(
        candidate=candidate,
        answered_by=by,
        defaults={
            "respondent": respondent,
            "employee": employee,
            "needed": bool(needed),
            "beneficial": bool(beneficial),
            "harmful_if_absent": bool(harmful_if_absent),
            "comment": comment.strip(),
            "answered_at": now,
        },
    )
    return answer


# --- export ---------------------------------------------------------------------------------

PLAN_SHEET = "Rencana Pengembangan Kompetensi"
TARGET_SHEET = "Sasaran PNS"


def _plans_by_program(analysis: NeedsAnalysis, program_ids: set[int]) -> dict[int, ProgramPlan]:
    """The plan of each program for the analysis year: approved first, then the newest."""
    order = {PlanStatus.APPROVED: 0, PlanStatus.SUBMITTED: 1, PlanStatus.DRAFT: 2}
    plans: dict[int, ProgramPlan] = {}
    candidates = (
        ProgramPlan.objects.filter(program_id__in=program_ids, year=analysis.year)
        .exclude(status=PlanStatus.RETURNED)
        .order_by("-created_at")
    )
    for plan in sorted(candidates, key=lambda p: order.get(p.status, 9)):
        plans.setdefault(plan.program_id, plan)
    return plans


def needs_rows(analysis: NeedsAnalysis) -> list[tuple[object, ...]]:
    candidates = list(ranked_needs(analysis))
    plans = _plans_by_program(analysis, {c.program_id for c in candidates})
    rows = []
    for number, c in enumerate(candidates, start=1):
        plan = plans.get(c.program_id)
        schedule = ""
        if plan and plan.starts_on and plan.ends_on:
            schedule = f"{plan.starts_on:%d-%m-%Y} s.d. {plan.ends_on:%d-%m-%Y}"
        total = budget_total(plan) if plan else None
        rows.append(
            (
                number,
                c.competency.get_competency_type_display(),
                c.competency.name,
                f"{c.program.title} ({c.program.get_learning_form_display()})",
                c.headcount,
                float(c.average_gap),
                c.needed_yes,
                c.beneficial_yes,
                c.harmful_yes,
                c.answers_total,
                PROVIDER_NAME,
                schedule,
                float(total) if total is not None else "",
            )
        )
    return rows


def target_rows(analysis: NeedsAnalysis) -> list[tuple[object, ...]]:
    targets = (
        NeedTarget.objects.filter(candidate__analysis=analysis)
        .select_related("employee__unit", "candidate__program", "candidate__competency")
        .annotate(position_label=F("employee__planning_assignment__position__name"))
        .order_by("candidate__rank", "employee__name")
    )
    return [
        (
            number,
            str(t.employee.nip),  # text, so a spreadsheet keeps all 18 digits
            t.employee.name,
            t.employee.unit.name if t.employee.unit else "",
            t.position_label or t.employee.position_name,
            t.candidate.competency.name,
            t.candidate.program.title,
            t.required_level,
            t.assessed_level,
            t.gap,
        )
        for number, t in enumerate(targets, start=1)
    ]


def needs_xlsx(analysis: NeedsAnalysis) -> bytes:
    """The analysis as the annual "rencana pengembangan kompetensi" an agency attaches to
    its plan (PP 11/2017 Pasal 205–207: competency type, target PNS, route, provider,
    schedule, budget), plus a sheet of the target employees (NIP as text)."""
    plan_header = (
        pgettext("nomor urut", "No"),
        _("Jenis kompetensi"),
        _("Kompetensi"),
        _("Program/jalur pengembangan"),
        _("Sasaran (jumlah PNS)"),
        _("Rata-rata kesenjangan"),
        _("TNA: dibutuhkan (ya)"),
        _("TNA: bermanfaat (ya)"),
        _("TNA: merugikan bila tidak (ya)"),
        _("Jumlah penjawab TNA"),
        _("Penyelenggara"),
        _("Jadwal"),
        _("Anggaran (Rp)"),
    )
    target_header = (
        pgettext("nomor urut", "No"),
        _("NIP"),
        _("Nama"),
        _("Unit kerja"),
        _("Jabatan"),
        _("Kompetensi"),
        _("Program"),
        _("Level standar"),
        _("Level saat ini"),
        _("Kesenjangan"),
    )
    return xlsx_bytes(
        {
            PLAN_SHEET: (plan_header, needs_rows(analysis)),
            TARGET_SHEET: (target_header, target_rows(analysis)),
        }
    )


def analyses_for_list() -> QuerySet[NeedsAnalysis]:
    return (
        NeedsAnalysis.objects.select_related("institution")
        .annotate(candidate_count=Count("candidates"))
        .order_by("-year", "institution__name", "pk")
    )
