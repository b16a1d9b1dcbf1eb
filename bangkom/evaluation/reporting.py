"""Survey results, only ever in aggregate and only past the anonymity threshold.

Nothing here returns a single response: an instrument with fewer than ``min_responses()``
responses yields no numbers at all (issue 8: "shown only in aggregate once at least 5
people have answered"). Open answers come back shuffled, never with an author or a time.

``likert_summary_for_offering`` and ``survey_response_rate`` are the contract with the
dashboards (``bangkom/reports``).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, Sum

from bangkom.curriculum.models import Offering
from bangkom.evaluation.choices import InstrumentTarget, ItemKind
from bangkom.evaluation.models import (
    ImpactInvitation,
    SurveyAnswer,
    SurveyInstrument,
    SurveyItem,
    SurveyParticipation,
    SurveyResponse,
)
from bangkom.evaluation.rules import min_responses

DASHBOARD_TARGETS = (
    InstrumentTarget.PROGRAM,
    InstrumentTarget.FACILITATOR,
    InstrumentTarget.ORGANIZER,
)
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class LikertRow:
    instrument: str
    statement: str
    scale: int
    counts: tuple[int, ...]  # index 0 = value 1
    total: int
    percent_agree: float  # share of the top two values, 0..100, 1 decimal

    @property
    def percents(self) -> tuple[float, ...]:
        """Share of each value, 0..100, 1 decimal (index 0 = value 1)."""
        return tuple(percent(count, self.total) for count in self.counts)


@dataclass(frozen=True)
class InstrumentResults:
    """What a report may show of one instrument: nothing below the threshold."""

    instrument: SurveyInstrument
    responses: int
    threshold: int
    rows: tuple[LikertRow, ...]
    open_answers: tuple[tuple[str, tuple[str, ...]], ...]  # (question, shuffled answers)

    @property
    def enough(self) -> bool:
        return self.responses >= self.threshold


def percent(part: int, whole: int) -> float:
    """``part / whole`` as a percentage rounded half-up to 1 decimal; 0 when whole is 0."""
    if not whole:
        return 0.0
    return float((Decimal(100 * part) / Decimal(whole)).quantize(ONE_PLACE, ROUND_HALF_UP))


def response_counts(instrument_ids: Iterable[int]) -> dict[int, int]:
    """Instrument pk → number of responses, one query."""
    rows = (
        SurveyResponse.objects.filter(instrument_id__in=list(instrument_ids))
        .values("instrument_id")
        .annotate(n=Count("id"))
    )
    return {row["instrument_id"]: row["n"] for row in rows}


def _likert_rows(instruments: Sequence[SurveyInstrument]) -> list[LikertRow]:
    """Rows of instruments already known to pass the threshold, in instrument/item order."""
    if not instruments:
        return []
    by_pk = {i.pk: i for i in instruments}
    counts: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    template_ids = {i.template_id for i in instruments}
    items_of: dict[int, list[SurveyItem]] = defaultdict(list)
    for item in SurveyItem.objects.filter(
        template_id__in=template_ids, kind=ItemKind.LIKERT
    ).order_by("order"):
        items_of[item.template_id].append(item)
    # Filter on the response side first (the instruments' responses, an indexed subquery)
    # and on the Likert items already loaded, then join back only for the instrument id.
    likert_item_ids = [item.pk for items in items_of.values() for item in items]
    responses = SurveyResponse.objects.filter(instrument_id__in=list(by_pk)).values("pk")
    for row in (
        SurveyAnswer.objects.filter(
            response_id__in=responses,
            item_id__in=likert_item_ids,
            value__isnull=False,
        )
        .values("response__instrument_id", "item_id", "value")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[(row["response__instrument_id"], row["item_id"])][row["value"]] = row["n"]
    rows = []
    for instrument in instruments:
        scale = instrument.template.scale_points
        for item in items_of[instrument.template_id]:
            found = counts.get((instrument.pk, item.pk), {})
            values = tuple(found.get(v, 0) for v in range(1, scale + 1))
            total = sum(values)
            agree = sum(values[-2:]) if scale >= 2 else total
            rows.append(
                LikertRow(
                    instrument=instrument.title,
                    statement=item.text,
                    scale=scale,
                    counts=values,
                    total=total,
                    percent_agree=percent(agree, total),
                )
            )
    return rows


def _passing(instruments: Sequence[SurveyInstrument]) -> list[SurveyInstrument]:
    n = response_counts(i.pk for i in instruments)
    threshold = min_responses()
    return [i for i in instruments if n.get(i.pk, 0) >= threshold]


def likert_summary_for_offering(offering: Offering) -> list[LikertRow]:
    """Likert rows of the offering's program/facilitator/organizer instruments that have at
    least the threshold of responses ([] otherwise), by instrument (program, facilitators,
    organizer; then title) then item order."""
    instruments = sorted(
        SurveyInstrument.objects.filter(
            offering=offering, target__in=DASHBOARD_TARGETS
        ).select_related("template"),
        key=lambda i: (DASHBOARD_TARGETS.index(i.target), i.title, i.pk),
    )
    return _likert_rows(_passing(instruments))


def survey_response_rate(instrument: SurveyInstrument) -> tuple[int, int]:
    """(answered, invited) of an instrument; invited counts everyone asked to answer."""
    from bangkom.evaluation.surveys import respondents_of

    answered = SurveyParticipation.objects.filter(instrument=instrument).count()
    invited = len(respondents_of(instrument))
    return answered, max(invited, answered)


def instrument_results(
    instrument: SurveyInstrument, *, seed: int | None = None
) -> InstrumentResults:
    """The aggregate results of one instrument, or no numbers when below the threshold."""
    threshold = min_responses()
    n = response_counts([instrument.pk]).get(instrument.pk, 0)
    if n < threshold:
        return InstrumentResults(instrument, n, threshold, (), ())
    rows = tuple(_likert_rows([instrument]))
    return InstrumentResults(instrument, n, threshold, rows, _open_answers(instrument, seed))


def _open_answers(instrument: SurveyInstrument, seed: int | None) -> tuple:
    grouped: dict[int, list[str]] = defaultdict(list)
    for item_id, text in (
        SurveyAnswer.objects.filter(response__instrument=instrument, item__kind=ItemKind.OPEN)
        .exclude(text="")
        .values_list("item_id", "text")
    ):
        grouped[item_id].append(text)
    shuffler = random.Random(seed)  # noqa: S311 (ordering only, not security)
    result = []
    for item in SurveyItem.objects.filter(
        template_id=instrument.template_id, kind=ItemKind.OPEN
    ).order_by("order"):
        answers = grouped.get(item.pk, [])
        shuffler.shuffle(answers)
        result.append((item.text, tuple(answers)))
    return tuple(result)


@dataclass(frozen=True)
class FacilitatorRating:
    mean: float | None  # mean Likert value, 2 decimals; None without a qualifying instrument
    n_responses: int
    n_instruments: int


def facilitator_rating(user) -> tuple[float | None, int, int]:  # noqa: ANN001
    """(mean, n_responses, n_instruments) over the facilitator instruments rating ``user``
    that reached the threshold; instruments below it contribute nothing."""
    rating = facilitator_ratings([user.pk]).get(user.pk, FacilitatorRating(None, 0, 0))
    return rating.mean, rating.n_responses, rating.n_instruments


def facilitator_ratings(user_ids: Iterable[int]) -> dict[int, FacilitatorRating]:
    """Ratings of several facilitators in three queries."""
    instruments = list(
        SurveyInstrument.objects.filter(
            target=InstrumentTarget.FACILITATOR, facilitator_id__in=list(user_ids)
        )
    )
    n = response_counts(i.pk for i in instruments)
    threshold = min_responses()
    passing = [i for i in instruments if n.get(i.pk, 0) >= threshold]
    sums = {
        row["response__instrument_id"]: (row["total"], row["count"])
        for row in SurveyAnswer.objects.filter(
            response__instrument_id__in=[i.pk for i in passing],
            item__kind=ItemKind.LIKERT,
            value__isnull=False,
        )
        .values("response__instrument_id")
        .annotate(total=Sum("value"), count=Count("id"))
    }
    ratings: dict[int, list] = defaultdict(lambda: [0, 0, 0, 0])  # sum, count, responses, instr
    for instrument in passing:
        acc = ratings[instrument.facilitator_id]
        total, count = sums.get(instrument.pk, (0, 0))
        acc[0] += total
        acc[1] += count
        acc[2] += n[instrument.pk]
        acc[3] += 1
    return {
        user_id: FacilitatorRating(round(acc[0] / acc[1], 2) if acc[1] else None, acc[2], acc[3])
        for user_id, acc in ratings.items()
    }


def mean_value(instrument_ids: Iterable[int], *, extra: Q | None = None) -> float | None:
    """Mean Likert value over answers of these instruments (caller checks the threshold)."""
    query = SurveyAnswer.objects.filter(
        response__instrument_id__in=list(instrument_ids),
        item__kind=ItemKind.LIKERT,
        value__isnull=False,
    )
    if extra is not None:
        query = query.filter(extra)
    value = query.aggregate(mean=Avg("value"))["mean"]
    return round(float(value), 2) if value is not None else None


def impact_invited(instrument_ids: Iterable[int]) -> int:
    return ImpactInvitation.objects.filter(instrument_id__in=list(instrument_ids)).count()
