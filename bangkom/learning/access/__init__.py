"""The learning context's rows of the access policy, merged from its three areas."""

from bangkom.learning.access import catalogue, study, work

_PARTS = (catalogue, study, work)

ROUTES = {name: rule for part in _PARTS for name, rule in part.ROUTES.items()}
PUBLIC = frozenset().union(*(part.PUBLIC for part in _PARTS))
HOME_LINKS: dict = {}
for _part in _PARTS:
    for _role, _links in _part.HOME_LINKS.items():
        HOME_LINKS.setdefault(_role, []).extend(_links)
