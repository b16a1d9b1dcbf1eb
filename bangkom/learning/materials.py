"""Learning materials: who may manage them, and creating, changing and deleting them
(DOMAIN.md S-1 R9; Gambar 2 steps 1 and 3; RELIABILITY.md B3–B7).

Three owners: a subject (managed by its facilitators and by pengelola/admin), a program's
orientation video (pengelola/admin), and the knowledge library alone (no program, no
subject; any facilitator or manager adds them, the author and managers change them).

Every uploaded file passes ``check_upload`` (content type by magic bytes, size, zip bomb,
virus-scan hook) before anything is stored, and is stored under a server-generated name;
the original name is kept, cleaned, for display only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.common.errors import Forbidden, InvalidInput, NotFound
from bangkom.common.uploads import CONTENT_TYPES, UploadRejected, check_upload
from bangkom.curriculum.choices import OfferingStatus
from bangkom.curriculum.models import Program, Subject
from bangkom.learning.choices import EnrollmentStatus, MaterialKind
from bangkom.learning.models import Enrollment, Material
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.service import notify_many

MB = 1024 * 1024
MAX_DURATION_SECONDS = 24 * 3600
FILE_TYPES = {
    MaterialKind.VIDEO: ("mp4", "webm"),
    MaterialKind.MODULE: ("pdf",),
    MaterialKind.SLIDES: ("pdf", "pptx"),
    MaterialKind.READING: ("pdf", "docx"),
}
URL_SCHEMES = {
    MaterialKind.VIDEO_URL: ["https"],  # embedded pages refuse mixed content
    MaterialKind.LINK: ["http", "https"],
}
VIDEO_KINDS = (MaterialKind.VIDEO, MaterialKind.VIDEO_URL)
INLINE_TYPES = {"pdf", "mp4", "webm"}  # shown in the browser; everything else downloads


class MaterialRejected(InvalidInput):
    """Material input refused; ``field`` names the form field the message belongs to."""

    def __init__(self, message: object, *, field: str | None = None) -> None:
        super().__init__("material_invalid", message)
        self.field = field


@dataclass(frozen=True)
class MaterialData:
    """What a manager typed and uploaded. ``upload`` None keeps the stored file."""

    kind: str
    title: str
    description: str = ""
    tags: str = ""
    url: str = ""
    duration_seconds: int | None = None
    order: int = 0
    in_library: bool = False
    upload: UploadedFile | None = None


# --- who may manage what -----------------------------------------------------------------


def is_manager(user: User) -> bool:
    return user.has_role(Role.PENGELOLA) or user.has_role(Role.ADMIN)


def can_manage_subject(user: User, subject: Subject) -> bool:
    """Pengelola/admin, or a facilitator assigned to this subject."""
    if is_manager(user):
        return True
    return user.has_role(Role.WIDYAISWARA) and subject.facilitators.filter(pk=user.pk).exists()


def can_manage_material(user: User, material: Material) -> bool:
    if material.subject_id:
        return can_manage_subject(user, material.subject)
    if material.program_id:  # a program's orientation video
        return is_manager(user)
    return is_manager(user) or (
        user.has_role(Role.WIDYAISWARA) and material.created_by_id == user.pk
    )


def can_add_library_material(user: User) -> bool:
    return is_manager(user) or user.has_role(Role.WIDYAISWARA)


def subjects_managed_by(user: User) -> QuerySet[Subject]:
    """Subjects whose materials the user manages: all for managers, own for facilitators."""
    subjects = Subject.objects.select_related("program").order_by("program__title", "order")
    if is_manager(user):
        return subjects
    return subjects.filter(facilitators=user).distinct()


def managed_subject(user: User, subject_pk: int) -> Subject:
    """A subject the user manages; NotFound for any other (a facilitator's other subjects)."""
    subject = subjects_managed_by(user).filter(pk=subject_pk).first()
    if subject is None:
        raise NotFound("subject_not_found", _("Mata pelatihan tidak ditemukan."))
    return subject


def managed_program(user: User, program_pk: int) -> Program:
    program = Program.objects.filter(pk=program_pk).first() if is_manager(user) else None
    if program is None:
        raise NotFound("program_not_found", _("Program tidak ditemukan."))
    return program


def managed_material(user: User, material_pk: int) -> Material:
    material = (
        Material.objects.select_related("subject__program", "program")
        .filter(pk=material_pk)
        .first()
    )
    if material is None or not can_manage_material(user, material):
        raise NotFound("material_not_found", _("Materi tidak ditemukan."))
    return material


def downloadable_material(user: User, material_pk: int) -> Material:
    """A material whose file the user may open; NotFound otherwise (or when it has no file).

    Allowed: anyone logged in for a library material; approved participants of any offering
    of the material's program; the subject's facilitators; pengelola and admin.
    """
    material = (
        Material.objects.select_related("subject").filter(pk=material_pk).exclude(file="").first()
    )
    if material is None or not _may_download(user, material):
        raise NotFound("material_not_found", _("Materi tidak ditemukan."))
    return material


def _may_download(user: User, material: Material) -> bool:
    if material.in_library or is_manager(user):
        return True
    if material.subject_id and material.subject.facilitators.filter(pk=user.pk).exists():
        return True
    program_id = material.subject.program_id if material.subject_id else material.program_id
    return (
        program_id is not None
        and Enrollment.objects.filter(
            participant=user, status=EnrollmentStatus.ENROLLED, offering__program_id=program_id
        ).exists()
    )


def library_materials_managed_by(user: User) -> QuerySet[Material]:
    """Library-only materials (no program, no subject) the user may change."""
    materials = Material.objects.filter(program__isnull=True, subject__isnull=True)
    if is_manager(user):
        return materials.order_by("-created_at", "-pk")
    return materials.filter(created_by=user).order_by("-created_at", "-pk")


# --- writing -------------------------------------------------------------------------------


def add_subject_material(subject: Subject, *, data: MaterialData, by: User) -> Material:
    """Add a material to a subject; refused unless ``by`` manages the subject."""
    if not can_manage_subject(by, subject):
        raise Forbidden("not_subject_facilitator", _("Anda tidak mengelola mata pelatihan ini."))
    material = Material(subject=subject, program=subject.program, created_by=by)
    with transaction.atomic():
        material = _save(material, data)
        _notify_new_material(material, subject)
    return material


def _notify_new_material(material: Material, subject: Subject) -> None:
    """Tell the approved participants of the program's running offerings, once per material."""
    enrollments = (
        Enrollment.objects.filter(
            offering__program_id=subject.program_id,
            offering__status__in=[OfferingStatus.PUBLISHED, OfferingStatus.RUNNING],
            status=EnrollmentStatus.ENROLLED,
            is_trial=False,
            participant__is_active=True,
        )
        .select_related("participant")
        .order_by("offering_id")
    )
    by_offering: dict[int, list[User]] = {}
    for enrollment in enrollments:
        by_offering.setdefault(enrollment.offering_id, []).append(enrollment.participant)
    for offering_id, participants in by_offering.items():
        notify_many(
            participants,
            event_key=f"material:{material.pk}:new",
            title=_("Materi baru: %(title)s") % {"title": material.title},
            body=_("Mata pelatihan %(subject)s") % {"subject": subject.title},
            url=reverse("learning:offering-room", args=[offering_id]),
            kind=NotificationKind.MATERIAL,
        )


def set_orientation_video(program: Program, *, data: MaterialData, by: User) -> Material:
    """Create or replace the program's orientation video (pengelola/admin only)."""
    if not is_manager(by):
        raise Forbidden("not_manager", _("Hanya pengelola yang mengatur video orientasi."))
    if data.kind not in VIDEO_KINDS:
        raise MaterialRejected(_("Video orientasi harus berupa video."), field="kind")
    material = Material.objects.filter(program=program, is_orientation=True).first()
    if material is None:
        material = Material(program=program, is_orientation=True, created_by=by)
    return _save(material, data)


def add_library_material(data: MaterialData, *, by: User) -> Material:
    """Publish a material to the knowledge library only (no program, no subject)."""
    if not can_add_library_material(by):
        raise Forbidden("not_facilitator", _("Anda tidak dapat menambah materi perpustakaan."))
    material = Material(created_by=by)
    return _save(material, replace(data, in_library=True))


def update_material(material: Material, *, data: MaterialData, by: User) -> Material:
    """Change a material; a new upload replaces the stored file (the old one is deleted)."""
    if not can_manage_material(by, material):
        raise Forbidden("not_material_manager", _("Anda tidak mengelola materi ini."))
    if material.is_orientation and data.kind not in VIDEO_KINDS:
        raise MaterialRejected(_("Video orientasi harus berupa video."), field="kind")
    if not material.subject_id and not material.program_id:
        data = replace(data, in_library=True)
    return _save(material, data)


def delete_material(material: Material, *, by: User) -> None:
    """Delete a material, its participants' progress on it, and its stored file."""
    if not can_manage_material(by, material):
        raise Forbidden("not_material_manager", _("Anda tidak mengelola materi ini."))
    old_name = material.file.name if material.file else ""
    storage = material.file.storage
    with transaction.atomic():
        material.delete()
        # a stored file may be shared by several materials (the demo's videos): keep it then
        if old_name and not Material.objects.filter(file=old_name).exists():
            transaction.on_commit(lambda: storage.delete(old_name))


def _save(material: Material, data: MaterialData) -> Material:
    """Validate ``data`` against the kind's rules, store any upload, save the row."""
    _check_text(data)
    old_file = material.file.name if material.file else ""
    new_upload = _checked_file(material, data)
    material.kind = data.kind
    material.title = data.title.strip()
    material.description = data.description.strip()
    material.tags = normalize_tags(data.tags)
    material.order = data.order
    material.in_library = data.in_library
    material.url = _checked_url(data)
    material.duration_seconds = _checked_duration(data)
    storage = material.file.storage
    with transaction.atomic():
        if data.kind not in FILE_TYPES:
            material.file = None
            material.original_filename = ""
        elif new_upload is not None:
            upload, checked = new_upload
            material.file.save(checked.storage_name, upload, save=False)
            material.original_filename = checked.display_name
        material.save()
        replaced = old_file and old_file != (material.file.name if material.file else "")
        if replaced and not Material.objects.filter(file=old_file).exclude(pk=material.pk).exists():
            transaction.on_commit(lambda: storage.delete(old_file))
    return material


def _check_text(data: MaterialData) -> None:
    if data.kind not in MaterialKind.values:
        raise MaterialRejected(_("Jenis materi tidak dikenal."), field="kind")
    if not data.title.strip():
        raise MaterialRejected(_("Judul wajib diisi."), field="title")
    if len(data.title.strip()) > 200:
        raise MaterialRejected(_("Judul paling banyak 200 karakter."), field="title")
    if len(normalize_tags(data.tags)) > 300:
        raise MaterialRejected(_("Tag paling banyak 300 karakter."), field="tags")


def _checked_file(material: Material, data: MaterialData) -> tuple | None:
    """The (upload, CheckedUpload) to store, None to keep the stored file; refuses bad files."""
    allowed = FILE_TYPES.get(data.kind)
    if allowed is None:
        return None
    if data.upload is None:
        if material.file and stored_file_type(material) in allowed:
            return None
        raise MaterialRejected(_("Unggah berkas untuk jenis materi ini."), field="upload")
    limit_mb = (
        settings.MAX_VIDEO_MB if data.kind == MaterialKind.VIDEO else settings.MAX_DOCUMENT_MB
    )
    try:
        checked = check_upload(data.upload, allowed_types=allowed, max_bytes=limit_mb * MB)
    except UploadRejected as exc:
        raise MaterialRejected(exc.message, field="upload") from None
    return data.upload, checked


def _checked_url(data: MaterialData) -> str:
    schemes = URL_SCHEMES.get(data.kind)
    if schemes is None:
        return ""
    url = data.url.strip()
    if not url:
        raise MaterialRejected(_("Tautan wajib diisi untuk jenis materi ini."), field="url")
    try:
        URLValidator(schemes=schemes)(url)
    except ValidationError:
        message = (
            _("Tautan video harus diawali https://.")
            if schemes == ["https"]
            else _("Tautan harus diawali http:// atau https://.")
        )
        raise MaterialRejected(message, field="url") from None
    return url


def _checked_duration(data: MaterialData) -> int | None:
    if data.kind not in VIDEO_KINDS:
        return None
    seconds = data.duration_seconds
    if seconds is None or not 1 <= seconds <= MAX_DURATION_SECONDS:
        raise MaterialRejected(
            _("Durasi video (detik) wajib diisi, antara 1 dan 86400."), field="duration_seconds"
        )
    return seconds


def normalize_tags(tags: str) -> str:
    """Comma-separated, lower-case, trimmed and without duplicates, in the typed order."""
    seen: list[str] = []
    for tag in (tags or "").split(","):
        cleaned = " ".join(tag.split()).lower()
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return ", ".join(seen)


def stored_file_type(material: Material) -> str:
    """The real type of the stored file, from its server-generated name (``<uuid>.<type>``)."""
    name = material.file.name if material.file else ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return extension if extension in CONTENT_TYPES else ""


def serves_inline(material: Material) -> bool:
    """True for files a browser shows (PDF, video); other documents are downloaded."""
    return stored_file_type(material) in INLINE_TYPES


def content_type_of(material: Material) -> str:
    return CONTENT_TYPES.get(stored_file_type(material), "application/octet-stream")


def download_name(material: Material) -> str:
    """The name the browser saves the file as: the original name, with the real extension."""
    file_type = stored_file_type(material)
    name = material.original_filename or material.title or "materi"
    if file_type and not name.lower().endswith("." + file_type):
        name = f"{name}.{file_type}"
    return name
