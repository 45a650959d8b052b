"""ctdash: a bilingual dashboard of international counter-terrorism cooperation."""

__version__ = "0.1.0"
