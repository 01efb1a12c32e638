"""meta rules."""
