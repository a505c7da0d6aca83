"""One loader per steering format, each returning documents with that format's native scope."""
