import pytest
from django.db import connection
from django.utils import timezone
from bangkom.assessments.attempts import save_answer, start_attempt, submit_attempt, void_attempt
from bangkom.assessments.models import Answer, Attempt
from bangkom.assessments.option_ids import option_token
from tests.assessments.test_concurrency import run_in_parallel, exam  # noqa
from tests.assessments.reliability_support import independent_score
from tests.accounts.factories import UserFactory
pytestmark = [pytest.mark.django_db(transaction=True)]

def test_race(exam, peserta):
    assessment, enrollment = exam
    mgr = UserFactory()
    bad = 0
    for n in range(40):
        attempt, _ = start_attempt(assessment, enrollment=enrollment, participant=peserta, now=timezone.now())
        def work(i):
            if i == 0:
                return submit_attempt(Attempt.objects.get(pk=attempt.pk), now=timezone.now()).status
            e = attempt.form[(i - 1) % len(attempt.form)]
            return save_answer(attempt_id=attempt.pk, item_id=e["item"], option_ids=[option_token(attempt.pk, e["item"], 0)], client_seq=1, now=timezone.now(), user_id=peserta.pk)
        res = run_in_parallel(6, work)
        attempt.refresh_from_db()
        stored = dict(Answer.objects.filter(attempt=attempt).values_list("item_id", "option_ids"))
        if attempt.score != independent_score(attempt.form, stored, attempt.pk):
            bad += 1
            print("MISMATCH", n, attempt.score, independent_score(attempt.form, stored, attempt.pk), res)
        void_attempt(attempt, by=mgr, reason="x", now=timezone.now())
    print("bad", bad)
    assert bad == 0
