"""Fixtures shared by the test modules."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.quotes import load_gold


@pytest.fixture(scope="session")
def gold_with_ids() -> pd.DataFrame:
    """The hand-annotated gold quotations, numbered per article as ``quotes_for`` numbers them."""
    gold = load_gold()
    n = gold.groupby("article_id").cumcount() + 1
    return gold.assign(quote_id=gold["article_id"] + "-q" + n.map("{:02d}".format))
