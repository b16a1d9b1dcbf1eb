"""Access rules of the reports context (see accounts/access_rules.py)."""

from bangkom.accounts.access_rules import Rule

ROUTES: dict[str, Rule] = {}
PUBLIC: frozenset[str] = frozenset()
