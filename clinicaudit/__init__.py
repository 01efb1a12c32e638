"""clinicaudit: crawl a clinic's website, extract its services and conditions, audit its markup."""

__version__ = "0.1.0"
