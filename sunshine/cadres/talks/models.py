"""Models of this area (imported by sunshine.cadres.models)."""

__all__: list[str] = []
