"""Access rules of the assessments context's bank pages (see accounts/access_rules.py)."""

from bangkom.accounts.access_rules import Rule

ROUTES: dict[str, Rule] = {}
HOME_LINKS: dict = {}
