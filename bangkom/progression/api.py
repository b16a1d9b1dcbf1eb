"""API endpoint of the progression context (API.md: Reports).

``GET /api/v1/reports/jp?year=YYYY[&institution=ID]``: pengelola and admin see every
institution; a pimpinan only the institutions they supervise (another one → 403). The
route's role rule (progression/access.py) refuses everyone else with 403. A missing or
invalid year answers ``422 code=invalid_input``.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router

from bangkom.accounts.schemas import ErrorOut
from bangkom.progression.errors import ProgressionInvalid
from bangkom.progression.ledger import jp_report, report_institutions_for
from bangkom.progression.schemas import JpReportRowOut

router = Router(tags=["reports"])

MIN_YEAR, MAX_YEAR = 2000, 2100


@router.get(
    "/reports/jp",
    url_name="reports-jp",
    response={200: list[JpReportRowOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def reports_jp(
    request: HttpRequest, year: str | None = None, institution: str | None = None
) -> list[JpReportRowOut]:
    year_value = _integer(year, minimum=MIN_YEAR, maximum=MAX_YEAR)
    if year_value is None:
        raise ProgressionInvalid(_("Parameter year wajib berupa tahun (YYYY)."), field="year")
    institution_id = None
    if institution not in (None, ""):
        institution_id = _integer(institution, minimum=1)
        if institution_id is None:
            raise ProgressionInvalid(
                _("Parameter institution harus berupa ID instansi."), field="institution"
            )
    scope = report_institutions_for(request.auth, institution_id)
    return [
        JpReportRowOut(
            nip=row.nip,
            name=row.name,
            institution=row.institution,
            jp=float(row.jp),
            meets_minimum=row.meets_minimum,
        )
        for row in jp_report(year_value, institution_ids=scope)
    ]


def _integer(value: str | None, *, minimum: int, maximum: int | None = None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    number = int(value.strip())
    if number < minimum or (maximum is not None and number > maximum):
        return None
    return number
