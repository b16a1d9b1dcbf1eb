"""Subject access (RELIABILITY.md P2, UU PDP Ps. 32): everything Bangkom holds about a user.

``subject_access_archive(user, now=...)`` builds a ZIP with ``data-saya.json`` (every
section below), ``ringkasan.xlsx`` (one sheet per section) and the user's own submitted
files under ``berkas/``. Only rows about the user are read: every query is filtered by the
user, their employee record or their own enrolments.

What is left out, and why:
- the password hash, API token hashes and session data (secrets, not information);
- answer keys: a finished attempt lists the question and the options the user chose, never
  which option is correct; an open attempt lists only its times (RELIABILITY.md K1);
- survey answers: responses are anonymous by design (issue 8), so only the fact of having
  answered (participation) is held about the user and exported.

Sections from contexts that may be absent (evaluation sanctions) are read through
``django.apps`` and skipped while their models do not exist.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import PurePosixPath

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q, QuerySet
from django.utils.html import strip_tags

from bangkom.accounts.models import User
from bangkom.assessments.choices import AttemptStatus
from bangkom.assessments.models import Answer, Attempt, ItemVersion
from bangkom.assessments.option_ids import decode_options
from bangkom.common.exports import xlsx_bytes
from bangkom.common.uploads import safe_display_name

JSON_NAME = "data-saya.json"
XLSX_NAME = "ringkasan.xlsx"
FILES_DIR = "berkas"
FORMAT_VERSION = 1
MAX_SHEET_TITLE = 31  # Excel's limit on sheet names


def _values(queryset: QuerySet, *fields: str) -> list[dict]:
    return [dict(row) for row in queryset.values(*fields)]


def _model(label: str) -> type[Model] | None:
    """``app_label.Model`` if that app and model exist yet, else None."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


# --- sections -------------------------------------------------------------------------------


def profile_section(user: User) -> dict:
    """Account and registry record; never the password hash."""
    account = {
        "nip": user.nip,
        "nama": user.name,
        "email": user.email,
        "zona_waktu": user.time_zone_name,
        "aktif": user.is_active,
        "tanggal_daftar": user.date_joined,
        "login_terakhir": user.last_login,
    }
    employee = None
    if user.employee_id:
        e = user.employee
        employee = {
            "nip": e.nip,
            "nama": e.name,
            "jenis_kelamin": e.gender,
            "tempat_lahir": e.birth_place,
            "tanggal_lahir": e.birth_date,
            "jenis_pegawai": e.employee_type,
            "instansi": e.institution.name if e.institution_id else "",
            "unit_kerja": e.unit.name if e.unit_id else "",
            "jabatan": e.position_name,
            "jenis_jabatan": e.position_type,
            "pangkat_golongan": e.rank,
            "email": e.email,
            "telepon": e.phone,
            "aktif": e.is_active,
        }
    return {"akun": account, "data_pegawai": employee}


def roles_section(user: User) -> list[dict]:
    return _values(
        user.role_assignments.order_by("role", "pk"), "role", "institution__name", "granted_at"
    )


def enrollments_section(user: User) -> list[dict]:
    return _values(
        user.enrollments.order_by("requested_at", "pk"),
        "pk",
        "offering__code",
        "offering__name",
        "offering__program__title",
        "status",
        "source",
        "is_trial",
        "requested_at",
        "decided_at",
        "decision_reason",
        "motivation",
    )


def attempts_section(user: User) -> list[dict]:
    """Every attempt; answers only once it is no longer open, and never the key."""
    attempts = list(
        Attempt.objects.filter(participant=user)
        .select_related("assessment__offering")
        .order_by("started_at", "pk")
    )
    finished = [a for a in attempts if a.status != AttemptStatus.OPEN]
    answers = _answers_of(finished)
    rows = []
    for attempt in attempts:
        row = {
            "id": attempt.pk,
            "ujian": attempt.assessment.title,
            "angkatan": attempt.assessment.offering.code,
            "percobaan_ke": attempt.number,
            "status": attempt.status,
            "mulai": attempt.started_at,
            "batas_waktu": attempt.deadline,
        }
        if attempt.status != AttemptStatus.OPEN:
            row.update(
                {
                    "dikumpulkan": attempt.submitted_at,
                    "nilai": attempt.score,
                    "benar": attempt.correct,
                    "jumlah_soal": attempt.total,
                    "lulus": attempt.passed,
                    "alasan_pembatalan": attempt.voided_reason,
                    "jawaban": answers.get(attempt.pk, []),
                }
            )
        rows.append(row)
    return rows


def _answers_of(attempts: list[Attempt]) -> dict[int, list[dict]]:
    """Per attempt: position, question text and the text of the chosen options (no key)."""
    version_of = {
        (attempt.pk, entry["item"]): entry["version"]
        for attempt in attempts
        for entry in attempt.form
    }
    versions = ItemVersion.objects.in_bulk(set(version_of.values()))
    found: dict[int, list[dict]] = {}
    rows = Answer.objects.filter(attempt__in=attempts).order_by("attempt_id", "position")
    for attempt_id, item_id, position, option_ids, saved_at in rows.values_list(
        "attempt_id", "item_id", "position", "option_ids", "saved_at"
    ):
        version = versions.get(version_of.get((attempt_id, item_id)))
        indexes = decode_options(attempt_id, item_id, option_ids or []) or []
        options = version.options if version else []
        found.setdefault(attempt_id, []).append(
            {
                "nomor": position,
                "pertanyaan": strip_tags(version.stem_html) if version else "",
                "jawaban_dipilih": [
                    strip_tags(options[i]["text"]) for i in indexes if i < len(options)
                ],
                "disimpan": saved_at,
            }
        )
    return found


def submissions_section(user: User) -> tuple[list[dict], list[tuple[str, object]]]:
    """Assignment submissions, and the files to add to the archive as (path, FieldFile)."""
    from bangkom.learning.models import Submission

    rows, files = [], []
    for s in (
        Submission.objects.filter(enrollment__participant=user)
        .select_related("assignment")
        .order_by("submitted_at", "pk")
    ):
        path = ""
        if s.file:
            name = safe_display_name(s.original_filename or PurePosixPath(s.file.name).name)
            path = f"{FILES_DIR}/tugas/{s.pk}-{_ascii(name)}"
            files.append((path, s.file))
        rows.append(
            {
                "penugasan": s.assignment.title,
                "versi": s.version,
                "jawaban_teks": s.text,
                "berkas": path,
                "nama_berkas_asli": s.original_filename,
                "dikumpulkan": s.submitted_at,
                "status": s.status,
                "nilai": s.score,
                "umpan_balik": s.feedback,
                "dinilai": s.graded_at,
            }
        )
    return rows, files


def _ascii(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:120] or "berkas"


def learning_section(user: User) -> dict:
    from bangkom.learning.models import (
        AttendanceRecord,
        ForumPost,
        ForumThread,
        MaterialProgress,
        RulesAcknowledgement,
    )

    mine = Q(enrollment__participant=user)
    return {
        "kehadiran": _values(
            AttendanceRecord.objects.filter(mine).order_by("day"),
            "enrollment__offering__code",
            "day",
            "source",
            "first_seen_at",
        ),
        "kemajuan_materi": _values(
            MaterialProgress.objects.filter(mine).order_by("opened_at", "pk"),
            "enrollment__offering__code",
            "material__title",
            "watched_seconds",
            "opened_at",
            "completed_at",
        ),
        "persetujuan_ketentuan": _values(
            RulesAcknowledgement.objects.filter(mine).order_by("acknowledged_at"),
            "enrollment__offering__code",
            "rules__title",
            "rules__version",
            "acknowledged_at",
        ),
        "topik_diskusi": _values(
            ForumThread.objects.filter(author=user).order_by("created_at", "pk"),
            "offering__code",
            "title",
            "body_markdown",
            "created_at",
        ),
        "tanggapan_diskusi": _values(
            ForumPost.objects.filter(author=user).order_by("created_at", "pk"),
            "thread__title",
            "body_markdown",
            "created_at",
        ),
    }


def certificates_section(user: User) -> list[dict]:
    from bangkom.certificates.models import Certificate

    return _values(
        Certificate.objects.filter(holder=user).order_by("issued_at", "pk"),
        "number",
        "kind",
        "program_title",
        "offering_code",
        "jp",
        "issued_on",
        "revoked_at",
        "revoke_reason",
    )


def ledger_section(user: User) -> dict:
    from bangkom.progression.models import ExternalLearning, JpCredit

    if not user.employee_id:
        return {"kredit_jp": [], "pembelajaran_eksternal": []}
    return {
        "kredit_jp": _values(
            JpCredit.objects.filter(employee_id=user.employee_id).order_by("year", "ends_on"),
            "year",
            "jp",
            "source",
            "title",
            "provider",
            "certificate_number",
            "starts_on",
            "ends_on",
        ),
        "pembelajaran_eksternal": _values(
            ExternalLearning.objects.filter(employee_id=user.employee_id).order_by("created_at"),
            "title",
            "provider",
            "jp",
            "starts_on",
            "ends_on",
            "status",
            "reason",
        ),
    }


def competency_section(user: User) -> list[dict]:
    from bangkom.planning.models import CompetencyAssessment

    if not user.employee_id:
        return []
    return _values(
        CompetencyAssessment.objects.filter(employee_id=user.employee_id).order_by(
            "assessed_on", "pk"
        ),
        "competency__name",
        "level",
        "source",
        "assessed_on",
        "note",
    )


def notifications_section(user: User) -> list[dict]:
    from bangkom.notifications.models import Notification

    return _values(
        Notification.objects.filter(user=user).order_by("created_at", "pk"),
        "kind",
        "title",
        "body",
        "created_at",
        "read_at",
    )


def evaluation_section(user: User) -> dict:
    """Survey participations (never answers: they are anonymous), sanctions and appeals."""
    section: dict[str, list] = {}
    participation = _model("evaluation.SurveyParticipation")
    if participation is not None:
        section["partisipasi_survei"] = _values(
            participation.objects.filter(user=user).order_by("answered_at"),
            "instrument__title",
            "answered_at",
        )
    violation = _model("evaluation.Violation")
    if violation is not None:
        section["pelanggaran"] = _values(
            violation.objects.filter(enrollment__participant=user).order_by("recorded_at"),
            "pk",
            "enrollment__offering__code",
            "kind",
            "description",
            "recorded_at",
        )
    sanction = _model("evaluation.Sanction")
    if sanction is not None:
        section["sanksi"] = _values(
            sanction.objects.filter(enrollment__participant=user).order_by("decided_at"),
            "pk",
            "violation_id",
            "kind",
            "reason",
            "decided_at",
            "is_active",
            "lifted_at",
        )
    invitation = _model("evaluation.ImpactInvitation")
    if invitation is not None:
        section["undangan_survei_dampak"] = _values(
            invitation.objects.filter(user=user).order_by("invited_at"),
            "instrument__title",
            "role",
            "invited_at",
            "reminders_sent",
        )
    appeal = _model("evaluation.SanctionAppeal")
    if appeal is not None:
        section["banding"] = _values(
            appeal.objects.filter(sanction__enrollment__participant=user).order_by("filed_at"),
            "sanction_id",
            "note",
            "filed_at",
            "status",
        )
    return section


def live_section(user: User) -> dict:
    """Live-session attendance and coaching/mentoring bookings (with the coach's notes)."""
    section: dict[str, list] = {}
    attendance = _model("live.SessionAttendance")
    if attendance is not None:
        section["kehadiran_sesi_langsung"] = _values(
            attendance.objects.filter(participant=user).order_by("session__starts_at"),
            "session__title",
            "session__starts_at",
            "joined_at",
            "join_count",
            "host_mark",
        )
    booking = _model("live.CoachingBooking")
    if booking is not None:
        section["coaching_mentoring"] = _values(
            booking.objects.filter(participant=user).order_by("booked_at", "pk"),
            "slot__coach__name",
            "slot__starts_at",
            "status",
            "topic",
            "booked_at",
            "cancelled_at",
            "notes_markdown",
            "follow_up_markdown",
        )
    return section


def audit_section(user: User) -> list[dict]:
    """Audit entries about the user (their processing log)."""
    entry = _model("audit.AuditEntry")
    if entry is None:
        return []
    return _values(
        entry.objects.filter(subject_id=user.pk).order_by("seq"),
        "seq",
        "created_at",
        "action",
        "actor_name",
        "actor_roles",
        "target_type",
        "target_repr",
        "summary",
    )


# --- the archive ----------------------------------------------------------------------------


def subject_access_data(user: User, *, now: datetime) -> tuple[dict, list[tuple[str, object]]]:
    """Every section about ``user`` (a JSON-ready dict) and the files to include."""
    submissions, files = submissions_section(user)
    data = {
        "versi_format": FORMAT_VERSION,
        "dibuat": now,
        "profil": profile_section(user),
        "peran": roles_section(user),
        "pendaftaran": enrollments_section(user),
        "pembelajaran": learning_section(user),
        "ujian": attempts_section(user),
        "penugasan": submissions,
        "sertifikat": certificates_section(user),
        "jp": ledger_section(user),
        "kompetensi": competency_section(user),
        "notifikasi": notifications_section(user),
        "sesi_langsung": live_section(user),
        "evaluasi": evaluation_section(user),
        "jejak_audit": audit_section(user),
    }
    return data, files


def subject_access_archive(user: User, *, now: datetime) -> bytes:
    """The ZIP of the user's data (JSON, XLSX summary, their files) and record the export.

    Writes the audit entry ``data_export.downloaded`` about the user, so the export itself
    appears in the next one.
    """
    from bangkom.audit.log import record

    data, files = subject_access_data(user, now=now)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, json.dumps(data, cls=DjangoJSONEncoder, indent=2))
        archive.writestr(XLSX_NAME, summary_xlsx(data))
        for path, field_file in files:
            if field_file.storage.exists(field_file.name):
                with field_file.storage.open(field_file.name, "rb") as handle:
                    archive.writestr(path, handle.read())
    record(
        "data_export.downloaded",
        actor=user,
        subject=user,
        summary="Unduhan data pribadi (subject access)",
        data={"files": len(files)},
    )
    return buffer.getvalue()


def summary_xlsx(data: dict) -> bytes:
    """One sheet per list of rows in ``data`` (nested lists flattened to JSON text)."""
    sheets: dict[str, tuple[list[str], Iterable]] = {}
    for title, rows in _tables(data):
        header = sorted({key for row in rows for key in row}) if rows else ["-"]
        sheets[title[:MAX_SHEET_TITLE]] = (
            header,
            [[_cell(row.get(key)) for key in header] for row in rows],
        )
    return xlsx_bytes(sheets)


def _tables(data: dict, prefix: str = "") -> list[tuple[str, list[dict]]]:
    tables = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, list):
            tables.append((name, value))
        elif (
            isinstance(value, dict)
            and value
            and all(isinstance(v, dict | list | type(None)) for v in value.values())
        ):
            tables.extend(_tables({k: v if v is not None else [] for k, v in value.items()}))
        elif isinstance(value, dict) and value:
            tables.append((name, [value]))
    return tables


def _cell(value: object) -> object:
    if isinstance(value, list | dict):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return value
