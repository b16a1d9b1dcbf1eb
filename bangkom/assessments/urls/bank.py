"""Routes of the assessments context's bank pages."""

urlpatterns: list = []
