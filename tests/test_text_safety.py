"""One module makes crawled text safe (warehouse/text_safety.py), one formats money (warehouse/money_format.py);
the dashboard and the digest both use them."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warehouse.money_format import format_usd
from warehouse.text_safety import escape_markdown, safe_url

COMMONMARK = set("\\`*_{}[]()<>#|~&!")
STREAMLIT = COMMONMARK | set("+-.$:=\"'")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


@pytest.mark.parametrize("streamlit, special", [(False, COMMONMARK), (True, STREAMLIT)])
@given(text=st.text(max_size=60))
def test_every_special_character_is_escaped_and_nothing_is_lost(streamlit, special, text):
    escaped = escape_markdown(text, streamlit=streamlit)
    assert _unescape(escaped) == text
    bare = re.sub(r"\\.", "", escaped, flags=re.DOTALL)  # what is left outside escapes
    assert not (set(bare) & special)


def test_streamlit_needs_its_own_extras_escaped():
    assert escape_markdown("$5M :red[x]", streamlit=True) == "\\$5M \\:red\\[x\\]"
    assert escape_markdown("$5M :red[x]") == "$5M :red\\[x\\]"
    assert escape_markdown(None) == ""


@given(st.text(max_size=40))
def test_only_absolute_http_links_pass(url):
    passed = safe_url(url)
    assert passed is None or re.match(r"(?i)https?://[^\s<>\"']+$", passed)


@pytest.mark.parametrize("url, expected", [
    ("HTTPS://News.Example/a?b=1", "HTTPS://News.Example/a?b=1"),
    ("  https://x.example/a  ", "https://x.example/a"),
    ("javascript:alert(1)", None), ("data:text/html,x", None), ("/relative", None),
    ("https://x.example/a b", None), ('https://x.example/"><script>', None), (None, None), (42, None),
])
def test_safe_url_cases(url, expected):
    assert safe_url(url) == expected


@given(st.floats(min_value=1, max_value=5e12, allow_nan=False))
def test_usd_reads_back_within_rounding(amount):
    text = format_usd(amount)
    match = re.fullmatch(r"\$(\d+(?:\.\d)?)([KMB]?)", text)
    assert match, text
    value = float(match.group(1)) * {"": 1, "K": 1e3, "M": 1e6, "B": 1e9}[match.group(2)]
    assert abs(value - amount) <= 0.05 * amount + 0.5


@pytest.mark.parametrize("amount, text", [(450e6, "$450M"), (1.2e9, "$1.2B"), (850e3, "$850K"), (2e6, "$2M"),
                                          (None, ""), (0, ""), (float("nan"), "")])
def test_usd_examples(amount, text):
    assert format_usd(amount) == text
