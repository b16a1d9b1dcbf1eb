"""The ``bangkom`` console command: Django's manage.py under the project's name.

Command names may be typed with hyphens (``bangkom seed-demo``); Django's
commands are modules, so hyphens are turned into underscores.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. ``bangkom migrate`` or ``bangkom seed-demo``."""
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkom.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
