"""Sunshine (阳光权力运行平台): public power run in the sunshine."""

__version__ = "0.1.0"
