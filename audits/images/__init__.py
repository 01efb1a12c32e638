"""Image rules: alternative text (axe-core semantics) and its quality."""
