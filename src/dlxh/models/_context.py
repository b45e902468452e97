"""Keys of the validation context, in a module of their own: :mod:`dlxh.io` passes them
without importing the models that read them (a command that only checks a .docx should not
load every model)."""

__all__ = ["PARTIAL"]

PARTIAL = "dlxh.partial"
"""Validation-context key: the data is one part of a dataset, so skip the whole-dataset checks."""
