"""Fawang (法网): an integrated public legal service platform."""

__version__ = "0.1.0"
