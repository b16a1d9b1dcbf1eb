"""Managing materials: who may, what each kind accepts, how files are stored
(issue: materials; DOMAIN.md S-1 R9; RELIABILITY.md B3–B7)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.files.storage import default_storage

from bangkom.common.errors import DomainError
from bangkom.learning.choices import MaterialKind
from bangkom.learning.materials import (
    MaterialData,
    MaterialRejected,
    add_library_material,
    add_subject_material,
    delete_material,
    downloadable_material,
    managed_material,
    managed_subject,
    set_orientation_video,
    update_material,
)
from bangkom.learning.models import Material
from tests.accounts.factories import UserFactory
from tests.curriculum.factories import ProgramFactory, SubjectFactory
from tests.learning.factories import EnrollmentFactory
from tests.learning.factories_study import (
    MP4_BYTES,
    PDF_BYTES,
    WEBM_BYTES,
    DocumentMaterialFactory,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(widyaiswara):
    subject = SubjectFactory()
    subject.facilitators.add(widyaiswara)
    return subject


def module(name="modul.pdf", content=PDF_BYTES, **kwargs):
    return MaterialData(
        kind=MaterialKind.MODULE, title="Modul 1", upload=upload(name, content), **kwargs
    )


def test_facilitator_adds_a_pdf_module_stored_under_a_generated_name(subject, widyaiswara):
    material = add_subject_material(subject, data=module("Modul Sekwan.pdf"), by=widyaiswara)

    assert material.program == subject.program
    assert material.original_filename == "Modul Sekwan.pdf"
    assert "Sekwan" not in material.file.name
    assert material.file.name.endswith(".pdf")
    assert default_storage.exists(material.file.name)


def test_hostile_filenames_are_stored_under_a_generated_name_and_shown_cleaned(subject, pengelola):
    traversal = add_subject_material(subject, data=module("../../settings.py"), by=pengelola)
    rtl = add_subject_material(subject, data=module("faktur\u202efdp.pdf"), by=pengelola)

    assert traversal.original_filename == "settings.py"
    assert ".." not in traversal.file.name
    assert "settings" not in traversal.file.name
    assert traversal.file.name.startswith("materials/")
    assert rtl.original_filename == "fakturfdp.pdf"


def test_a_valid_tiny_mp4_video_is_accepted_with_its_duration(subject, widyaiswara):
    data = MaterialData(
        kind=MaterialKind.VIDEO, title="Kuliah", upload=upload("kuliah.mp4", MP4_BYTES),
        duration_seconds=1800,
    )  # fmt: skip
    material = add_subject_material(subject, data=data, by=widyaiswara)
    assert material.file.name.endswith(".mp4")
    assert material.duration_seconds == 1800


def test_an_uploaded_video_needs_its_duration(subject, widyaiswara):
    data = MaterialData(
        kind=MaterialKind.VIDEO, title="Kuliah", upload=upload("k.webm", WEBM_BYTES)
    )
    with pytest.raises(MaterialRejected) as refused:
        add_subject_material(subject, data=data, by=widyaiswara)
    assert refused.value.field == "duration_seconds"
    assert not Material.objects.exists()


@pytest.mark.parametrize(
    ("kind", "name", "content"),
    [
        (MaterialKind.MODULE, "laporan.pdf", b"<html><script>alert(1)</script></html>"),
        (MaterialKind.MODULE, "gambar.svg", b"<svg><script>alert(1)</script></svg>"),
        (MaterialKind.VIDEO, "kuliah.mp4", PDF_BYTES),
        (MaterialKind.MODULE, "modul.pdf", MP4_BYTES),
        (MaterialKind.READING, "bacaan.pdf", b""),
    ],
    ids=["html-as-pdf", "svg-script", "pdf-as-video", "video-as-module", "empty"],
)
def test_wrong_content_is_refused_and_nothing_is_stored(subject, widyaiswara, kind, name, content):
    data = MaterialData(kind=kind, title="X", upload=upload(name, content), duration_seconds=60)
    with pytest.raises(MaterialRejected) as refused:
        add_subject_material(subject, data=data, by=widyaiswara)
    assert refused.value.field == "upload"
    assert not Material.objects.exists()


def test_an_oversized_document_is_refused(subject, widyaiswara, settings):
    settings.MAX_DOCUMENT_MB = 1
    content = PDF_BYTES + b"0" * (1024 * 1024)
    with pytest.raises(MaterialRejected, match="terlalu besar"):
        add_subject_material(subject, data=module(content=content), by=widyaiswara)


def test_a_file_kind_needs_a_file(subject, widyaiswara):
    with pytest.raises(MaterialRejected) as refused:
        add_subject_material(
            subject, data=MaterialData(kind=MaterialKind.SLIDES, title="Salindia"), by=widyaiswara
        )
    assert refused.value.field == "upload"


def test_an_external_video_must_be_https_and_a_link_may_be_http(subject, widyaiswara):
    plain = MaterialData(
        kind=MaterialKind.VIDEO_URL, title="V", url="http://video.example/v", duration_seconds=60
    )
    with pytest.raises(MaterialRejected) as refused:
        add_subject_material(subject, data=plain, by=widyaiswara)
    assert refused.value.field == "url"

    secure = MaterialData(
        kind=MaterialKind.VIDEO_URL, title="V", url="https://video.example/v", duration_seconds=60
    )
    assert add_subject_material(subject, data=secure, by=widyaiswara).url.startswith("https://")
    link = MaterialData(kind=MaterialKind.LINK, title="Perda", url="http://jdih.example.go.id/x")
    assert add_subject_material(subject, data=link, by=widyaiswara).duration_seconds is None


def test_a_javascript_url_is_refused(subject, widyaiswara):
    data = MaterialData(kind=MaterialKind.LINK, title="X", url="javascript:alert(1)")
    with pytest.raises(MaterialRejected):
        add_subject_material(subject, data=data, by=widyaiswara)


def test_facilitator_of_another_subject_cannot_add_or_find_it(widyaiswara):
    other = SubjectFactory()
    with pytest.raises(DomainError):
        add_subject_material(other, data=module(), by=widyaiswara)
    with pytest.raises(DomainError) as missing:
        managed_subject(widyaiswara, other.pk)
    assert missing.value.status == 404


def test_replacing_the_file_deletes_the_old_one(
    subject, widyaiswara, django_capture_on_commit_callbacks
):
    material = add_subject_material(subject, data=module(), by=widyaiswara)
    old_name = material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        update_material(material, data=module("baru.pdf"), by=widyaiswara)
    material.refresh_from_db()
    assert material.original_filename == "baru.pdf"
    assert material.file.name != old_name
    assert not default_storage.exists(old_name)


def test_editing_without_a_new_upload_keeps_the_file(subject, widyaiswara):
    material = add_subject_material(subject, data=module(), by=widyaiswara)
    name = material.file.name
    update_material(
        material,
        data=MaterialData(
            kind=MaterialKind.SLIDES, title="Salindia 1", tags="BerAKHLAK, , berakhlak"
        ),
        by=widyaiswara,
    )
    material.refresh_from_db()
    assert material.file.name == name
    assert material.kind == MaterialKind.SLIDES
    assert material.tags == "berakhlak"


def test_deleting_removes_the_row_and_the_file(
    subject, widyaiswara, django_capture_on_commit_callbacks
):
    material = add_subject_material(subject, data=module(), by=widyaiswara)
    name = material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        delete_material(material, by=widyaiswara)
    assert not Material.objects.filter(pk=material.pk).exists()
    assert not default_storage.exists(name)


def test_orientation_video_is_one_per_program_and_only_for_managers(pengelola, widyaiswara):
    program = ProgramFactory()
    data = MaterialData(
        kind=MaterialKind.VIDEO_URL,
        title="Orientasi",
        url="https://v.example/o",
        duration_seconds=600,
    )
    with pytest.raises(DomainError):
        set_orientation_video(program, data=data, by=widyaiswara)

    first = set_orientation_video(program, data=data, by=pengelola)
    second = set_orientation_video(program, data=replace(data, title="Baru"), by=pengelola)
    assert first.pk == second.pk
    assert second.is_orientation
    assert second.subject is None
    assert second.program == program
    assert Material.objects.filter(program=program, is_orientation=True).count() == 1


def test_orientation_must_be_a_video(pengelola):
    with pytest.raises(MaterialRejected):
        set_orientation_video(ProgramFactory(), data=module(), by=pengelola)


def test_library_only_material_has_no_program_and_is_published(widyaiswara):
    material = add_library_material(module(), by=widyaiswara)
    assert material.program is None
    assert material.subject is None
    assert material.in_library


def test_a_facilitator_changes_only_own_library_materials(widyaiswara, pengelola):
    colleague = UserFactory(roles=["widyaiswara"])
    own = add_library_material(module(), by=widyaiswara)
    theirs = add_library_material(module(), by=colleague)

    assert managed_material(widyaiswara, own.pk) == own
    assert managed_material(pengelola, theirs.pk) == theirs
    with pytest.raises(DomainError):
        managed_material(widyaiswara, theirs.pk)


def test_participant_cannot_add_library_materials(peserta):
    with pytest.raises(DomainError):
        add_library_material(module(), by=peserta)


def test_download_is_for_participants_of_the_program_facilitators_and_managers(
    peserta, peserta_lain, widyaiswara, pengelola
):
    material = DocumentMaterialFactory()
    material.subject.facilitators.add(widyaiswara)
    EnrollmentFactory(participant=peserta, offering__program=material.subject.program)

    for allowed in (peserta, widyaiswara, pengelola):
        assert downloadable_material(allowed, material.pk) == material
    with pytest.raises(DomainError):
        downloadable_material(peserta_lain, material.pk)


def test_a_pending_participant_cannot_download(peserta):
    material = DocumentMaterialFactory()
    EnrollmentFactory(
        participant=peserta, offering__program=material.subject.program, status="pending"
    )
    with pytest.raises(DomainError):
        downloadable_material(peserta, material.pk)


def test_anyone_logged_in_may_download_a_library_material(peserta_lain):
    material = DocumentMaterialFactory(in_library=True)
    assert downloadable_material(peserta_lain, material.pk) == material
