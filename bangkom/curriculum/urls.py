"""Routes of the curriculum context."""

app_name = "curriculum"

urlpatterns: list = []
