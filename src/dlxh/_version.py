"""The single source of the package version (read by hatchling and by ``dlxh.__version__``)."""

__version__ = "0.1.0"
