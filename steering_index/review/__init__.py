"""Review by several small, specialised reviewers run side by side."""
