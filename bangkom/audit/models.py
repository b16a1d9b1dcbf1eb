"""Models of the audit context."""
