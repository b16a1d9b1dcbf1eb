"""Models of the audit context: the append-only, hash-chained audit log (RELIABILITY.md A1-A5).

Every entry carries ``seq`` (gap-free, strictly increasing), the hash of the previous entry
and its own SHA-256 over a canonical serialisation of its content (see ``canonical_bytes``).
Changing, removing or inserting an entry breaks the chain, which ``bangkom audit-verify``
reports. Entries are written only by ``bangkom.audit.log.record`` (and the benchmark helper);
the ORM refuses updates and deletes, and database triggers refuse them as well.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

# The content fields covered by the hash, in the order ``verify`` reads them.
HASHED_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_nip",
    "actor_name",
    "actor_roles",
    "action",
    "target_type",
    "target_id",
    "target_repr",
    "subject_id",
    "subject_nip",
    "summary",
    "data",
    "ip",
    "request_id",
    "node",
    "prev_hash",
)


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit entry."""


def format_instant(value: datetime) -> str:
    """The fixed text form of an instant in the hash: UTC, microseconds, ``Z``."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime(DATETIME_FORMAT)


def canonical_bytes(values: dict) -> bytes:
    """JSON with sorted keys and no whitespace over ``HASHED_FIELDS`` (datetime pre-formatted)."""
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(values: dict) -> str:
    return hashlib.sha256(canonical_bytes(values)).hexdigest()


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")

    def bulk_update(self, *args: object, **kwargs: object) -> int:
        raise AppendOnlyError("audit entries cannot be changed")

    _raw_delete = delete


class AuditEntry(models.Model):
    """One audited event. Append-only: never updated, never deleted."""

    seq = models.PositiveBigIntegerField(_("nomor urut"), unique=True)
    created_at = models.DateTimeField(_("waktu"), db_index=True)
    # No database constraint: deleting a user must neither touch nor be blocked by the log.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    actor_nip = models.CharField(_("NIP pelaku"), max_length=18, blank=True, db_index=True)
    actor_name = models.CharField(_("nama pelaku"), max_length=200, blank=True)
    actor_roles = models.JSONField(_("peran pelaku"), default=list, blank=True)
    action = models.CharField(_("tindakan"), max_length=80, db_index=True)
    target_type = models.CharField(_("jenis objek"), max_length=100, blank=True, db_index=True)
    target_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    target_repr = models.CharField(_("objek"), max_length=255, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pegawai yang bersangkutan"),
    )
    subject_nip = models.CharField(_("NIP yang bersangkutan"), max_length=18, blank=True)
    summary = models.CharField(_("ringkasan"), max_length=500, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    ip = models.CharField(_("alamat IP"), max_length=45, blank=True)
    request_id = models.CharField(_("ID permintaan"), max_length=64, blank=True)
    node = models.CharField(_("node"), max_length=100, blank=True)
    prev_hash = models.CharField(_("hash sebelumnya"), max_length=64)
    entry_hash = models.CharField(_("hash entri"), max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("entri audit")
        verbose_name_plural = _("jejak audit")
        indexes = [
            models.Index(fields=["subject", "seq"], name="audit_subject_seq"),
            models.Index(fields=["subject_nip", "seq"], name="audit_subject_nip_seq"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")

    @property
    def action_label(self) -> str:
        from bangkom.audit.actions import action_label

        return action_label(self.action)

    @property
    def data_text(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, sort_keys=True, indent=1)

    def hashed_values(self) -> dict:
        values = {name: getattr(self, name) for name in HASHED_FIELDS}
        values["created_at"] = format_instant(self.created_at)
        return values

    def computed_hash(self) -> str:
        return compute_hash(self.hashed_values())
