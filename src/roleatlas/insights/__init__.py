"""Insights: answers computed from stored postings (job lists, profiles, comparisons)."""
