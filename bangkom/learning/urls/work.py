"""Routes of the learning context's work area."""

urlpatterns: list = []
