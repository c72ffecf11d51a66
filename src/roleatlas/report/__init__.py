"""Renderers: turn core results into text, JSON and CSV (no CLI or web code)."""

from roleatlas.report.listing import format_amount, format_listing, format_salary, posting_to_dict

__all__ = ["format_amount", "format_listing", "format_salary", "posting_to_dict"]
