"""Invitations to eligible institutions and supervisors' nominations (DOMAIN.md S-1 R1, R2)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from bangkom.accounts.choices import Role
from bangkom.curriculum.choices import OfferingStatus
from bangkom.learning.choices import EnrollmentSource, EnrollmentStatus
from bangkom.learning.errors import InvitationNotFound, OfferingNotOpen
from bangkom.learning.invitations import nominate, send_invitations
from bangkom.learning.models import Enrollment, Invitation
from bangkom.notifications.models import Notification
from tests.accounts.factories import InstitutionFactory, UserFactory
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory
from tests.learning.factories import EnrollmentFactory
from tests.learning.factories_catalogue import InvitationFactory

pytestmark = pytest.mark.django_db


def test_invitation_goes_to_listed_institutions_and_their_supervisors(
    pengelola, pimpinan, pimpinan_lain, home_institution
):
    offering = OfferingFactory()
    offering.eligible_institutions.add(home_institution)

    sent = send_invitations(offering, by=pengelola, now=timezone.now(), message="Mohon usulan")

    assert [i.institution for i in sent] == [home_institution]
    note = Notification.objects.get(user=pimpinan)
    assert note.url == reverse("learning:nominate", args=[sent[0].pk])
    assert not Notification.objects.filter(user=pimpinan_lain).exists()


def test_offering_without_listed_institutions_invites_all(
    pengelola, pimpinan, pimpinan_lain, home_institution, other_institution
):
    offering = OfferingFactory()
    sent = send_invitations(offering, by=pengelola, now=timezone.now())
    assert {i.institution for i in sent} >= {home_institution, other_institution}
    assert Notification.objects.filter(user__in=[pimpinan, pimpinan_lain]).count() == 2


def test_sending_again_invites_each_institution_once(pengelola, pimpinan, home_institution):
    offering = OfferingFactory()
    offering.eligible_institutions.add(home_institution)
    send_invitations(offering, by=pengelola, now=timezone.now())
    newcomer = InstitutionFactory()
    offering.eligible_institutions.add(newcomer)

    again = send_invitations(offering, by=pengelola, now=timezone.now())

    assert [i.institution for i in again] == [newcomer]
    assert Invitation.objects.filter(offering=offering).count() == 2
    assert Notification.objects.filter(user=pimpinan).count() == 1


def test_draft_offering_cannot_be_sent(pengelola):
    with pytest.raises(OfferingNotOpen):
        send_invitations(
            OfferingFactory(status=OfferingStatus.DRAFT), by=pengelola, now=timezone.now()
        )
    assert not Invitation.objects.exists()


def test_nomination_enrols_staff_of_the_supervisors_institution(
    pimpinan, peserta, peserta_lain, home_institution
):
    invitation = InvitationFactory(institution=home_institution)

    result = nominate(invitation, [peserta.pk, peserta_lain.pk], by=pimpinan, now=timezone.now())

    assert result.enrolled == [peserta]
    enrollment = Enrollment.objects.get()
    assert enrollment.participant == peserta
    assert enrollment.status == EnrollmentStatus.ENROLLED
    assert enrollment.source == EnrollmentSource.NOMINATION
    assert enrollment.decided_by == pimpinan
    assert Notification.objects.filter(user=peserta).exists()


def test_nomination_refusals_are_listed_per_person(pimpinan, peserta, home_institution):
    invitation = InvitationFactory(institution=home_institution)
    invitation.offering.eligible_institutions.add(InstitutionFactory())
    already = UserFactory(institution=home_institution)
    EnrollmentFactory(offering=invitation.offering, participant=already)

    result = nominate(invitation, [peserta.pk, already.pk], by=pimpinan, now=timezone.now())

    assert result.enrolled == []
    assert result.already == [already]
    assert result.refused == [(peserta, "Instansinya bukan instansi sasaran.")]
    assert Enrollment.objects.count() == 1


def test_supervisor_of_another_institution_cannot_nominate(
    pimpinan_lain, peserta, home_institution
):
    invitation = InvitationFactory(institution=home_institution)
    with pytest.raises(InvitationNotFound):
        nominate(invitation, [peserta.pk], by=pimpinan_lain, now=timezone.now())
    assert not Enrollment.objects.exists()


def test_invitations_page_sends_and_lists(pengelola, pimpinan, home_institution):
    offering = OfferingFactory()
    offering.eligible_institutions.add(home_institution)
    url = reverse("learning:invitations", args=[offering.pk])
    client = logged_in_client(pengelola)

    response = client.post(url, {"message": "Segera usulkan"}, follow=True)

    assert "Undangan terkirim ke 1 instansi baru." in response.content.decode()
    assert home_institution.name in response.content.decode()
    assert Invitation.objects.get().message == "Segera usulkan"


def test_my_invitations_lists_only_my_institutions(pimpinan, home_institution, other_institution):
    mine = InvitationFactory(institution=home_institution, offering__program__title="Untuk Kami")
    InvitationFactory(institution=other_institution, offering__program__title="Untuk Mereka")
    html = logged_in_client(pimpinan).get(reverse("learning:my-invitations")).content.decode()
    assert "Untuk Kami" in html
    assert "Untuk Mereka" not in html
    assert reverse("learning:nominate", args=[mine.pk]) in html


def test_nominate_page_searches_and_nominates(pimpinan, peserta, home_institution):
    invitation = InvitationFactory(institution=home_institution)
    colleague = UserFactory(institution=home_institution, name="Rina Kolega")
    url = reverse("learning:nominate", args=[invitation.pk])
    client = logged_in_client(pimpinan)

    search = client.get(url, {"q": "rina"})
    assert [p.pk for p, _status, _label in search.context["rows"]] == [colleague.pk]

    response = client.post(url, {"peserta": [str(colleague.pk), "abc"]})
    assert response.status_code == 200
    assert 'data-testid="nomination-result"' in response.content.decode()
    assert Enrollment.objects.get().participant == colleague


def test_nominate_page_of_another_institution_is_404(pimpinan_lain, home_institution):
    invitation = InvitationFactory(institution=home_institution)
    client = logged_in_client(pimpinan_lain)
    assert client.get(reverse("learning:nominate", args=[invitation.pk])).status_code == 404


def test_supervisor_role_is_needed_for_my_invitations(peserta):
    assert Role.PIMPINAN not in peserta.roles
    assert logged_in_client(peserta).get(reverse("learning:my-invitations")).status_code == 403
