"""Model catalog and pricing static site generator."""

__version__ = "0.1.0"
