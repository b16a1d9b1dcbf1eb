#!/usr/bin/env python
"""Convenience wrapper; the installed ``bangkom`` command does the same."""

from bangkom.cli import main

if __name__ == "__main__":
    main()
