"""HTML views of the study area: thin wrappers over study, materials, library, attendance,
announcements and readiness.

The access policy decides who may open a route; the lookups here (``own_enrollment``,
``managed_subject`` …) scope the object and raise NotFound, which becomes a 404.
"""

from __future__ import annotations

import json
from functools import wraps

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from bangkom.common.downloads import serve_field_file
from bangkom.common.errors import DomainError, NotFound
from bangkom.common.forms import BootstrapFormMixin
from bangkom.common.pagination import paginate
from bangkom.curriculum.models import Offering, Subject
from bangkom.learning import announcements as announcement_service
from bangkom.learning import attendance, readiness
from bangkom.learning import library as library_service
from bangkom.learning import materials as material_service
from bangkom.learning import study as study_service
from bangkom.learning.choices import MaterialKind
from bangkom.learning.models import Material
from bangkom.learning.progress import (
    current_rules,
    journey_for,
    material_progress_of,
    subject_progress,
)
from bangkom.progression.journey import NextStep

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

STEP_LABELS = {
    NextStep.AWAIT_APPROVAL: gettext_lazy("Menunggu persetujuan pendaftaran"),
    NextStep.ACKNOWLEDGE_RULES: gettext_lazy("Baca dan setujui ketentuan program"),
    NextStep.TAKE_PLACEMENT: gettext_lazy("Ikuti tes awal"),
    NextStep.WATCH_ORIENTATION: gettext_lazy("Tonton video orientasi program"),
    NextStep.STUDY_MATERIALS: gettext_lazy("Pelajari semua materi"),
    NextStep.SUBMIT_ASSIGNMENTS: gettext_lazy("Kerjakan penugasan"),
    NextStep.TAKE_SUBJECT_EXAMS: gettext_lazy("Lulus ujian setiap mata pelatihan"),
    NextStep.WAIT_FOR_FINAL: gettext_lazy("Tunggu jadwal uji kompetensi"),
    NextStep.TAKE_FINAL: gettext_lazy("Ikuti uji kompetensi akhir (CAT)"),
    NextStep.DOWNLOAD_CERTIFICATE: gettext_lazy("Unduh sertifikat"),
    NextStep.NONE: gettext_lazy("Tidak ada langkah lanjutan"),
}


def domain_404(view):  # noqa: ANN001, ANN201  (decorator)
    """Turn a NotFound raised by a lookup into Http404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc)) from None

    return wrapper


def _optional_url(name: str, *args: object) -> str:
    """The URL of a route another area provides, or "" while it does not exist yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- forms -----------------------------------------------------------------------------------


class MaterialForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Jenis materi"), choices=MaterialKind.choices)
    title = forms.CharField(label=gettext_lazy("Judul"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Deskripsi"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    tags = forms.CharField(
        label=gettext_lazy("Tag"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Pisahkan dengan koma, mis. integritas, pelayanan publik."),
    )
    upload = forms.FileField(
        label=gettext_lazy("Berkas"),
        required=False,
        help_text=gettext_lazy(
            "Video: MP4/WebM. Modul: PDF. Salindia: PDF/PPTX. Bacaan: PDF/DOCX. "
            "Kosongkan saat mengubah untuk mempertahankan berkas lama."
        ),
    )
    url = forms.CharField(
        label=gettext_lazy("Tautan"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Untuk video tautan (https://) atau tautan bacaan."),
    )
    duration_seconds = forms.IntegerField(
        label=gettext_lazy("Durasi video (detik)"),
        required=False,
        min_value=1,
        help_text=gettext_lazy(
            "Terisi otomatis dari berkas video yang dipilih; isi manual untuk video tautan."
        ),
    )
    order = forms.IntegerField(label=gettext_lazy("Urutan"), required=False, min_value=0)
    in_library = forms.BooleanField(
        label=gettext_lazy("Terbitkan juga di perpustakaan (KMS)"), required=False
    )

    def __init__(self, *args: object, mode: str = "subject", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["upload"].widget.attrs.update(
            {
                "accept": ".mp4,.webm,.pdf,.pptx,.docx",
                "data-duration-target": self["duration_seconds"].auto_id,
            }
        )
        if mode == "orientation":
            self.fields["kind"].choices = [
                (k, label) for k, label in MaterialKind.choices if k in material_service.VIDEO_KINDS
            ]
            del self.fields["order"]
        if mode == "library":
            del self.fields["in_library"]
            del self.fields["order"]

    def to_data(self) -> material_service.MaterialData:
        data = self.cleaned_data
        return material_service.MaterialData(
            kind=data["kind"],
            title=data["title"],
            description=data.get("description", ""),
            tags=data.get("tags", ""),
            url=data.get("url", ""),
            duration_seconds=data.get("duration_seconds"),
            order=data.get("order") or 0,
            in_library=data.get("in_library", False),
            upload=data.get("upload"),
        )

    @classmethod
    def initial_from(cls, material: Material) -> dict:
        return {
            "kind": material.kind,
            "title": material.title,
            "description": material.description,
            "tags": material.tags,
            "url": material.url,
            "duration_seconds": material.duration_seconds,
            "order": material.order,
            "in_library": material.in_library,
        }


class AnnouncementForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Judul"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Isi"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Mendukung Markdown: **tebal**, _miring_, daftar, tautan."),
    )


def _save_material(form: MaterialForm, action) -> Material | None:  # noqa: ANN001
    """Run a materials write with the form's data; domain refusals become form errors."""
    if not form.is_valid():
        return None
    try:
        return action(form.to_data())
    except material_service.MaterialRejected as exc:
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, str(exc))
    except DomainError as exc:
        form.add_error(None, str(exc))
    return None


# --- the participant's learning room -------------------------------------------------------


def _checklist(journey, enrollment, orientation, subjects_progress) -> list[dict]:  # noqa: ANN001
    first_open = next((p.subject for p in subjects_progress if p.done < p.total), None)
    urls = {
        NextStep.ACKNOWLEDGE_RULES: reverse("learning:rules", args=[enrollment.pk]),
        NextStep.WATCH_ORIENTATION: orientation
        and reverse("learning:material", args=[enrollment.pk, orientation.pk]),
        NextStep.STUDY_MATERIALS: first_open
        and reverse("learning:subject", args=[enrollment.pk, first_open.pk]),
        NextStep.SUBMIT_ASSIGNMENTS: _optional_url("learning:assignments", enrollment.pk),
    }
    return [
        {
            "label": STEP_LABELS.get(item.key, item.key),
            "done": item.done,
            "done_count": item.done_count,
            "total": item.total,
            "is_next": item.key == journey.next_step,
            "url": urls.get(item.key) or "",
        }
        for item in journey.checklist
    ]


def _contacts(subject: Subject) -> list:
    """Facilitator contacts of one subject: the curriculum context's list when it exists."""
    try:
        from bangkom.curriculum.facilitators import facilitator_contacts
    except ImportError:
        return _prefetched_contacts(subject)
    return list(facilitator_contacts(subject))


def _prefetched_contacts(subject: Subject) -> list[dict]:
    """Contacts from ``facilitators__facilitator_profile`` already prefetched (no query).

    Same rules as ``curriculum.facilitators.facilitator_contacts`` (the profile's contact
    email, else the account's), used where calling it per subject would cost a query each.
    """
    contacts = []
    for user in sorted(subject.facilitators.all(), key=lambda u: u.name):
        profile = getattr(user, "facilitator_profile", None)
        contacts.append(
            {
                "name": user.name,
                "title": profile.academic_title if profile else "",
                "email": (profile.contact_email if profile else "") or user.email,
                "phone": profile.contact_phone if profile else "",
                "is_verified": bool(profile and profile.is_verified),
            }
        )
    return contacts


@require_GET
@domain_404
def study(request: HttpRequest, enrollment_pk: int) -> HttpResponse:
    enrollment = study_service.own_enrollment(request.user, enrollment_pk)
    now = timezone.now()
    program = enrollment.offering.program
    subjects = list(
        Subject.objects.filter(program=program)
        .order_by("order")
        .prefetch_related("facilitators__facilitator_profile")
    )
    progress = subject_progress(enrollment, subjects)
    orientation = Material.objects.filter(program=program, is_orientation=True).first()
    journey = journey_for(enrollment)
    context = {
        "enrollment": enrollment,
        "offering": enrollment.offering,
        "program": program,
        "journey": journey,
        "checklist": _checklist(journey, enrollment, orientation, progress),
        "next_label": STEP_LABELS.get(journey.next_step, ""),
        "refusal": study_service.study_refusal(enrollment, now=now),
        "rules": current_rules(program.pk),
        "orientation": orientation,
        "orientation_progress": orientation
        and material_progress_of(enrollment, [orientation.pk]).get(orientation.pk),
        "subjects": [
            {"progress": p, "contacts": _prefetched_contacts(p.subject)} for p in progress
        ],
        "announcements": announcement_service.announcements_of(enrollment.offering)[:5],
        "checked_in": attendance.checked_in_today(enrollment, now=now),
        "assignments_url": _optional_url("learning:assignments", enrollment.pk),
    }
    return render(request, "learning/study/room.html", context)


@require_GET
@domain_404
def rules(request: HttpRequest, enrollment_pk: int) -> HttpResponse:
    enrollment = study_service.own_enrollment(request.user, enrollment_pk)
    document = current_rules(enrollment.offering.program_id)
    acknowledged = (
        document is not None and enrollment.rules_acknowledgements.filter(rules=document).first()
    )
    return render(
        request,
        "learning/study/rules.html",
        {"enrollment": enrollment, "rules": document, "acknowledgement": acknowledged or None},
    )


@require_POST
@domain_404
def rules_acknowledge(request: HttpRequest, enrollment_pk: int) -> HttpResponse:
    enrollment = study_service.own_enrollment(request.user, enrollment_pk)
    try:
        study_service.acknowledge_rules(enrollment, now=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("learning:rules", enrollment.pk)
    messages.success(request, _("Terima kasih, persetujuan Anda atas ketentuan telah dicatat."))
    return redirect("learning:study", enrollment.pk)


@require_POST
@domain_404
def check_in(request: HttpRequest, enrollment_pk: int) -> HttpResponse:
    enrollment = study_service.own_enrollment(request.user, enrollment_pk)
    try:
        record = attendance.check_in(enrollment, now=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Absen hari ini (%(day)s) tercatat.") % {"day": record.day.strftime("%d-%m-%Y")},
        )
    return redirect("learning:study", enrollment.pk)


@require_GET
@domain_404
def offering_room(request: HttpRequest, offering_pk: int) -> HttpResponse:
    enrollment = study_service.own_enrollment_in(request.user, offering_pk)
    return redirect("learning:study", enrollment.pk)


def _material_row(item: Material, progress: object) -> dict:
    completed = progress is not None and progress.completed_at is not None
    return {"material": item, "progress": progress, "done": completed}


def _closed(request: HttpRequest, enrollment, refusal: DomainError) -> HttpResponse:  # noqa: ANN001
    return render(
        request,
        "learning/study/closed.html",
        {"enrollment": enrollment, "message": str(refusal)},
        status=403,
    )


@require_GET
@domain_404
def subject(request: HttpRequest, enrollment_pk: int, subject_pk: int) -> HttpResponse:
    enrollment = study_service.own_enrollment(request.user, enrollment_pk)
    found = Subject.objects.filter(pk=subject_pk, program_id=enrollment.offering.program_id)
    subject_ = found.prefetch_related("facilitators__facilitator_profile").first()
    if subject_ is None:
        raise Http404
    refusal = study_service.study_refusal(enrollment, now=timezone.now())
    if refusal is not None:
        return _closed(request, enrollment, refusal)
    items = list(subject_.materials.order_by("order", "pk"))
    done = material_progress_of(enrollment, [m.pk for m in items])
    rows = [_material_row(m, done.get(m.pk)) for m in items]
    context = {
        "enrollment": enrollment,
        "offering": enrollment.offering,
        "subject": subject_,
        "rows": rows,
        "progress": subject_progress(enrollment, [subject_])[0],
        "contacts": _contacts(subject_),
        "assignments_url": _optional_url("learning:assignments", enrollment.pk),
        "forum_url": _optional_url("learning:forum", enrollment.offering_id, subject_.pk),
    }
    return render(request, "learning/study/subject.html", context)


@require_GET
@domain_404
def material(request: HttpRequest, enrollment_pk: int, material_pk: int) -> HttpResponse:
    enrollment = study_service.own_enrollment(request.user, enrollment_pk)
    item = study_service.enrollment_material(enrollment, material_pk)
    now = timezone.now()
    refusal = study_service.study_refusal(enrollment, now=now)
    if refusal is not None:
        return _closed(request, enrollment, refusal)
    progress = study_service.mark_material_opened(enrollment, item, now=now)
    context = {
        "enrollment": enrollment,
        "material": item,
        "progress": progress,
        "report": study_service.video_report(progress, item),
        "tracked": study_service.is_tracked_video(item),
        "self_declared": item.kind == MaterialKind.VIDEO_URL,
        "inline": material_service.serves_inline(item),
    }
    return render(request, "learning/study/material.html", context)


def _json_error(exc: DomainError) -> JsonResponse:
    return JsonResponse({"detail": str(exc), "code": exc.code}, status=exc.status)


@require_POST
def video_progress(request: HttpRequest, enrollment_pk: int, material_pk: int) -> HttpResponse:
    """POST ``{"intervals": [[start, end], ...], "position": s}`` → merged progress (JSON)."""
    try:
        enrollment = study_service.own_enrollment(request.user, enrollment_pk)
        item = study_service.enrollment_material(enrollment, material_pk)
        try:
            payload = json.loads(request.body or b"{}")
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            return JsonResponse(
                {"detail": _("Laporan tontonan tidak valid."), "code": "invalid_json"}, status=400
            )
        progress = study_service.record_video_progress(
            enrollment,
            item,
            intervals=payload.get("intervals", []),
            position=payload.get("position"),
            now=timezone.now(),
        )
    except DomainError as exc:
        return _json_error(exc)
    report = study_service.video_report(progress, item)
    return JsonResponse(
        {
            "percent": report.percent,
            "watched_seconds": report.watched_seconds,
            "position": report.position_seconds,
            "completed": report.completed,
        }
    )


@require_POST
@domain_404
def material_watched(request: HttpRequest, enrollment_pk: int, material_pk: int) -> HttpResponse:
    """The self-declared "Saya sudah menonton" of an external video."""
    enrollment = study_service.own_enrollment(request.user, enrollment_pk)
    item = study_service.enrollment_material(enrollment, material_pk)
    try:
        study_service.declare_video_watched(enrollment, item, now=timezone.now())
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Video ditandai sudah ditonton."))
    return redirect("learning:material", enrollment.pk, item.pk)


@require_safe
@domain_404
def material_file(request: HttpRequest, material_pk: int) -> HttpResponse:
    item = material_service.downloadable_material(request.user, material_pk)
    inline = material_service.serves_inline(item) and "unduh" not in request.GET
    return serve_field_file(
        request,
        item.file,
        filename=material_service.download_name(item),
        content_type=material_service.content_type_of(item),
        inline=inline,
    )


# --- managing materials ----------------------------------------------------------------------


@require_GET
def manage_subjects(request: HttpRequest) -> HttpResponse:
    page = paginate(
        request, readiness.with_content_counts(material_service.subjects_managed_by(request.user))
    )
    return render(
        request,
        "learning/study/manage_subjects.html",
        {
            "page": page,
            "rows": readiness.video_rows(page.object_list),
            "minimum_minutes": readiness.MIN_VIDEO_MINUTES,
        },
    )


@require_http_methods(["GET", "POST"])
@domain_404
def manage_materials(request: HttpRequest, subject_pk: int) -> HttpResponse:
    subject_ = material_service.managed_subject(request.user, subject_pk)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        saved = _save_material(
            form,
            lambda data: material_service.add_subject_material(
                subject_, data=data, by=request.user
            ),
        )
        if saved is not None:
            messages.success(request, _("Materi “%(title)s” tersimpan.") % {"title": saved.title})
            return redirect("learning:manage-materials", subject_.pk)
    minutes = readiness.subject_video_minutes(subject_)
    context = {
        "subject": subject_,
        "materials": subject_.materials.order_by("order", "pk"),
        "form": form,
        "video_minutes": minutes,
        "minimum_minutes": readiness.MIN_VIDEO_MINUTES,
        "short_of_video": minutes < readiness.MIN_VIDEO_MINUTES,
    }
    return render(request, "learning/study/manage_materials.html", context)


def _management_url(item: Material) -> str:
    if item.subject_id:
        return reverse("learning:manage-materials", args=[item.subject_id])
    if item.program_id:
        return reverse("learning:manage-orientation", args=[item.program_id])
    return reverse("learning:manage-library")


@require_http_methods(["GET", "POST"])
@domain_404
def material_edit(request: HttpRequest, material_pk: int) -> HttpResponse:
    item = material_service.managed_material(request.user, material_pk)
    mode = "orientation" if item.is_orientation else "subject" if item.subject_id else "library"
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        initial=MaterialForm.initial_from(item),
        mode=mode,
    )
    if request.method == "POST":
        saved = _save_material(
            form,
            lambda data: material_service.update_material(item, data=data, by=request.user),
        )
        if saved is not None:
            messages.success(request, _("Materi “%(title)s” tersimpan.") % {"title": saved.title})
            return redirect(_management_url(saved))
    return render(
        request,
        "learning/study/material_form.html",
        {"material": item, "form": form, "back_url": _management_url(item)},
    )


@require_http_methods(["GET", "POST"])
@domain_404
def material_delete(request: HttpRequest, material_pk: int) -> HttpResponse:
    item = material_service.managed_material(request.user, material_pk)
    back_url = _management_url(item)
    if request.method == "POST":
        material_service.delete_material(item, by=request.user)
        messages.success(request, _("Materi “%(title)s” dihapus.") % {"title": item.title})
        return redirect(back_url)
    return render(
        request,
        "learning/study/material_delete.html",
        {"material": item, "back_url": back_url, "opened": item.progress.count()},
    )


@require_http_methods(["GET", "POST"])
@domain_404
def manage_orientation(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = material_service.managed_program(request.user, program_pk)
    current = Material.objects.filter(program=program, is_orientation=True).first()
    initial = MaterialForm.initial_from(current) if current else {"kind": MaterialKind.VIDEO}
    form = MaterialForm(
        request.POST or None, request.FILES or None, initial=initial, mode="orientation"
    )
    if request.method == "POST":
        saved = _save_material(
            form,
            lambda data: material_service.set_orientation_video(
                program, data=data, by=request.user
            ),
        )
        if saved is not None:
            messages.success(request, _("Video orientasi tersimpan."))
            return redirect("learning:manage-orientation", program.pk)
    return render(
        request,
        "learning/study/manage_orientation.html",
        {"program": program, "current": current, "form": form},
    )


@require_http_methods(["GET", "POST"])
def manage_library(request: HttpRequest) -> HttpResponse:
    form = MaterialForm(request.POST or None, request.FILES or None, mode="library")
    if request.method == "POST":
        saved = _save_material(
            form, lambda data: material_service.add_library_material(data, by=request.user)
        )
        if saved is not None:
            messages.success(
                request, _("Materi “%(title)s” terbit di perpustakaan.") % {"title": saved.title}
            )
            return redirect("learning:manage-library")
    page = paginate(request, material_service.library_materials_managed_by(request.user))
    return render(request, "learning/study/manage_library.html", {"page": page, "form": form})


# --- the knowledge library -------------------------------------------------------------------


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = library_service.search_library(query, page=request.GET.get("page"))
    return render(request, "learning/study/library.html", {"page": page, "query": query})


@require_GET
@domain_404
def library_item(request: HttpRequest, material_pk: int) -> HttpResponse:
    item = library_service.library_material(material_pk)
    return render(
        request,
        "learning/study/library_item.html",
        {"material": item, "inline": material_service.serves_inline(item)},
    )


# --- per offering, for managers --------------------------------------------------------------


def _offering(offering_pk: int) -> Offering:
    offering = Offering.objects.select_related("program").filter(pk=offering_pk).first()
    if offering is None:
        raise Http404
    return offering


@require_GET
def offering_attendance(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = _offering(offering_pk)
    page = paginate(request, attendance.attendance_enrollments(offering))
    matrix = attendance.attendance_matrix(offering, enrollments=list(page.object_list))
    return render(
        request,
        "learning/study/attendance.html",
        {"offering": offering, "page": page, "matrix": matrix},
    )


@require_GET
def offering_attendance_xlsx(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = _offering(offering_pk)
    response = HttpResponse(attendance.attendance_xlsx(offering), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="absensi-{offering.pk}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def announcements(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = _offering(offering_pk)
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            announcement_service.post_announcement(
                offering,
                title=form.cleaned_data["title"],
                body_markdown=form.cleaned_data["body"],
                by=request.user,
                now=timezone.now(),
            )
        except announcement_service.AnnouncementRejected as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, _("Pengumuman terbit dan peserta telah diberi tahu."))
            return redirect("learning:announcements", offering.pk)
    page = paginate(request, announcement_service.announcements_of(offering))
    return render(
        request,
        "learning/study/announcements.html",
        {"offering": offering, "page": page, "form": form},
    )


@require_GET
def offering_readiness(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = _offering(offering_pk)
    return render(
        request,
        "learning/study/readiness.html",
        {
            "offering": offering,
            "warnings": readiness.offering_warnings(offering),
            "videos": readiness.subject_videos(offering.program),
        },
    )
