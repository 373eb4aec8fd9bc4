from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.entities.amount_choice import headline_amount
from nlp.entities.money import find_amounts, to_usd


@pytest.mark.parametrize(
    "text, value, currency",
    [
        ("a new $12M flagship GMP facility", 12e6, "USD"),
        ("a USD 1.2 billion deal", 1.2e9, "USD"),
        ("€100 million plant", 100e6, "EUR"),
        ("Lonza will spend CHF 500m", 500e6, "CHF"),
        ("a £65 million expansion", 65e6, "GBP"),
        ("KRW 1.74 trillion for Plant 5", 1.74e12, "KRW"),
        ("¥10 billion upgrade", 10e9, "JPY"),
        ("₹500 crore unit", 5e9, "INR"),
        ("up to $1.2 billion", 1.2e9, "USD"),
        ("worth 10 billion yen", 10e9, "JPY"),
        ("an investment of US$ 3,500,000", 3.5e6, "USD"),
        ("S$380 million groundbreaking", 380e6, "SGD"),
        ("DKK 2.1bn campus", 2.1e9, "DKK"),
    ],
)
def test_written_forms(text, value, currency):
    found = find_amounts(text)
    assert len(found) == 1
    assert found[0].value == pytest.approx(value)
    assert found[0].currency == currency


def test_plain_numbers_are_not_money():
    assert find_amounts("2,000 litres across 12 bioreactors in 2025") == []


def test_two_currencies_in_a_row():
    found = find_amounts("$350 million (€320m)")
    assert [(m.currency, m.value) for m in found] == [("USD", 350e6), ("EUR", 320e6)]


def test_headline_amount_skips_revenue():
    sentences = ["Sales rose to $3.2 billion in the quarter.", "The company will invest $150 million in a plant."]
    assert headline_amount(sentences).value == 150e6


def test_usd_conversion_uses_the_year():
    assert to_usd(100, "EUR", 2024) == pytest.approx(108.2)
    assert to_usd(100, "USD", 2019) == 100
    assert to_usd(100, "XYZ", 2024) is None


SYMBOL_FORMS = {"USD": ["${n}", "US${n}", "USD {n}", "{n} dollars"], "EUR": ["€{n}", "EUR {n}", "{n} euros"],
                "GBP": ["£{n}", "GBP {n}"], "CHF": ["CHF {n}"], "JPY": ["¥{n}", "{n} yen"], "KRW": ["KRW {n}", "{n} won"],
                "INR": ["₹{n}", "INR {n}"]}
SCALES = {"": 1, " million": 1e6, "m": 1e6, " billion": 1e9, "bn": 1e9, " trillion": 1e12}


@given(
    units=st.integers(min_value=1, max_value=999_999),
    decimals=st.integers(min_value=0, max_value=99),
    currency=st.sampled_from(sorted(SYMBOL_FORMS)),
    form_index=st.integers(min_value=0, max_value=3),
    scale=st.sampled_from(sorted(SCALES)),
    thousands=st.booleans(),
    prefix=st.sampled_from(["", "It will invest ", "a deal worth up to "]),
)
def test_formatted_amounts_parse_back(units, decimals, currency, form_index, scale, thousands, prefix):
    forms = SYMBOL_FORMS[currency]
    form = forms[form_index % len(forms)]
    number = f"{units:,}" if thousands else str(units)
    if decimals and not scale == "":
        number += f".{decimals:02d}"
    written = form.format(n=number + scale)
    found = find_amounts(f"{prefix}{written} for the site.")
    expected = float(number.replace(",", "")) * SCALES[scale]
    assert len(found) == 1, written
    assert found[0].currency == currency
    assert found[0].value == pytest.approx(expected), written


def test_headline_amount_keeps_the_original_currency_over_a_bracketed_conversion():
    from nlp.entities.amount_choice import headline_amount

    found = headline_amount(["CJ enters the CDMO market with a $226m deal",
                             "It will buy the stake for 267.7 billion won ($226 million), pending approval."])
    assert (found.value, found.currency) == (267.7e9, "KRW")
    # a dollar figure that is not a conversion of anything stays
    found = headline_amount(["Acme to invest $50m in a plant", "The 2,000-litre site costs €10 million to run."])
    assert (found.value, found.currency) == (50e6, "USD")


def test_share_prices_and_per_unit_figures_are_not_deal_values():
    from nlp.entities.amount_choice import headline_amount

    assert headline_amount(["Shares closed at $3.18 after the deal was announced."]) is None
    found = headline_amount(["Shares closed at ₹89.15.", "The company will invest Rs 500 crore in a new API plant."])
    assert (found.value, found.currency) == (5e9, "INR")


# --- issue 15: ranges, other dollars, codes inside words ---------------------------------------------------


@given(low=st.integers(min_value=1, max_value=998), gap=st.integers(min_value=1, max_value=500),
       dash=st.sampled_from(["-", "–"]), form=st.sampled_from(["${lo}{d}{hi} million", "RMB {lo}{d}{hi} billion",
                                                              "{lo}{d}{hi} trillion won", "€{lo}{d}{hi}m"]))
def test_a_range_written_once_is_its_upper_bound(low, gap, dash, form):
    high = low + gap
    found = find_amounts("The campus is worth " + form.format(lo=low, d=dash, hi=high) + " in all.")
    assert len(found) == 1
    scale = 1e12 if "trillion" in form else 1e9 if "billion" in form else 1e6
    assert found[0].value == pytest.approx(high * scale)


@given(prefix=st.sampled_from(["HK$", "R$", "NT$", "NZ$", "C$", "CA$", "A$", "AU$", "S$", "US$"]),
       units=st.integers(min_value=1, max_value=9_999), scale=st.sampled_from(["", " million", "bn"]))
def test_other_dollars_are_never_read_as_the_us_dollar(prefix, units, scale):
    expected = {"HK$": "HKD", "R$": "BRL", "NT$": "TWD", "NZ$": "NZD", "C$": "CAD", "CA$": "CAD", "A$": "AUD",
                "AU$": "AUD", "S$": "SGD", "US$": "USD"}[prefix]
    found = find_amounts(f"It raised {prefix}{units}{scale} on Friday.")
    assert [m.currency for m in found] == [expected]


@given(units=st.integers(min_value=1, max_value=999_999), dollar=st.sampled_from(["USD", "CAD", "AUD"]))
def test_a_bare_dollar_is_the_local_dollar_and_us_dollar_stays_us(units, dollar):
    found = find_amounts(f"a ${units:,} million plant and a US${units:,} million one", dollar=dollar)
    assert [m.currency for m in found] == [dollar, "USD"]


@given(word=st.sampled_from(["offers", "hours", "covers", "others", "centers"]),
       units=st.integers(min_value=1, max_value=999_999))
def test_currency_codes_are_not_read_inside_words(word, units):
    assert find_amounts(f"The campus {word} {units:,} square feet.") == []


@given(units=st.integers(min_value=1, max_value=999), decimals=st.integers(min_value=0, max_value=9),
       scale=st.sampled_from([("-million", 1e6), ("-billion", 1e9), (" bln", 1e9), ("-trillion", 1e12)]),
       currency=st.sampled_from([("$", "USD"), ("C$", "CAD"), ("€", "EUR"), ("USD ", "USD")]))
def test_hyphenated_and_bln_scales_are_read(units, decimals, scale, currency):
    written, factor = scale
    found = find_amounts(f"a {currency[0]}{units}.{decimals}{written} programme")
    assert [(m.currency, m.value) for m in found] == [(currency[1], pytest.approx(float(f"{units}.{decimals}") * factor))]
