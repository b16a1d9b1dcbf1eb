"""Access rules of the curriculum context (see accounts/access_rules.py)."""

from bangkom.accounts.access_rules import Rule

ROUTES: dict[str, Rule] = {}
HOME_LINKS: dict = {}
