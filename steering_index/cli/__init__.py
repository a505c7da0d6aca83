"""The `steering` command line: parsing (main), the demo, the index and conventions commands."""
