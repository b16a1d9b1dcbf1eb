"""Item analysis of an assessment (classical test theory, as Moodle's quiz statistics).

Per item: facility index (mean item score 0–1), discrimination as the point-biserial
correlation of the item with the rest of the test and as the upper–lower 27 % difference,
how often each option was chosen (distractor analysis, in the bank's original option order),
and exposure (how many forms drew it). Per assessment: mean and standard deviation of the
scores, a 10-point histogram, and internal consistency — KR-20 for dichotomous items,
Cronbach's alpha otherwise. Items with negative discrimination are flagged for review.

By default only each participant's first finished attempt counts (Moodle's default): later
attempts are by people who have seen feedback and some of the items.

The statistics (``analyse`` and the functions it calls) are pure functions of plain values;
only ``assessment_analysis`` reads the database (a fixed number of queries).

Choices worth knowing:
- item scores are fractions earned/maximum, so partial credit and graded (TKP) items fit;
- the rest score is the participant's raw total minus the item, over the items they drew;
- variances in KR-20/alpha are population variances on both sides of the ratio (the
  n/(n-1) factor cancels); the reported SD of scores is the sample SD (n-1);
- with per-participant random forms there is no common item set: reliability is then
  estimated with k = the usual form length and the exposure-weighted mean item variance,
  and marked as an estimate;
- upper and lower groups are the top and bottom round(27 % × N) attempts by score, ties
  broken by attempt id (earlier first).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from bangkom.assessments.choices import AttemptStatus, ItemType
from bangkom.assessments.models import Answer, Assessment, Attempt, ItemVersion
from bangkom.assessments.option_ids import decode_options
from bangkom.assessments.scoring import ScoredItem, score_item

GROUP_SHARE = 0.27  # Kelley's upper–lower 27 %
HISTOGRAM_BINS = 10  # 0–9, 10–19, …, 90–100


@dataclass(frozen=True)
class ItemResponse:
    item_id: int
    fraction: float  # earned / maximum, 0–1
    chosen: tuple[int, ...] = ()  # original option indexes chosen


@dataclass(frozen=True)
class AttemptResponses:
    attempt_id: int
    score: float  # the attempt's score, 0–100
    responses: tuple[ItemResponse, ...]

    @property
    def raw_total(self) -> float:
        return sum(r.fraction for r in self.responses)


@dataclass(frozen=True)
class ItemStats:
    item_id: int
    n: int  # analysed attempts that drew the item
    facility: float | None  # 0–1
    point_biserial: float | None
    upper_lower: float | None
    option_counts: tuple[int, ...]  # per original option
    blank: int  # drew the item and left it unanswered

    @property
    def flagged(self) -> bool:
        """Negative discrimination: the stronger participants did worse on it (review it)."""
        return (self.point_biserial is not None and self.point_biserial < 0) or (
            self.upper_lower is not None and self.upper_lower < 0
        )


@dataclass(frozen=True)
class TestStats:
    n: int
    mean: float | None
    sd: float | None
    reliability: float | None
    reliability_kind: str  # "kr20" (all items dichotomous) or "alpha"
    reliability_is_estimate: bool
    histogram: tuple[int, ...] = field(default=(0,) * HISTOGRAM_BINS)


@dataclass(frozen=True)
class Analysis:
    test: TestStats
    items: list[ItemStats]


def analyse(
    attempts: Sequence[AttemptResponses], *, option_counts: Mapping[int, int] | None = None
) -> Analysis:
    """Compute the item and test statistics of the given attempts.

    ``option_counts`` gives each item's number of options (so unchosen options count 0).
    Items are returned in order of first appearance.
    """
    option_counts = option_counts or {}
    upper, lower = _groups(attempts)
    by_item: dict[int, list[tuple[AttemptResponses, ItemResponse]]] = defaultdict(list)
    for attempt in attempts:
        for response in attempt.responses:
            by_item[response.item_id].append((attempt, response))
    items = [
        _item_stats(item_id, rows, upper, lower, option_counts.get(item_id, 0))
        for item_id, rows in by_item.items()
    ]
    return Analysis(test=_test_stats(attempts), items=items)


def _item_stats(
    item_id: int,
    rows: list[tuple[AttemptResponses, ItemResponse]],
    upper: set[int],
    lower: set[int],
    option_count: int,
) -> ItemStats:
    fractions = [response.fraction for _attempt, response in rows]
    rests = [attempt.raw_total - response.fraction for attempt, response in rows]
    counts = [0] * max(option_count, 1 + max((i for _a, r in rows for i in r.chosen), default=-1))
    for _attempt, response in rows:
        for index in response.chosen:
            counts[index] += 1
    upper_scores = [r.fraction for a, r in rows if a.attempt_id in upper]
    lower_scores = [r.fraction for a, r in rows if a.attempt_id in lower]
    upper_lower = (
        _mean(upper_scores) - _mean(lower_scores) if upper_scores and lower_scores else None
    )
    return ItemStats(
        item_id=item_id,
        n=len(rows),
        facility=_mean(fractions) if fractions else None,
        point_biserial=pearson(fractions, rests),
        upper_lower=upper_lower,
        option_counts=tuple(counts),
        blank=sum(1 for _a, r in rows if not r.chosen),
    )


def _groups(attempts: Sequence[AttemptResponses]) -> tuple[set[int], set[int]]:
    if len(attempts) < 2:
        return set(), set()
    size = max(1, round(GROUP_SHARE * len(attempts)))
    ranked = sorted(attempts, key=lambda a: (-a.score, a.attempt_id))
    return {a.attempt_id for a in ranked[:size]}, {a.attempt_id for a in ranked[-size:]}


def _test_stats(attempts: Sequence[AttemptResponses]) -> TestStats:
    scores = [a.score for a in attempts]
    histogram = [0] * HISTOGRAM_BINS
    for score in scores:
        histogram[min(int(score // 10), HISTOGRAM_BINS - 1)] += 1
    fractions = [r.fraction for a in attempts for r in a.responses]
    kind = "kr20" if all(f in (0.0, 1.0) for f in fractions) else "alpha"
    reliability, estimate = reliability_of(attempts)
    return TestStats(
        n=len(attempts),
        mean=_mean(scores) if scores else None,
        sd=_sample_sd(scores),
        reliability=reliability,
        reliability_kind=kind,
        reliability_is_estimate=estimate,
        histogram=tuple(histogram),
    )


def reliability_of(attempts: Sequence[AttemptResponses]) -> tuple[float | None, bool]:
    """KR-20 / Cronbach's alpha, and whether it is an estimate (forms differ).

    alpha = k/(k−1) × (1 − Σ var(item) / var(total)); None when undefined (fewer than two
    attempts or items, or no spread of totals).
    """
    if len(attempts) < 2:
        return None, False
    item_sets = {frozenset(r.item_id for r in a.responses) for a in attempts}
    if len(item_sets) == 1:
        (items,) = item_sets
        totals = [a.raw_total for a in attempts]
        columns: dict[int, list[float]] = defaultdict(list)
        for attempt in attempts:
            for response in attempt.responses:
                columns[response.item_id].append(response.fraction)
        item_variance = sum(_population_variance(column) for column in columns.values())
        return _alpha(len(items), item_variance, _population_variance(totals)), False
    lengths = Counter(len(a.responses) for a in attempts)
    k = lengths.most_common(1)[0][0]
    same_length = [a for a in attempts if len(a.responses) == k]
    columns = defaultdict(list)
    for attempt in attempts:
        for response in attempt.responses:
            columns[response.item_id].append(response.fraction)
    weighted = [(len(c), _population_variance(c)) for c in columns.values() if len(c) > 1]
    drawn = sum(n for n, _v in weighted)
    if len(same_length) < 2 or not drawn:
        return None, True
    mean_variance = sum(n * v for n, v in weighted) / drawn
    totals = [a.raw_total for a in same_length]
    return _alpha(k, k * mean_variance, _population_variance(totals)), True


def _alpha(k: int, item_variance: float, total_variance: float) -> float | None:
    if k < 2 or total_variance <= 0:
        return None
    return k / (k - 1) * (1 - item_variance / total_variance)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; None with fewer than two pairs or no spread on either side."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x <= 0 or var_y <= 0:
        return None
    return cov / math.sqrt(var_x * var_y)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _population_variance(values: Sequence[float]) -> float:
    if not values:
        return 0.0
    mean = _mean(values)
    return sum((v - mean) ** 2 for v in values) / len(values)


def _sample_sd(values: Sequence[float]) -> float | None:
    if len(values) < 2:
        return None
    mean = _mean(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


# --- reading the attempts -----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemInfo:
    item_id: int
    stem_text: str  # plain text, shortened
    item_type: str
    option_count: int
    key: tuple[int, ...]  # keyed original option indexes (empty for graded items)
    exposure: int  # attempts of this assessment that drew it (trial and voided ones aside)


@dataclass(frozen=True)
class AssessmentAnalysis:
    analysis: Analysis
    items: dict[int, ItemInfo]
    first_only: bool


def assessment_analysis(assessment: Assessment, *, first_only: bool = True) -> AssessmentAnalysis:
    """Analyse the finished, non-trial, non-voided attempts of an assessment (3 queries).

    ``first_only``: only each enrolment's first such attempt (the default, as Moodle).
    Exposure counts every non-trial, non-voided attempt of this assessment that drew the
    item, open ones included.
    """
    counted = (
        Attempt.objects.filter(assessment=assessment, is_trial=False)
        .exclude(status=AttemptStatus.VOIDED)
        .order_by("enrollment_id", "number")
    )
    finished_states = (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)
    attempts: list[dict] = []
    exposure: Counter[int] = Counter()
    seen_enrollments: set[int] = set()
    for row in counted.values("pk", "enrollment_id", "status", "score", "form"):
        exposure.update(entry["item"] for entry in row["form"])
        if row["status"] not in finished_states or row["score"] is None:
            continue
        if first_only and row["enrollment_id"] in seen_enrollments:
            continue
        seen_enrollments.add(row["enrollment_id"])
        attempts.append(row)
    chosen: dict[tuple[int, int], list[str]] = {
        (attempt_id, item_id): option_ids
        for attempt_id, item_id, option_ids in Answer.objects.filter(
            attempt_id__in=counted.filter(status__in=finished_states).values("pk")
        ).values_list("attempt_id", "item_id", "option_ids")
    }
    version_ids = {entry["version"] for row in attempts for entry in row["form"]}
    versions = ItemVersion.objects.select_related("item").in_bulk(version_ids)
    responses = [_responses_of(row, versions, chosen) for row in attempts]
    infos = _item_infos(attempts, versions, exposure)
    analysis = analyse(
        responses, option_counts={pk: info.option_count for pk, info in infos.items()}
    )
    return AssessmentAnalysis(analysis=analysis, items=infos, first_only=first_only)


def _responses_of(row: dict, versions: dict, chosen: dict) -> AttemptResponses:
    responses = []
    for entry in row["form"]:
        version = versions[entry["version"]]
        indexes = decode_options(
            row["pk"], entry["item"], chosen.get((row["pk"], entry["item"])) or []
        )
        picked = tuple(i for i in (indexes or []) if i < len(version.options))
        result = score_item(
            ScoredItem(
                item_type=version.item.item_type,
                options=version.options,
                chosen=frozenset(picked),
                weight=version.weight or Decimal(1),
                partial_credit=version.partial_credit,
            )
        )
        fraction = float(result.earned / result.maximum) if result.maximum > 0 else 0.0
        responses.append(ItemResponse(entry["item"], fraction, picked))
    return AttemptResponses(row["pk"], float(row["score"]), tuple(responses))


def _item_infos(
    attempts: list[dict], versions: dict, exposure: Counter[int]
) -> dict[int, ItemInfo]:
    latest: dict[int, ItemVersion] = {}
    for row in attempts:
        for entry in row["form"]:
            version = versions[entry["version"]]
            current = latest.get(entry["item"])
            if current is None or version.number > current.number:
                latest[entry["item"]] = version
    infos = {}
    for item_id, version in latest.items():
        graded = version.item.item_type == ItemType.GRADED
        infos[item_id] = ItemInfo(
            item_id=item_id,
            stem_text=Truncator(strip_tags(version.stem_html)).chars(120),
            item_type=version.item.item_type,
            option_count=len(version.options),
            key=()
            if graded
            else tuple(i for i, option in enumerate(version.options) if option.get("correct")),
            exposure=exposure[item_id],
        )
    return infos


def _rounded(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def analysis_sheets(result: AssessmentAnalysis) -> dict[str, tuple[list[str], list[list[object]]]]:
    """The analysis as two spreadsheet sheets: per item, and the assessment's summary."""
    letters = "ABCDEFGHIJ"
    width = max((len(s.option_counts) for s in result.analysis.items), default=0)
    header = [
        _("Nomor"),
        _("ID butir"),
        _("Pertanyaan"),
        _("Jumlah peserta"),
        _("Indeks kesukaran (p)"),
        _("Daya beda point-biserial"),
        _("Daya beda atas-bawah 27%"),
        *[_("Pilihan %(letter)s") % {"letter": letters[i]} for i in range(width)],
        _("Kunci"),
        _("Kosong"),
        _("Keterpaparan"),
        _("Perlu ditelaah"),
    ]
    rows: list[list[object]] = []
    for number, stats in enumerate(result.analysis.items, start=1):
        info = result.items[stats.item_id]
        counts = list(stats.option_counts) + [None] * (width - len(stats.option_counts))
        rows.append(
            [
                number,
                stats.item_id,
                info.stem_text,
                stats.n,
                _rounded(stats.facility),
                _rounded(stats.point_biserial),
                _rounded(stats.upper_lower),
                *counts,
                ", ".join(letters[i] for i in info.key),
                stats.blank,
                info.exposure,
                _("Ya") if stats.flagged else "",
            ]
        )
    test = result.analysis.test
    summary = [
        [_("Jumlah peserta"), test.n],
        [_("Hanya percobaan pertama"), _("Ya") if result.first_only else _("Tidak")],
        [_("Rata-rata nilai"), _rounded(test.mean, 2)],
        [_("Simpangan baku"), _rounded(test.sd, 2)],
        [
            "KR-20" if test.reliability_kind == "kr20" else "Cronbach's alpha",
            _rounded(test.reliability),
        ],
        [
            _("Reliabilitas berupa perkiraan (paket acak)"),
            _("Ya") if test.reliability_is_estimate else _("Tidak"),
        ],
        *[[label, count] for label, count in zip(histogram_labels(), test.histogram, strict=True)],
    ]
    return {
        _("Butir"): (header, rows),
        _("Ringkasan"): ([_("Ukuran"), _("Nilai")], summary),
    }


def histogram_labels() -> list[str]:
    """Labels of the histogram's 10-point bins: 0–9, 10–19, …, 90–100."""
    return [
        f"{i * 10}–{i * 10 + 9 if i < HISTOGRAM_BINS - 1 else 100}" for i in range(HISTOGRAM_BINS)
    ]
