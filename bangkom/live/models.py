"""Models of the live context."""
