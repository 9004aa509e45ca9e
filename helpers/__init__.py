"""Helpers for *Talks in Turkey*: load the articles, extract and compare quotes.

Data flows one way through the modules, and the imports follow it::

    helpers.paths    where the data folder is
    helpers.corpus   load and clean the articles
    helpers.names    canonical names of the people quoted
    helpers.quotes   extract and attribute quotations; score them against the gold
    helpers.compare  match quotations across articles; themes and coverage
    helpers.charts   Altair figures from the tables above
    helpers.grade    the exercise grader (uses none of the analysis modules)
    helpers.sandbox  the bubblewrap sandbox the grader runs each student's kernel in
"""

__version__ = "0.1.0"
