"""Routes of the learning context's study area."""

urlpatterns: list = []
