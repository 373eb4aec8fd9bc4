from __future__ import annotations

import pytest

from nlp.entities.capacity import capacity_in


@pytest.mark.parametrize("text, expected", [
    ("a 2,000-litre single-use bioreactor", "2,000-litre"),
    ("120,000 square feet of GMP space", "120,000 square feet"),
    ("it adds 12 filling lines", "12 filling lines"),
    ("up to 40 million units a year", "40 million units a year"),
    ("a 15,000L fermenter", "15,000L"),
    ("revenue rose 12% in 2025", None),
])
def test_capacity_phrases(text, expected):
    assert capacity_in(text) == expected
