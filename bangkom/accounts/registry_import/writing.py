"""The database side of an import: the upsert steps run inside the import's transaction.

This module owns what happens once a file is known to be clean, inside the single
``transaction.atomic()`` opened by the package's ``_write`` (RELIABILITY.md B11: all rows
or none): refusing when another process added, moved or deleted one of the file's NIPs
since validation, creating the missing units, inserting new employees in batches of
``BATCH_SIZE``, updating only the changed fields of existing ones (grouped into one UPDATE
per distinct change), and closing the login and API tokens of users whose employee the file
deactivates. Employees are matched by NIP (DOMAIN.md S-1 R1).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from django.utils.translation import gettext as _

from bangkom.accounts.models import Employee, Unit, User
from bangkom.accounts.registry_import.columns import _OPTIONAL_FIELDS
from bangkom.accounts.registry_import.results import _FileRefused
from bangkom.accounts.registry_import.validation import _Record, _RowValidator
from bangkom.accounts.tokens import revoke_all_tokens

# Rows per INSERT/UPDATE batch and per `pk__in` lookup. Each batch is one round trip and
# holds ~1,000 model instances (a few MB); larger batches save little time on SQLite or
# PostgreSQL but grow memory and the SQL statement, smaller ones multiply round trips.
BATCH_SIZE = 1000


def _changed_meanwhile() -> _FileRefused:
    return _FileRefused(
        _(
            "Data pegawai berubah oleh proses lain selama berkas diperiksa; tidak ada data "
            "yang disimpan. Unggah ulang berkas."
        )
    )


def _chunks(items: Sequence, size: int = BATCH_SIZE) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check_unchanged(validator: _RowValidator) -> None:
    """Refuse if another import added, moved or deleted one of the file's NIPs meanwhile.

    Validation ran outside the transaction; on SQLite the IMMEDIATE transaction now holds
    the write lock, so what is read here stays true until commit.
    """
    for records in (validator.new, validator.existing_records):
        for chunk in _chunks(records):
            current = {
                nip: (pk, institution_id)
                for nip, pk, institution_id in Employee.objects.filter(
                    nip__in=[record.nip for record in chunk]
                ).values_list("nip", "pk", "institution_id")
            }
            if any(current.get(r.nip) != validator.existing.get(r.nip) for r in chunk):
                raise _changed_meanwhile()


def _unit_ids(wanted: dict[tuple[int, str], str]) -> dict[tuple[int, str], int]:
    """Return unit pks by (institution, folded name), creating the missing units."""
    if not wanted:
        return {}
    institutions = {institution_id for institution_id, _name in wanted}

    def load() -> dict[tuple[int, str], int]:
        rows = Unit.objects.filter(institution_id__in=institutions).values_list(
            "institution_id", "name", "pk"
        )
        found: dict[tuple[int, str], int] = {}
        for institution_id, name, pk in rows:
            found.setdefault((institution_id, " ".join(name.split()).casefold()), pk)
        return found

    found = load()
    missing = [
        Unit(institution_id=key[0], name=name) for key, name in wanted.items() if key not in found
    ]
    if missing:
        Unit.objects.bulk_create(missing, batch_size=BATCH_SIZE)
        found = load()
    return found


def _new_employee(record: _Record, unit_ids: dict[tuple[int, str], int]) -> Employee:
    return Employee(
        nip=record.nip,
        name=record.name,
        gender=record.gender,
        birth_place=record.birth_place,
        birth_date=record.birth_date,
        employee_type=record.employee_type,
        institution_id=record.institution_id,
        unit_id=unit_ids[record.unit_key] if record.unit_key else None,
        position_name=record.position_name,
        position_type=record.position_type,
        rank=record.rank,
        email=record.email,
        phone=record.phone,
        is_active=record.is_active,
    )


def _update_employees(
    records: list[_Record],
    unit_ids: dict[tuple[int, str], int],
    *,
    present: frozenset[str],
    now: datetime,
) -> list[int]:
    """Write what changed for existing employees; return the pks the file deactivates.

    Rows with the same changes share one ``UPDATE … WHERE id IN (…)`` (a unit renamed, a
    mass deactivation); other rows get one short UPDATE of their changed fields only.
    Django's ``bulk_update`` was 11x slower here: it builds a CASE WHEN per row and field
    (180 s for 100,000 changed rows on SQLite, against 18 s like this).
    """
    optional = [attr for column, attr in _OPTIONAL_FIELDS.items() if column in present]
    attrs = ["name", "birth_date", "institution_id", "unit_id", *optional]
    deactivated: list[int] = []
    for chunk in _chunks(records):
        stored = {
            row["pk"]: row
            for row in Employee.objects.filter(
                pk__in=[record.existing_pk for record in chunk]
            ).values("pk", *attrs)
        }
        groups: dict[tuple[tuple[str, object], ...], list[int]] = {}
        for record in chunk:
            current = stored[record.existing_pk]
            wanted = _wanted_values(record, current, unit_ids, optional, present)
            changes = tuple((a, v) for a, v in wanted.items() if current[a] != v)
            if changes:
                groups.setdefault(changes, []).append(record.existing_pk)
            if "aktif" in present and not record.is_active:
                deactivated.append(record.existing_pk)
        for changes, pks in groups.items():
            Employee.objects.filter(pk__in=pks).update(**dict(changes), updated_at=now)
    return deactivated


def _wanted_values(
    record: _Record,
    current: dict[str, object],
    unit_ids: dict[tuple[int, str], int],
    optional: list[str],
    present: frozenset[str],
) -> dict[str, object]:
    wanted = {
        "name": record.name,
        "birth_date": record.birth_date,
        "institution_id": record.institution_id,
        **{attr: getattr(record, attr) for attr in optional},
    }
    if "unit_kerja" in present:
        wanted["unit_id"] = unit_ids[record.unit_key] if record.unit_key else None
    elif current["institution_id"] != record.institution_id:
        wanted["unit_id"] = None  # the old unit belongs to the old institution
    return wanted


def _deactivate_users(employee_ids: list[int], *, now: datetime) -> None:
    """Close the login and API tokens of users whose employee the file deactivates.

    Reactivating an employee never reactivates the user: that is an admin's decision.
    """
    for chunk in _chunks(employee_ids):
        users = list(User.objects.filter(employee_id__in=chunk, is_active=True))
        for user in users:
            revoke_all_tokens(user, now=now)
        User.objects.filter(pk__in=[user.pk for user in users]).update(is_active=False)
