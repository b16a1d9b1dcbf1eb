"""Routes of the learning context's catalogue area."""

urlpatterns: list = []
