"""pytest settings for the student notebooks: failing checks are named by their titles.

``pytest --nbval-lax book/exercises/quote-marks.ipynb`` reports
``quote-marks.ipynb::Check 1: one curly quotation`` instead of nbval's
``Cell 8``; see :mod:`helpers.selfcheck`.
"""

from helpers.selfcheck import pytest_itemcollected  # noqa: F401 - a pytest hook, found by its name
