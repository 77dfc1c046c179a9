"""Working-day calendar models (to be written)."""
