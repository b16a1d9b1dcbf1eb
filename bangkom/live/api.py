"""API endpoints of the live context."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["live"])
