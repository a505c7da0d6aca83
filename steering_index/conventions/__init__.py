"""Conventions inferred from the index (naming, layout, libraries), their checks and reports."""
