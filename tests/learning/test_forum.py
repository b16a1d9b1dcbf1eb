"""Forums: who may post, sanitised Markdown, the facilitator's answer, in-app notifications."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bangkom.common.errors import InvalidInput, NotFound
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.forum import can_use_forum, reply, start_thread
from bangkom.learning.models import ForumPost, ForumThread
from bangkom.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.curriculum.factories import OfferingFactory, SubjectFactory
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 1, 10, 3, 0, tzinfo=UTC)

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    '<a href="data:text/html,<script>alert(1)</script>">d</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<a href="JaVaScRiPt:alert(1)">j</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


@pytest.fixture
def offering():
    return OfferingFactory(running=True)


@pytest.fixture
def subject(offering, widyaiswara):
    subject = SubjectFactory(program=offering.program)
    subject.facilitators.add(widyaiswara)
    return subject


@pytest.fixture
def classmates(offering, peserta, home_institution):
    other = UserFactory(institution=home_institution, roles=["peserta"])
    for user in (peserta, other):
        EnrollmentFactory(offering=offering, participant=user)
    return peserta, other


@pytest.fixture
def thread(offering, subject, classmates):
    return start_thread(
        offering,
        subject,
        author=classmates[0],
        title="Cara menulis policy brief",
        body_markdown="Mohon **contoh**.",
        now=NOW,
    )


def test_thread_body_is_rendered_from_markdown(thread):
    assert thread.body_html == "<p>Mohon <strong>contoh</strong>.</p>"
    assert thread.body_markdown == "Mohon **contoh**."


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_stored_inert(thread, classmates, payload):
    post = reply(thread, author=classmates[1], body_markdown=f"Lihat {payload}", now=NOW)

    html = post.body_html.lower()
    assert "<script" not in html
    assert "onerror" not in html
    assert "onload" not in html
    assert "javascript:" not in html
    assert "data:text/html" not in html
    assert "<iframe" not in html
    assert "<style" not in html
    assert "<svg" not in html


def test_facilitators_reply_is_marked_as_their_answer(thread, widyaiswara):
    post = reply(thread, author=widyaiswara, body_markdown="Gunakan templat LAN.", now=NOW)
    assert post.is_facilitator_answer is True


def test_participants_reply_is_never_a_facilitator_answer(thread, classmates):
    post = reply(thread, author=classmates[1], body_markdown="Saya juga bertanya.", now=NOW)
    assert post.is_facilitator_answer is False


def test_widyaiswara_of_another_subject_may_not_post(thread, home_institution):
    stranger = UserFactory(institution=home_institution, roles=["widyaiswara"])
    with pytest.raises(NotFound):
        reply(thread, author=stranger, body_markdown="Halo", now=NOW)
    assert not ForumPost.objects.exists()


def test_outsider_cannot_start_a_thread(offering, subject, peserta_lain):
    with pytest.raises(NotFound):
        start_thread(offering, subject, author=peserta_lain, title="x", body_markdown="y", now=NOW)
    assert not ForumThread.objects.exists()


@pytest.mark.parametrize("status", [EnrollmentStatus.PENDING, EnrollmentStatus.REJECTED])
def test_enrolment_not_approved_gives_no_forum(offering, subject, peserta_lain, status):
    EnrollmentFactory(offering=offering, participant=peserta_lain, status=status)
    assert can_use_forum(peserta_lain, offering, subject) is False


def test_trial_participant_may_use_the_forum(offering, subject, peserta_lain):
    EnrollmentFactory(offering=offering, participant=peserta_lain, is_trial=True)
    assert can_use_forum(peserta_lain, offering, subject) is True


def test_pengelola_may_use_any_forum(offering, subject, pengelola):
    assert can_use_forum(pengelola, offering, subject) is True


def test_subject_of_another_program_has_no_forum_in_the_offering(offering, pengelola):
    assert can_use_forum(pengelola, offering, SubjectFactory()) is False


def test_empty_body_is_refused(thread, classmates):
    with pytest.raises(InvalidInput):
        reply(thread, author=classmates[1], body_markdown="   ", now=NOW)


def test_new_thread_notifies_the_subjects_facilitators(thread, widyaiswara):
    note = Notification.objects.get(user=widyaiswara)
    assert note.event_key == f"forum-thread:{thread.pk}"


def test_reply_notifies_author_and_earlier_repliers_but_not_the_replier(
    thread, classmates, widyaiswara, offering, home_institution
):
    author, classmate = classmates
    third = UserFactory(institution=home_institution, roles=["peserta"])
    EnrollmentFactory(offering=offering, participant=third)
    Notification.objects.all().delete()

    first = reply(thread, author=classmate, body_markdown="Saya juga.", now=NOW)
    second = reply(thread, author=widyaiswara, body_markdown="Jawaban saya.", now=NOW)

    assert set(
        Notification.objects.filter(event_key__startswith=f"forum-post:{first.pk}:").values_list(
            "user_id", flat=True
        )
    ) == {author.pk}
    assert set(
        Notification.objects.filter(event_key__startswith=f"forum-post:{second.pk}:").values_list(
            "user_id", flat=True
        )
    ) == {author.pk, classmate.pk}
    assert not Notification.objects.filter(user=third).exists()
    assert Notification.objects.get(user=classmate).event_key == (
        f"forum-post:{second.pk}:{classmate.pk}"
    )
