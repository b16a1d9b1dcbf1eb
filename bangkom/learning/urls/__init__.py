"""Routes of the learning context, one module per area: catalogue and enrolment, study
(materials, progress, attendance, library, announcements), work (assignments, forums)."""

from bangkom.learning.urls import catalogue, study, work

app_name = "learning"

urlpatterns = [*catalogue.urlpatterns, *study.urlpatterns, *work.urlpatterns]
