"""structured_data rules."""
