"""The assessments context's rows of the access policy, merged from its areas."""

from bangkom.assessments.access import api, bank, exam

_PARTS = (api, bank, exam)

ROUTES = {name: rule for part in _PARTS for name, rule in part.ROUTES.items()}
PUBLIC = frozenset().union(*(getattr(part, "PUBLIC", frozenset()) for part in _PARTS))
HOME_LINKS: dict = {}
for _part in _PARTS:
    for _role, _links in _part.HOME_LINKS.items():
        HOME_LINKS.setdefault(_role, []).extend(_links)
