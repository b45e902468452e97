"""Official documents generated from analysis results."""

from dlxh.reports.synthesis import synthesis_document

__all__ = ["synthesis_document"]
