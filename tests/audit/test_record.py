"""Writing entries: metadata (A5), no secrets, atomicity with the action (A2), serialised
parallel appends (A3)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from bangkom.accounts.choices import Role
from bangkom.audit.context import audit_context, node_name
from bangkom.audit.log import record
from bangkom.audit.models import AuditEntry
from bangkom.audit.verify import verify_chain
from tests.accounts.factories import UserFactory

LOGIN = reverse("accounts:login")


def login(client: Client, nip: str, password: str, **extra: str):
    return client.post(LOGIN, {"username": nip, "password": password}, **extra)


@pytest.mark.django_db
def test_a_login_through_the_form_records_who_from_where_and_which_request(peserta, password):
    client = Client(REMOTE_ADDR="203.0.113.7")

    response = login(client, peserta.nip, password, HTTP_X_REQUEST_ID="req-abc-12345678")

    assert response.status_code == 302
    assert response["X-Request-ID"] == "req-abc-12345678"
    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.actor == peserta
    assert entry.subject == peserta
    assert (entry.actor_nip, entry.actor_name) == (peserta.nip, peserta.name)
    assert entry.actor_roles == [Role.PESERTA]
    assert entry.ip == "203.0.113.7"
    assert entry.request_id == "req-abc-12345678"
    assert entry.node == node_name() != ""
    assert entry.created_at.utcoffset().total_seconds() == 0


@pytest.mark.django_db
def test_a_failed_login_is_recorded_for_the_account_without_the_password(peserta):
    login(Client(REMOTE_ADDR="198.51.100.4"), peserta.nip, "rahasia-sekali-99")

    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert entry.actor is None
    assert entry.subject == peserta
    assert entry.ip == "198.51.100.4"
    assert entry.data == {"nip": peserta.nip}
    stored = str(AuditEntry.objects.values_list(*[f.attname for f in AuditEntry._meta.fields]))
    assert "rahasia-sekali-99" not in stored


@pytest.mark.django_db
def test_a_malformed_request_id_is_replaced_by_a_fresh_one(peserta, password):
    response = login(Client(), peserta.nip, password, HTTP_X_REQUEST_ID="bad id\r\nx")

    request_id = response["X-Request-ID"]
    assert request_id != "bad id\r\nx"
    assert len(request_id) == 36
    assert AuditEntry.objects.get(action="auth.login").request_id == request_id


@pytest.mark.django_db
def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(peserta, password, settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    login(Client(REMOTE_ADDR="10.0.0.2"), peserta.nip, password, HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert AuditEntry.objects.get(action="auth.login").ip == "10.0.0.2"


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_address_it_appended_is_used(peserta, password, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    login(
        Client(REMOTE_ADDR="10.0.0.2"),
        peserta.nip,
        password,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    assert AuditEntry.objects.get(action="auth.login").ip == "203.0.113.9"


@pytest.mark.django_db
def test_outside_a_request_entries_carry_a_command_request_id():
    entry = record("test.event", actor=None)

    assert entry.ip == ""
    assert entry.request_id.startswith("cmd:")

    with audit_context(ip="192.0.2.1", request_id="task-12345678"):
        inner = record("test.event", actor=None)
    assert (inner.ip, inner.request_id) == ("192.0.2.1", "task-12345678")


@pytest.mark.django_db
def test_secret_looking_keys_never_reach_the_log():
    entry = record(
        "test.event",
        actor=None,
        data={
            "password": "p1",
            "new_password": "p2",
            "api_token": "t",
            "nested": {"client_secret": "s", "keep": 1, "list": [{"Authorization": "b"}]},
            "score": 80,
        },
    )

    stored = AuditEntry.objects.get(pk=entry.pk).data
    assert stored == {"nested": {"keep": 1, "list": [{}]}, "score": 80}


@pytest.mark.django_db
def test_values_a_database_would_read_back_differently_are_stored_as_text():
    entry = record(
        "test.event",
        actor=None,
        summary="nul\x00byte",
        data={"big": 1e20, "nan": float("nan"), "ok": 0.25, "text": "a\x00b"},
    )

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.summary == "nulbyte"
    assert stored.data == {"big": "1e+20", "nan": "nan", "ok": 0.25, "text": "ab"}
    assert verify_chain().ok


@pytest.mark.django_db
def test_an_anonymous_actor_is_stored_as_the_system():
    from django.contrib.auth.models import AnonymousUser

    entry = record("test.event", actor=AnonymousUser())

    assert entry.actor is None
    assert entry.actor_nip == ""
    assert entry.actor_roles == []


# --- A2: the entry and the action commit or roll back together --------------------------


@pytest.mark.django_db
def test_an_action_that_fails_after_recording_leaves_no_entry(peserta):
    from tests.learning.factories_catalogue import PendingEnrollmentFactory

    pending = PendingEnrollmentFactory(participant=peserta)

    def action_failing_after_its_entry() -> None:
        with transaction.atomic():
            record("test.event", actor=None, target=pending)
            raise RuntimeError("the action fails later")

    with pytest.raises(RuntimeError):
        action_failing_after_its_entry()

    assert not AuditEntry.objects.filter(action="test.event").exists()
    assert verify_chain().ok


@pytest.mark.django_db
def test_a_failing_audit_write_fails_the_enrolment_decision(peserta, pimpinan, monkeypatch):
    from django.utils import timezone

    from bangkom.learning import enrollment as enrollment_service
    from bangkom.learning.choices import EnrollmentStatus
    from bangkom.learning.models import Enrollment
    from bangkom.notifications.models import Notification
    from tests.learning.factories_catalogue import PendingEnrollmentFactory

    pending = PendingEnrollmentFactory(participant=peserta)

    def broken_record(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(enrollment_service, "record", broken_record)
    with pytest.raises(RuntimeError):
        enrollment_service.decide_enrollment(
            pending, approve=True, reason="", by=pimpinan, now=timezone.now()
        )

    assert Enrollment.objects.get(pk=pending.pk).status == EnrollmentStatus.PENDING
    assert not Notification.objects.filter(user=peserta).exists()


@pytest.mark.django_db
def test_a_failing_insert_of_the_entry_rolls_the_action_back(peserta, pimpinan, monkeypatch):
    """Not a stub: the entry's own INSERT fails inside the action's transaction."""
    from django.utils import timezone

    from bangkom.learning.choices import EnrollmentStatus
    from bangkom.learning.enrollment import decide_enrollment
    from bangkom.learning.models import Enrollment
    from tests.learning.factories_catalogue import PendingEnrollmentFactory

    pending = PendingEnrollmentFactory(participant=peserta)
    record("test.event", actor=None)
    before = AuditEntry.objects.count()
    monkeypatch.setattr("bangkom.audit.log.chain_head", lambda: (0, "0" * 64))  # seq 1 is taken

    with pytest.raises(Exception, match=r"(?i)unique"):
        decide_enrollment(pending, approve=False, reason="Kuota", by=pimpinan, now=timezone.now())

    assert Enrollment.objects.get(pk=pending.pk).status == EnrollmentStatus.PENDING
    assert AuditEntry.objects.count() == before


# --- A3: parallel appends ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database shared by threads"
)
def test_two_hundred_parallel_events_form_one_linear_valid_chain():
    actor = UserFactory(roles=[Role.ADMIN])  # writes its own "role.granted" entry
    already = AuditEntry.objects.count()
    start = threading.Barrier(20)

    def append(worker: int) -> list[int]:
        try:
            start.wait()
            seqs = []
            for i in range(10):
                with transaction.atomic():
                    seqs.append(
                        record("test.parallel", actor=actor, data={"w": worker, "i": i}).seq
                    )
            return seqs
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(append, range(20)))

    seqs = sorted(seq for worker in results for seq in worker)
    assert seqs == list(range(already + 1, already + 201))
    result = verify_chain(batch_size=37)
    assert result.ok
    assert result.count == already + 200
