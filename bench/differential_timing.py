"""K2 (RELIABILITY.md): does a correct answer save in a different time from an incorrect one?

    .venv/bin/python bench/differential_timing.py [--samples 200]

An in-process run on the test settings (in-memory SQLite, the real API through Django's test
client with a Bearer token): one participant starts a final exam; the script then saves,
in random interleaved order, ``--samples`` correct and ``--samples`` incorrect answers and
times each request. It prints the medians and a two-sided Mann-Whitney U test; K2 asks for
p > 0.01 (no detectable difference). The save statement never reads the key, so a
difference would come from somewhere new. That responses are identical is a unit test
(tests/assessments/test_differential_response.py).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkom.settings_test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, serialize=False)


def mann_whitney_p(first: list[float], second: list[float]) -> float:
    """Two-sided p of the Mann-Whitney U test (normal approximation, tie-corrected)."""
    pooled = sorted([(value, 0) for value in first] + [(value, 1) for value in second])
    ranks = [0.0] * len(pooled)
    ties = 0.0
    start = 0
    while start < len(pooled):
        end = start
        while end + 1 < len(pooled) and pooled[end + 1][0] == pooled[start][0]:
            end += 1
        for index in range(start, end + 1):
            ranks[index] = (start + end) / 2 + 1
        tied = end - start + 1
        ties += tied**3 - tied
        start = end + 1
    n1, n2 = len(first), len(second)
    rank_sum = sum(rank for rank, (_value, group) in zip(ranks, pooled, strict=True) if group == 0)
    u = rank_sum - n1 * (n1 + 1) / 2
    n = n1 + n2
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))))
    z = (u - n1 * n2 / 2) / sigma if sigma else 0.0
    return math.erfc(abs(z) / math.sqrt(2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    setup_django()

    from django.test import Client
    from django.utils import timezone

    from bangkom.accounts.tokens import issue_token
    from bangkom.assessments.choices import AssessmentKind
    from bangkom.assessments.models import Assessment, ItemVersion
    from bangkom.assessments.option_ids import option_token
    from tests.accounts.factories import UserFactory
    from tests.assessments.factories import AssessmentFactory, make_bank
    from tests.learning.factories import EnrollmentFactory

    participant = UserFactory(roles=["peserta"])
    enrollment = EnrollmentFactory(participant=participant, offering__running=True)
    bank = make_bank(enrollment.offering.program, size=40)
    exam: Assessment = AssessmentFactory(
        offering=enrollment.offering, kind=AssessmentKind.FINAL, item_count=20, banks=[bank]
    )
    raw, _token = issue_token(participant, now=timezone.now())
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    attempt = client.post(
        f"/api/v1/assessments/{exam.pk}/attempts",
        {"enrollment_id": enrollment.pk},
        content_type="application/json",
    ).json()
    attempt_id = attempt["attempt_id"]

    choices = []
    for item in attempt["items"]:
        drawn = ItemVersion.objects.get(item_id=item["item_id"]).options
        right = next(i for i, o in enumerate(drawn) if o["correct"])
        wrong = next(i for i, o in enumerate(drawn) if not o["correct"])
        choices.append(
            (
                item["item_id"],
                option_token(attempt_id, item["item_id"], right),
                option_token(attempt_id, item["item_id"], wrong),
            )
        )
    plan = [True] * args.samples + [False] * args.samples
    random.shuffle(plan)
    timings: dict[bool, list[float]] = {True: [], False: []}
    for seq, correct in enumerate(plan, start=1):
        item_id, right, wrong = random.choice(choices)
        started = time.perf_counter()
        response = client.put(
            f"/api/v1/attempts/{attempt_id}/answers/{item_id}",
            {"option_ids": [right if correct else wrong], "client_seq": seq},
            content_type="application/json",
        )
        timings[correct].append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"save refused: {response.status_code} {response.content!r}")

    p_value = mann_whitney_p(timings[True], timings[False])
    print(
        f"samples {args.samples} + {args.samples}; median correct "
        f"{statistics.median(timings[True]) * 1000:.3f} ms, incorrect "
        f"{statistics.median(timings[False]) * 1000:.3f} ms; Mann-Whitney p = {p_value:.3f} "
        f"({'no detectable difference' if p_value > 0.01 else 'DIFFERENCE (p <= 0.01)'})"
    )


if __name__ == "__main__":
    main()
