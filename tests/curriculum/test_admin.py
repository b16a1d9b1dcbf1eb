"""The Django admin pages of the curriculum models open, and keep the rules they can."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import logged_in_client
from tests.curriculum.factories import (
    FacilitatorProfileFactory,
    RulesDocumentFactory,
    SubjectFactory,
)
from tests.curriculum.factories_curriculum import CommitteeMemberFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "program",
    "subject",
    "rulesdocument",
    "offering",
    "committeemember",
    "facilitatorprofile",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_and_change_pages_open(admin_user, model):
    CommitteeMemberFactory()
    RulesDocumentFactory()
    SubjectFactory()
    FacilitatorProfileFactory()
    client = logged_in_client(admin_user)

    changelist = client.get(reverse(f"admin:curriculum_{model}_changelist"))
    assert changelist.status_code == 200
    obj = changelist.context["cl"].result_list[0]
    change = client.get(reverse(f"admin:curriculum_{model}_change", args=[obj.pk]))
    assert change.status_code == 200


def test_admin_offers_only_widyaiswara_as_subject_facilitators(admin_user, widyaiswara, peserta):
    subject = SubjectFactory()
    response = logged_in_client(admin_user).get(
        reverse("admin:curriculum_subject_change", args=[subject.pk])
    )
    choices = response.context["adminform"].form.fields["facilitators"].queryset
    assert widyaiswara in choices
    assert peserta not in choices


def test_rules_versions_cannot_be_added_in_the_admin(admin_user):
    response = logged_in_client(admin_user).get(reverse("admin:curriculum_rulesdocument_add"))
    assert response.status_code == 403
