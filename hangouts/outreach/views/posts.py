"""Outreach views: posts."""
