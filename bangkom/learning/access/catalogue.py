"""Access rules of the learning context's catalogue area (see accounts/access_rules.py)."""

from bangkom.accounts.access_rules import Rule

ROUTES: dict[str, Rule] = {}
PUBLIC: frozenset[str] = frozenset()
HOME_LINKS: dict = {}
