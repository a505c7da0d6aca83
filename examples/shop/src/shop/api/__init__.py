"""HTTP handlers. Each handler takes the request first and returns a Response."""
