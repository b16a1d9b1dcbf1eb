"""Models of the reports context."""
