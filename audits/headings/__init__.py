"""headings rules."""
