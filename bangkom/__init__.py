"""Bangkom: the SMART Training platform for Indonesian civil servants (PNS)."""
