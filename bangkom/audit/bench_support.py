"""Fast creation of many valid chained audit entries, for benchmarks (not used by the app)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bangkom.audit.context import node_name
from bangkom.audit.log import _lock_chain, chain_head
from bangkom.audit.models import AuditEntry


def bulk_append_synthetic(n: int, *, batch_size: int = 2000) -> int:
    """Append ``n`` synthetic entries (action ``bench.synthetic``) continuing the chain.

    Returns the seq of the new head. Each batch is one transaction holding the append lock.
    """
    node = node_name()
    start = timezone.now() - timedelta(seconds=n)
    written = 0
    head_seq = chain_head()[0]
    while written < n:
        size = min(batch_size, n - written)
        with transaction.atomic():
            _lock_chain()
            head_seq, head_hash = chain_head()
            entries = []
            for i in range(size):
                entry = AuditEntry(
                    seq=head_seq + 1,
                    created_at=start + timedelta(seconds=written + i),
                    actor_nip="",
                    actor_name="",
                    actor_roles=["admin"],
                    action="bench.synthetic",
                    target_type="bench.item",
                    target_id=str(written + i),
                    target_repr=f"Item sintetis {written + i}",
                    subject_nip="",
                    summary="Entri sintetis untuk pengukuran",
                    data={"i": written + i, "ok": True},
                    ip="127.0.0.1",
                    request_id="bench",
                    node=node,
                    prev_hash=head_hash,
                )
                entry.entry_hash = entry.computed_hash()
                head_seq, head_hash = entry.seq, entry.entry_hash
                entries.append(entry)
            AuditEntry.objects.bulk_create(entries)
        written += size
    return head_seq
