"""Models of the evaluation context."""
