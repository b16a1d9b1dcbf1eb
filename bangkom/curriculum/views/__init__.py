"""HTML views of the curriculum context, one module per area: programs (with subjects,
competencies and rules), offerings (with committee and status) and facilitators."""
