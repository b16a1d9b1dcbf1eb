"""Routes of the assessments context: item banks, and the exam pages with manager views."""

from bangkom.assessments.urls import bank, exam

app_name = "assessments"

urlpatterns = [*bank.urlpatterns, *exam.urlpatterns]
