"""links rules."""
