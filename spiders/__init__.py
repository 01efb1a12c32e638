"""Scrapy spiders of clinicaudit (`scrapy list` from the repository root shows them)."""
