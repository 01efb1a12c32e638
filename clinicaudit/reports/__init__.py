"""Reports rendered from a run's output folder (never by crawling again): HTML, JSON, CSV, Markdown, JUnit, SARIF."""
