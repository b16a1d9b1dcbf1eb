"""The hash chain: clean logs verify; altered, removed and inserted entries are named at the
right place, by the function and by ``bangkom audit-verify`` (RELIABILITY.md A1)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from bangkom.audit.bench_support import bulk_append_synthetic
from bangkom.audit.log import record
from bangkom.audit.models import GENESIS_HASH, AppendOnlyError, AuditEntry, compute_hash
from bangkom.audit.verify import ProblemKind, verify_chain
from tests.audit.conftest import make_chain, raw

pytestmark = pytest.mark.django_db


def verify_command(*args: str) -> str:
    out = io.StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


def failing_command(*args: str) -> str:
    with pytest.raises(CommandError) as failure:
        verify_command(*args)
    return str(failure.value)


# --- a clean chain ----------------------------------------------------------------------


def test_entries_are_numbered_from_one_and_linked_from_the_genesis_hash():
    first, second, third = make_chain(3)

    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.entry_hash
    assert third.prev_hash == second.entry_hash
    stored = AuditEntry.objects.get(seq=2)
    assert stored.computed_hash() == stored.entry_hash == second.entry_hash


def test_a_clean_chain_verifies_with_its_count_and_head():
    entries = make_chain(12)

    result = verify_chain(batch_size=5)  # several batches

    assert result.ok
    assert result.count == 12
    assert result.head_seq == 12
    assert result.head_hash == entries[-1].entry_hash


def test_an_empty_log_verifies():
    result = verify_chain()

    assert result.ok
    assert result.count == 0
    assert result.head_hash == GENESIS_HASH


def test_the_command_prints_one_ok_line_with_count_head_and_speed():
    entries = make_chain(4)

    output = verify_command()

    assert output.startswith("OK: 4 entri utuh")
    assert entries[-1].entry_hash in output
    assert "entri/detik" in output
    assert output.count("\n") == 1


def test_the_head_anchored_outside_the_database_is_compared():
    entries = make_chain(3)

    assert "OK" in verify_command("--expect-head", entries[-1].entry_hash)
    message = failing_command("--expect-head", entries[1].entry_hash)
    assert "hash kepala rantai tidak sama" in message


def test_data_with_dates_decimals_and_unicode_hashes_the_same_after_storage():
    from datetime import date
    from decimal import Decimal

    entry = record(
        "test.event",
        actor=None,
        summary="Nilai — ujian akhir ✓",
        data={"nilai": Decimal("87.50"), "tanggal": date(2026, 11, 29), "z": [1.5, None, True]},
    )

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.data == {"nilai": "87.50", "tanggal": "2026-11-29", "z": [1.5, None, True]}
    assert verify_chain().ok


def test_synthetic_entries_for_benchmarks_continue_a_valid_chain():
    make_chain(2)

    head = bulk_append_synthetic(25, batch_size=10)

    assert head == 27
    result = verify_chain(batch_size=7)
    assert result.ok
    assert result.count == 27


# --- tampering through SQL (the trigger dropped first, as a DB owner could) -------------


def test_an_entry_changed_through_sql_is_named(tamperable):
    make_chain(10)
    raw("UPDATE audit_auditentry SET summary = %s WHERE seq = 5", ["dipalsukan"])

    result = verify_chain(batch_size=3)

    assert result.problem.kind == ProblemKind.ALTERED
    assert result.problem.seq == 5
    assert result.count == 4
    assert "entri #5 diubah" in failing_command()


def test_an_entry_whose_data_was_changed_is_named(tamperable):
    make_chain(6)
    raw("UPDATE audit_auditentry SET data = %s WHERE seq = 6", ['{"i": 60}'])

    assert "entri #6 diubah" in failing_command()


def test_an_entry_deleted_through_sql_is_named(tamperable):
    make_chain(10)
    raw("DELETE FROM audit_auditentry WHERE seq = 7")

    result = verify_chain()

    assert result.problem.kind == ProblemKind.REMOVED
    assert result.problem.seq == 6
    assert "entri setelah #6 hilang" in failing_command()


def test_the_first_entry_deleted_is_named(tamperable):
    make_chain(3)
    raw("DELETE FROM audit_auditentry WHERE seq = 1")

    assert "entri setelah #0 hilang" in failing_command()


def test_the_last_entry_deleted_is_caught_by_the_anchored_head(tamperable):
    entries = make_chain(5)
    raw("DELETE FROM audit_auditentry WHERE seq = 5")

    assert verify_chain().ok  # nothing inside the chain shows it...
    assert "hash kepala" in failing_command("--expect-head", entries[-1].entry_hash)


def _forged(seq: int, prev_hash: str) -> AuditEntry:
    forged = AuditEntry(
        seq=seq,
        created_at=AuditEntry.objects.get(seq=1).created_at,
        action="certificate.issued",
        summary="sertifikat palsu",
        data={"number": "999/2026"},
        prev_hash=prev_hash,
    )
    forged.entry_hash = compute_hash(forged.hashed_values())
    return forged


def test_an_entry_inserted_in_the_middle_is_named(tamperable):
    entries = make_chain(8)
    for seq in range(8, 4, -1):  # make room at #5, one row at a time (seq is unique)
        raw("UPDATE audit_auditentry SET seq = seq + 1 WHERE seq = %s", [seq])
    AuditEntry.objects.bulk_create([_forged(5, prev_hash=entries[3].entry_hash)])

    result = verify_chain()

    assert result.problem.kind == ProblemKind.INSERTED
    assert result.problem.seq == 5
    assert "entri #5 disisipkan" in failing_command()


def test_an_entry_appended_with_a_made_up_link_is_named(tamperable):
    make_chain(4)
    AuditEntry.objects.bulk_create([_forged(5, prev_hash="f" * 64)])

    assert "entri #5 disisipkan" in failing_command()


def test_an_entry_inserted_with_a_made_up_hash_is_named(tamperable):
    entries = make_chain(6)
    for seq in range(6, 2, -1):
        raw("UPDATE audit_auditentry SET seq = seq + 1 WHERE seq = %s", [seq])
    forged = _forged(3, prev_hash=entries[1].entry_hash)
    forged.entry_hash = "a" * 64
    AuditEntry.objects.bulk_create([forged])

    assert "entri #3 disisipkan" in failing_command()


def test_the_first_problem_is_reported_when_there_are_several(tamperable):
    make_chain(9)
    raw("UPDATE audit_auditentry SET summary = 'x' WHERE seq = 8")
    raw("DELETE FROM audit_auditentry WHERE seq = 3")

    assert "entri setelah #2 hilang" in failing_command()


# --- append-only ------------------------------------------------------------------------


def test_the_orm_refuses_to_change_or_delete_entries():
    entry = make_chain(1)[0]
    entry.summary = "diubah"

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="diubah")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["summary"])
    assert AuditEntry.objects.get(pk=entry.pk).summary == "peristiwa 1"


def test_the_database_refuses_an_update_through_sql():
    make_chain(1)

    with pytest.raises(DatabaseError), transaction.atomic():
        raw("UPDATE audit_auditentry SET summary = 'diubah' WHERE seq = 1")

    assert AuditEntry.objects.get(seq=1).summary == "peristiwa 1"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's flush needs DELETE")
def test_postgresql_refuses_a_delete_through_sql():
    make_chain(1)

    with pytest.raises(DatabaseError), transaction.atomic():
        raw("DELETE FROM audit_auditentry WHERE seq = 1")

    assert AuditEntry.objects.filter(seq=1).exists()


def test_the_django_admin_offers_no_audit_entries():
    from django.contrib import admin

    assert AuditEntry not in admin.site._registry


def test_an_anchor_copied_earlier_still_verifies_after_the_chain_grew():
    entries = make_chain(3)
    anchor = f"{entries[1].seq}:{entries[1].entry_hash}"
    make_chain(2)  # the log grows after the copy was taken

    assert "OK" in verify_command("--anchor", anchor)


def test_a_rewritten_chain_fails_the_anchor(tamperable):
    entries = make_chain(3)
    anchor = f"{entries[1].seq}:{'0' * 63}1"  # the copy outside says something else

    assert "entri #2 tidak sama dengan salinan" in failing_command("--anchor", anchor)
    assert "OK" in verify_command("--anchor", f"{entries[1].seq}:{entries[1].entry_hash}")


def test_a_cut_end_fails_the_anchor(tamperable):
    entries = make_chain(4)
    raw("DELETE FROM audit_auditentry WHERE seq >= 3")

    assert verify_chain().ok  # the shortened chain is internally consistent...
    message = failing_command("--anchor", f"{entries[3].seq}:{entries[3].entry_hash}")
    assert "entri #4 tidak sama dengan salinan" in message


def test_a_malformed_anchor_is_refused_with_a_clear_message():
    make_chain(1)

    assert "NOMOR:HASH" in failing_command("--anchor", "kemarin")
