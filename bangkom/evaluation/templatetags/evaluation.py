"""``{% facilitator_rating user %}``: the facilitator's survey score on their profile pages.

Formats what ``reporting.facilitator_rating`` decides (only instruments with at least the
anonymity threshold of responses count).
"""

from __future__ import annotations

from django import template

from bangkom.evaluation.reporting import FacilitatorRating
from bangkom.evaluation.reporting import facilitator_rating as rating_of

register = template.Library()


@register.inclusion_tag("evaluation/partials/facilitator_rating.html")
def facilitator_rating(user) -> dict:  # noqa: ANN001
    mean, n_responses, n_instruments = rating_of(user)
    return {"rating": FacilitatorRating(mean, n_responses, n_instruments)}
