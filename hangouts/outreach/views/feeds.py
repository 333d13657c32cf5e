"""Outreach views: feeds."""
