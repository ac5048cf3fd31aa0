"""Etalase: a static storefront generator for small online sellers."""

__version__ = "0.1.0"
