"""Routes of the assessments context's exam pages."""

urlpatterns: list = []
