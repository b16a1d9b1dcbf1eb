"""API endpoints of the learning context (API.md: Catalogue and enrolment)."""

from ninja import Router

router = Router(tags=["learning"])
