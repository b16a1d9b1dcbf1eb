"""Forum pages: inert rich text, the facilitator's answer, 404 for outsiders, bounded queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bangkom.learning.models import ForumPost, ForumThread
from tests.accounts.factories import UserFactory
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory, SubjectFactory
from tests.learning.factories import EnrollmentFactory
from tests.learning.factories_work import ForumPostFactory, ForumThreadFactory
from tests.learning.test_forum import XSS_PAYLOADS

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering():
    return OfferingFactory(running=True)


@pytest.fixture
def subject(offering, widyaiswara):
    subject = SubjectFactory(program=offering.program)
    subject.facilitators.add(widyaiswara)
    return subject


@pytest.fixture
def enrolled(offering, peserta):
    EnrollmentFactory(offering=offering, participant=peserta)
    return peserta


@pytest.fixture
def thread(offering, subject, enrolled):
    return ForumThreadFactory(offering=offering, subject=subject, author=enrolled)


def forum_url(offering, subject):
    return reverse("learning:forum", args=[offering.pk, subject.pk])


def thread_url(thread):
    return reverse("learning:thread", args=[thread.pk])


def test_participant_starts_a_thread_and_lands_on_it(offering, subject, enrolled):
    response = logged_in_client(enrolled).post(
        forum_url(offering, subject), {"title": "Tanya modul 2", "body": "Di mana *modulnya*?"}
    )

    thread = ForumThread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread_url(thread)
    assert thread.body_html == "<p>Di mana <em>modulnya</em>?</p>"


def test_xss_payloads_render_inert_on_the_thread_page(thread, enrolled):
    client = logged_in_client(enrolled)
    for payload in XSS_PAYLOADS:
        client.post(thread_url(thread), {"body": payload})
    client.post(
        reverse("learning:forum", args=[thread.offering_id, thread.subject_id]),
        {"title": "<script>alert(1)</script>", "body": "<img src=x onerror=alert(1)>"},
    )
    assert ForumPost.objects.count() == len(XSS_PAYLOADS)

    pages = [client.get(thread_url(t)).content.decode().lower() for t in ForumThread.objects.all()]
    pages.append(client.get(forum_url(thread.offering, thread.subject)).content.decode().lower())

    for html in pages:
        assert "<script>alert" not in html
        assert "onerror=" not in html
        assert "onload=" not in html
        assert "javascript:" not in html
        assert "data:text/html" not in html
        assert "<iframe" not in html
        assert "<svg" not in html
        assert "<style" not in html


def test_facilitator_answer_is_marked_on_the_page(thread, widyaiswara):
    client = logged_in_client(widyaiswara)
    client.post(thread_url(thread), {"body": "Lihat modul bab 3."})

    html = client.get(thread_url(thread)).content.decode()

    assert ForumPost.objects.get().is_facilitator_answer is True
    assert "Jawaban fasilitator" in html


def test_participant_cannot_mark_their_own_reply_as_the_facilitators_answer(thread, enrolled):
    client = logged_in_client(enrolled)
    client.post(thread_url(thread), {"body": "Saya fasilitator!", "is_facilitator_answer": "1"})

    assert ForumPost.objects.get().is_facilitator_answer is False
    assert "Jawaban fasilitator" not in client.get(thread_url(thread)).content.decode()


@pytest.mark.parametrize("who", ["peserta_lain", "other_widyaiswara", "pimpinan"])
def test_outsiders_get_404_on_forum_and_thread(request, thread, home_institution, who):
    if who == "other_widyaiswara":
        user = UserFactory(institution=home_institution, roles=["widyaiswara"])
    else:
        user = request.getfixturevalue(who)
    client = logged_in_client(user)

    assert client.get(forum_url(thread.offering, thread.subject)).status_code == 404
    assert client.get(thread_url(thread)).status_code == 404
    assert client.post(thread_url(thread), {"body": "masuk"}).status_code == 404
    assert not ForumPost.objects.exists()


def test_forum_of_a_subject_outside_the_offerings_program_is_404(offering, pengelola):
    foreign = SubjectFactory()
    response = logged_in_client(pengelola).get(forum_url(offering, foreign))
    assert response.status_code == 404


def test_thread_page_queries_are_bounded(thread, enrolled, django_assert_max_num_queries):
    for _ in range(30):
        ForumPostFactory(thread=thread)
    client = logged_in_client(enrolled)

    with django_assert_max_num_queries(9):
        response = client.get(thread_url(thread))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 30


def test_forum_list_queries_are_bounded(thread, enrolled, django_assert_max_num_queries):
    for _ in range(15):
        other = ForumThreadFactory(offering=thread.offering, subject=thread.subject)
        ForumPostFactory(thread=other)
    client = logged_in_client(enrolled)

    with django_assert_max_num_queries(9):
        response = client.get(forum_url(thread.offering, thread.subject))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 16
