"""Open price data (being written)."""
