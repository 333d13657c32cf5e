"""Outreach views: mail."""
