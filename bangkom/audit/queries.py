"""Reading the audit log: the admin's filtered list and a person's own entries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.audit.actions import action_label
from bangkom.audit.models import AuditEntry

EXPORT_LIMIT = 50_000


@dataclass(frozen=True)
class LogFilter:
    action: str = ""
    actor_nip: str = ""
    subject_nip: str = ""
    target_type: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _start_of(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))


def filtered_entries(criteria: LogFilter, *, zone: str) -> QuerySet[AuditEntry]:
    """Entries matching every given criterion, newest first; dates are days in ``zone``."""
    entries = AuditEntry.objects.all()
    if criteria.action:
        entries = entries.filter(action=criteria.action)
    if criteria.actor_nip:
        entries = entries.filter(actor_nip=criteria.actor_nip)
    if criteria.subject_nip:
        entries = entries.filter(subject_nip=criteria.subject_nip)
    if criteria.target_type:
        entries = entries.filter(target_type=criteria.target_type)
    if criteria.date_from:
        entries = entries.filter(created_at__gte=_start_of(criteria.date_from, zone))
    if criteria.date_to:
        entries = entries.filter(
            created_at__lt=_start_of(criteria.date_to + timedelta(days=1), zone)
        )
    return entries.order_by("-seq")


def entries_about(user: User) -> QuerySet[AuditEntry]:
    """The entries whose subject is ``user`` (their own audit page), newest first."""
    return AuditEntry.objects.filter(subject=user).order_by("-seq")


# Suggestions for the filter's object type field (any stored type can be typed in).
COMMON_TARGET_TYPES = (
    "accounts.user",
    "assessments.attempt",
    "certificates.certificate",
    "curriculum.offering",
    "learning.enrollment",
    "learning.submission",
    "planning.programplan",
)


EXPORT_HEADER = (
    _("No."),
    _("Waktu (UTC)"),
    _("Tindakan"),
    _("Keterangan tindakan"),
    _("NIP pelaku"),
    _("Nama pelaku"),
    _("Peran pelaku"),
    _("Jenis objek"),
    _("ID objek"),
    _("Objek"),
    _("NIP yang bersangkutan"),
    _("Ringkasan"),
    _("Data"),
    _("Alamat IP"),
    _("ID permintaan"),
    _("Node"),
    _("Hash sebelumnya"),
    _("Hash entri"),
)


def export_rows(entries: QuerySet[AuditEntry]) -> list[list[object]]:
    """The rows of the XLSX export, in the list's order, at most ``EXPORT_LIMIT``."""
    rows = []
    for entry in entries[:EXPORT_LIMIT]:
        rows.append(
            [
                entry.seq,
                entry.created_at.replace(tzinfo=None),
                entry.action,
                action_label(entry.action),
                entry.actor_nip,
                entry.actor_name,
                ", ".join(entry.actor_roles),
                entry.target_type,
                entry.target_id,
                entry.target_repr,
                entry.subject_nip,
                entry.summary,
                json.dumps(entry.data, ensure_ascii=False, sort_keys=True) if entry.data else "",
                entry.ip,
                entry.request_id,
                entry.node,
                entry.prev_hash,
                entry.entry_hash,
            ]
        )
    return rows
