"""The item-bank pages per role (RELIABILITY.md K8): only a bank's authors reach any bank page
or export — peserta, coaches and pimpinan are refused everywhere, a facilitator of another
program gets 404 — and the authoring, review, import and export flows over HTTP."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from bangkom.accounts.choices import Role
from bangkom.assessments.access.bank import ROUTES
from bangkom.assessments.choices import ItemStatus, ItemType
from bangkom.assessments.importers import MAX_IMPORT_BYTES
from bangkom.assessments.items import submit_for_review
from bangkom.assessments.models import Item, ItemBank, ItemVersion
from tests.accounts.factories import UserFactory
from tests.assessments.factories_bank import (
    bank_route_samples,
    program_bank,
    subject_bank,
    write_item,
)
from tests.conftest import logged_in_client
from tests.curriculum.factories import SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(widyaiswara):
    return subject_bank(widyaiswara, code="ETIKA-1")


@pytest.fixture
def item(bank, widyaiswara):
    return write_item(bank, widyaiswara, stem="<p>Ibu kota Indonesia?</p>")


@pytest.fixture
def client(widyaiswara):
    return logged_in_client(widyaiswara)


def route_urls(bank, item):
    """A URL of every bank route: item routes take the item, other object routes the bank."""
    urls = {}
    for name, rule in ROUTES.items():
        if not rule.object_route:
            args = []
        elif name.startswith("assessments:item-") and name != "assessments:item-create":
            args = [item.pk]
        else:
            args = [bank.pk]
        urls[name] = reverse(name, args=args)
    return urls


def test_route_samples_for_the_policy_matrix_open_for_the_persona(personas):
    samples = bank_route_samples(personas)
    client = logged_in_client(personas[Role.WIDYAISWARA])
    for name, args in samples.items():
        expected = 405 if name in POST_ONLY else 200
        assert client.get(reverse(name, args=args)).status_code == expected, name


POST_ONLY = ("assessments:item-review", "assessments:item-status")


# --- who may open what (K8) -------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PESERTA, Role.COACH, Role.PIMPINAN])
def test_participants_coaches_and_supervisors_reach_no_bank_page_or_export(
    personas, role, bank, item
):
    client = logged_in_client(personas[role])
    for name, url in route_urls(bank, item).items():
        expected = 404 if ROUTES[name].object_route else 403
        for response in (client.get(url), client.post(url)):
            assert response.status_code == expected, (name, response.status_code)
            assert b"Jakarta" not in response.content
    assert Item.objects.count() == 1
    assert ItemBank.objects.count() == 1


def test_a_facilitator_of_another_program_gets_404_on_every_object_page(bank, item):
    stranger = UserFactory(roles=[Role.WIDYAISWARA])
    SubjectFactory().facilitators.add(stranger)
    client = logged_in_client(stranger)
    for name, url in route_urls(bank, item).items():
        if ROUTES[name].object_route:
            send = client.post if name in POST_ONLY else client.get
            assert send(url).status_code == 404, name
    assert client.post(reverse("assessments:item-edit", args=[item.pk])).status_code == 404
    assert client.post(reverse("assessments:bank-import", args=[bank.pk])).status_code == 404
    listing = client.get(reverse("assessments:bank-list")).content.decode()
    assert "ETIKA-1" not in listing


@pytest.mark.parametrize("role", [Role.WIDYAISWARA, Role.PENGELOLA, Role.ADMIN])
def test_authors_open_every_bank_page(personas, role, bank, item):
    client = logged_in_client(personas[role])
    for name, url in route_urls(bank, item).items():
        if name in POST_ONLY:
            continue
        assert client.get(url).status_code == 200, name


def test_bank_list_stays_within_a_query_budget(pengelola, django_assert_max_num_queries):
    for n in range(30):
        write_item(subject_bank(code=f"B-{n}"), stem=f"Soal {n}?")
    client = logged_in_client(pengelola)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("assessments:bank-list"))
    assert response.context["page"].paginator.count == 30


def test_bank_list_shows_own_banks_only_for_facilitators_and_all_for_pengelola(
    client, bank, pengelola
):
    foreign = subject_bank(code="ASING-1")
    own_page = client.get(reverse("assessments:bank-list")).content.decode()
    manager_page = (
        logged_in_client(pengelola).get(reverse("assessments:bank-list")).content.decode()
    )
    assert "ETIKA-1" in own_page
    assert foreign.code not in own_page
    assert "ETIKA-1" in manager_page
    assert foreign.code in manager_page


def test_home_page_links_widyaiswara_and_pengelola_to_the_bank(widyaiswara, pengelola, peserta):
    bank_url = reverse("assessments:bank-list")
    assert bank_url in logged_in_client(widyaiswara).get(reverse("home")).content.decode()
    assert bank_url in logged_in_client(pengelola).get(reverse("home")).content.decode()
    assert bank_url not in logged_in_client(peserta).get(reverse("home")).content.decode()


# --- banks ------------------------------------------------------------------------------------


def test_facilitator_creates_a_bank_for_their_subject(client, widyaiswara):
    subject = SubjectFactory()
    subject.facilitators.add(widyaiswara)

    response = client.post(
        reverse("assessments:bank-create"),
        {"code": "MP-9", "title": "Bank MP 9", "target": f"s:{subject.pk}"},
    )

    bank = ItemBank.objects.get(code="MP-9")
    assert response.status_code == 302
    assert (bank.program, bank.subject, bank.created_by) == (subject.program, subject, widyaiswara)


def test_facilitator_cannot_create_a_bank_for_a_foreign_subject(client):
    foreign = SubjectFactory()
    response = client.post(
        reverse("assessments:bank-create"),
        {"code": "X-1", "title": "X", "target": f"s:{foreign.pk}"},
    )
    assert response.status_code == 200
    assert not ItemBank.objects.filter(code="X-1").exists()


def test_a_taken_bank_code_is_a_form_error(client, bank):
    response = client.post(
        reverse("assessments:bank-create"),
        {"code": "etika-1", "title": "Lagi", "target": f"s:{bank.subject_id}"},
    )
    assert "sudah dipakai" in response.content.decode()
    assert ItemBank.objects.count() == 1


def test_bank_page_filters_counts_and_stays_within_a_query_budget(
    client, bank, widyaiswara, django_assert_max_num_queries
):
    for n in range(30):
        write_item(
            bank, widyaiswara, stem=f"Soal nomor {n}?", difficulty="sulit" if n % 2 else "mudah"
        )
    Item.objects.filter(bank=bank, difficulty="sulit").update(status=ItemStatus.ACTIVE)
    url = reverse("assessments:bank-detail", args=[bank.pk])

    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    counts = {v: n for v, _label, n in response.context["counts"]}
    assert counts == {"draft": 15, "in_review": 0, "active": 15, "retired": 0}

    filtered = client.get(url, {"status": "active", "difficulty": "sulit", "item_type": "x"})
    assert filtered.context["page"].paginator.count == 15
    polluted = client.get(url, {"status": "correct", "subject": "abc"})
    assert polluted.status_code == 200
    assert polluted.context["page"].paginator.count == 30


# --- items ------------------------------------------------------------------------------------


def item_post(item_type, **extra):
    data = {
        "item_type": item_type,
        "stem_html": "<p>Pertanyaan baru?</p>",
        "option_0": "Jakarta",
        "option_1": "Bandung",
        "option_2": "Surabaya",
        "option_3": "",
        "option_4": "",
        "weight": "1",
        "difficulty": "sedang",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("item_type", "extra", "keys", "points"),
    [
        (ItemType.SINGLE, {"key": "1"}, [False, True, False], [0, 0, 0]),
        (ItemType.MULTIPLE, {"correct_0": "on", "correct_2": "on"}, [True, False, True], [0, 0, 0]),
        (ItemType.TRUE_FALSE, {"key": "1", "option_2": ""}, [False, True], [0, 0]),
        (
            ItemType.GRADED,
            {"points_0": "5", "points_1": "3", "points_2": "1"},
            [False, False, False],
            [5, 3, 1],
        ),
    ],
)
def test_creating_an_item_of_each_type_through_the_form(
    client, bank, item_type, extra, keys, points
):
    response = client.post(
        reverse("assessments:item-create", args=[bank.pk]), item_post(item_type, **extra)
    )

    assert response.status_code == 302
    item = Item.objects.get(bank=bank)
    assert item.item_type == item_type
    assert [o["correct"] for o in item.current_version.options] == keys
    assert [o["points"] for o in item.current_version.options] == points


def test_an_invalid_item_shows_every_problem_and_stores_nothing(client, bank):
    response = client.post(
        reverse("assessments:item-create", args=[bank.pk]),
        item_post(ItemType.SINGLE, stem_html=" ", option_1="jakarta"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pertanyaan" in page
    assert "sama dengan pilihan A" in page
    assert "Tidak ada jawaban benar" in page
    assert not Item.objects.exists()


def test_the_item_form_uses_no_inline_script_or_style(client, bank):
    page = client.get(reverse("assessments:item-create", args=[bank.pk])).content.decode()
    assert "js/item_editor.js" in page
    assert "<script>" not in page
    assert 'style="' not in page


def test_editing_a_drawn_item_makes_a_new_version_and_says_so(client, item):
    ItemVersion.objects.filter(pk=item.current_version_id).update(is_locked=True)
    data = item_post(ItemType.SINGLE, key="0", option_0="Jakarta", stem_html="Ibu kota RI?")

    response = client.post(reverse("assessments:item-edit", args=[item.pk]), data, follow=True)

    item.refresh_from_db()
    assert item.current_version.number == 2
    assert item.versions.get(number=1).stem_html == "<p>Ibu kota Indonesia?</p>"
    assert "Versi 2 dibuat" in response.content.decode()


def test_the_edit_form_starts_from_the_current_version(client, item):
    form = client.get(reverse("assessments:item-edit", args=[item.pk])).context["form"]
    assert form["stem_html"].value() == "<p>Ibu kota Indonesia?</p>"
    assert form["key"].value() == "0"
    assert form["option_1"].value() == "Bandung"


def test_item_page_shows_the_key_and_the_version_history_to_authors(client, item):
    page = client.get(reverse("assessments:item-detail", args=[item.pk])).content.decode()
    assert 'data-key="1"' in page
    assert 'data-version="1"' in page


# --- review and status ------------------------------------------------------------------------


def test_the_review_form_is_hidden_for_the_author_and_their_post_is_refused(
    client, item, widyaiswara
):
    submit_for_review(item, by=widyaiswara)
    url = reverse("assessments:item-detail", args=[item.pk])

    page = client.get(url).content.decode()
    response = client.post(
        reverse("assessments:item-review", args=[item.pk]), {"decision": "approve"}, follow=True
    )

    assert 'data-testid="review-form"' not in page
    assert "bukan penulis" in response.content.decode()
    assert Item.objects.get(pk=item.pk).status == ItemStatus.IN_REVIEW


def test_another_facilitator_of_the_subject_reviews_through_the_page(bank, item, widyaiswara):
    reviewer = UserFactory(roles=[Role.WIDYAISWARA])
    bank.subject.facilitators.add(reviewer)
    submit_for_review(item, by=widyaiswara)
    client = logged_in_client(reviewer)

    assert (
        'data-testid="review-form"'
        in client.get(reverse("assessments:item-detail", args=[item.pk])).content.decode()
    )
    client.post(reverse("assessments:item-review", args=[item.pk]), {"decision": "reject"})
    assert Item.objects.get(pk=item.pk).status == ItemStatus.IN_REVIEW  # a reason is needed
    client.post(
        reverse("assessments:item-review", args=[item.pk]),
        {"decision": "reject", "comment": "Pilihan B juga benar."},
    )
    assert Item.objects.get(pk=item.pk).status == ItemStatus.DRAFT


def test_submit_then_retire_through_the_status_route(client, item, pengelola):
    url = reverse("assessments:item-status", args=[item.pk])
    client.post(url, {"action": "submit"})
    assert Item.objects.get(pk=item.pk).status == ItemStatus.IN_REVIEW
    logged_in_client(pengelola).post(
        reverse("assessments:item-review", args=[item.pk]), {"decision": "approve"}
    )
    client.post(url, {"action": "retire"})
    assert Item.objects.get(pk=item.pk).status == ItemStatus.RETIRED
    assert client.get(url).status_code == 405


# --- import and export ------------------------------------------------------------------------


def upload(name, content):
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)


def test_import_page_writes_a_valid_file(client, bank):
    response = client.post(
        reverse("assessments:bank-import", args=[bank.pk]),
        {"file": upload("soal.gift", "Soal?{=a ~b}\n\nSoal dua?{T}\n")},
    )
    assert response.status_code == 302
    assert Item.objects.filter(bank=bank, status=ItemStatus.DRAFT).count() == 2


def test_import_page_lists_line_errors_and_writes_nothing(client, bank):
    response = client.post(
        reverse("assessments:bank-import", args=[bank.pk]),
        {"file": upload("soal.gift", "Soal?{=a ~b}\n\nRusak {=a =b}\n\nLagi {=a\n")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-line="3"' in page
    assert 'data-line="5"' in page
    assert "Tidak ada soal yang disimpan" in page
    assert not Item.objects.exists()


def test_import_page_refuses_a_file_over_10_mb(client, bank):
    response = client.post(
        reverse("assessments:bank-import", args=[bank.pk]),
        {"file": upload("besar.gift", b"x" * (MAX_IMPORT_BYTES + 1))},
    )
    assert response.status_code == 200
    assert "10 MB" in response.content.decode()
    assert not Item.objects.exists()


def test_import_page_refuses_the_virus_test_signature(client, bank):
    response = client.post(
        reverse("assessments:bank-import", args=[bank.pk]),
        {"file": upload("soal.gift", "Soal {=EICAR-STANDARD-ANTIVIRUS-TEST-FILE ~b}")},
    )
    assert "pemindai virus" in response.content.decode()
    assert not Item.objects.exists()


def test_gift_export_downloads_the_bank_and_is_never_cached(client, item):
    response = client.get(reverse("assessments:bank-export-gift", args=[item.bank_id]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert "=Jakarta" in text
    assert "// bangkom: type=single" in text


def test_xlsx_export_and_template_download(client, item):
    export = client.get(reverse("assessments:bank-export-xlsx", args=[item.bank_id]))
    sheet = load_workbook(io.BytesIO(export.content))["Soal"]
    assert [c.value for c in sheet[2]][:3] == ["single", "<p>Ibu kota Indonesia?</p>", "Jakarta"]
    template = client.get(reverse("assessments:bank-template-xlsx"))
    assert "Petunjuk" in load_workbook(io.BytesIO(template.content)).sheetnames


def test_retired_items_are_left_out_of_exports(client, bank, widyaiswara):
    kept = write_item(bank, widyaiswara, stem="Dipakai?")
    gone = write_item(bank, widyaiswara, stem="Usang?")
    Item.objects.filter(pk=gone.pk).update(status=ItemStatus.RETIRED)
    text = client.get(reverse("assessments:bank-export-gift", args=[bank.pk])).content.decode()
    assert "Dipakai?" in text
    assert "Usang?" not in text
    assert kept.pk


def test_program_bank_is_open_to_facilitators_of_any_subject_of_the_program(widyaiswara):
    bank = program_bank(widyaiswara)
    response = logged_in_client(widyaiswara).get(reverse("assessments:bank-detail", args=[bank.pk]))
    assert response.status_code == 200
