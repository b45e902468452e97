"""Official documents generated from analysis results."""

from dlxh.reports.charts import share_chart
from dlxh.reports.survey import EstimateRow, survey_plan_document, survey_results_document
from dlxh.reports.synthesis import synthesis_document

__all__ = [
    "EstimateRow",
    "share_chart",
    "survey_plan_document",
    "survey_results_document",
    "synthesis_document",
]
