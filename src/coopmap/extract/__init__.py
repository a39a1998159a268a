"""Extraction of places, dates, quantities and sectors from report text."""
