"""Which money mention is an item's amount (nlp/entities/amount_choice.py): the cases issue 15 counted on train and dev."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nlp.entities.amount_choice import headline_amount, local_dollar


def _amount(sentences, event_type=None, year=2024, dollar="USD"):
    found = headline_amount(sentences, event_type, year, dollar)
    return (found.value, found.currency) if found else None


def test_background_figures_are_not_the_news():
    assert _amount(["ProBio opens gene therapy plant in New Jersey",
                    "ProBio raised $224 million in early 2023 to expand capacity."]) is None
    assert _amount(["Sterling buys a US API plant",
                    "Sterling had invested $46 million in its sites before the deal."]) is None
    assert _amount(["Evotec picks Seattle for a plant",
                    "Six months after buying Just for $90 million, Evotec named its first US site."]) is None
    assert _amount(["Seqens opens a workshop near Paris",
                    "The group has spent close to €500 million on its technologies since it was founded."]) is None


def test_savings_market_sizes_and_per_year_figures_are_not_deal_values():
    assert _amount(["Pfizer credits cloud move with $37m a year in savings"]) is None
    assert _amount(["Report: a $1.3 trillion manufacturing market"]) is None
    assert _amount(["Emergent cuts staff", "Emergent expects annual savings of about $80 million."]) is None
    assert _amount(["Korea bets on smart plants", "The agency sees the global market for smart-factory systems "
                    "on course to reach $6.6 billion by 2027."]) is None
    assert _amount(["Kaneka grows its CDMO arm", "It puts the global CDMO market at around 10 trillion yen."]) is None


def test_an_analysts_estimate_or_a_fine_is_not_the_deal():
    assert _amount(["Danaher buys IDT", "Neither side gave a price; one analyst put it at about $1.9 billion."],
                   "m_and_a") is None
    assert _amount(["Pfizer to close a plant", "Regulators fined Pfizer $190,000 last year over disclosures."],
                   "restructuring") is None
    # the deal's own figure beside an estimate still counts
    assert _amount(["Thermo buys Olink for $3.1 billion", "Analysts had valued Olink at $2.5 billion."],
                   "m_and_a") == (3.1e9, "USD")


def test_the_event_types_own_deal_words_come_first():
    sentences = ["MilliporeSigma closes Exelead deal early and pledges €500m to scale mRNA tech",
                 "MilliporeSigma has completed the $780 million acquisition of Exelead."]
    assert _amount(sentences, "m_and_a") == (780e6, "USD")
    assert _amount(["Merck to spend $680m on vaccine production",
                    "The Durham project will cost more than $650 million."], "capacity_expansion") == (680e6, "USD")


def test_the_upper_bound_counts():
    assert _amount(["Charles River buys Vigene", "It pays $292.5 million in cash, plus up to $57.5 million more "
                    "depending on future performance."], "m_and_a") == (350e6, "USD")
    assert _amount(["Samsung to make AstraZeneca biologics",
                    "The supply contract is worth $331 million and could grow to $546 million."],
                   "contract_or_partnership") == (546e6, "USD")
    assert _amount(["GRAM lands support",
                    "The contract will cover $120 million of a planned $160 million expansion."]) == (160e6, "USD")
    # already an upper bound: the earn-outs inside it are not added again
    assert _amount(["BioNTech to pay up to £562m for InstaDeep",
                    "The deal combines £362m up front with up to £200m of earn-outs."], "m_and_a") == (562e6, "GBP")


def test_currencies_without_a_rate_count_through_their_conversion_only():
    assert _amount(["WuXi XDC raised HK$3.68 billion (about $471 million) in its listing"], "other") == (471e6, "USD")
    assert _amount(["Biolab to spend R$450 million on a new plant"]) is None


def test_a_conversion_in_brackets_keeps_the_original_currency():
    assert _amount(["Ottawa backs Resilience's Mississauga plant with $164m",
                    "The government will invest CAD 199.2 million ($164 million) in the plant."],
                   dollar="CAD") == (199.2e6, "CAD")


def test_the_local_dollar_follows_the_first_place():
    assert local_dollar([None, "CA", "US"]) == "CAD"
    assert local_dollar(["AU"]) == "AUD"
    assert local_dollar(["US", "CA"]) == "USD"
    assert local_dollar([]) == "USD"


@given(value=st.integers(min_value=1, max_value=999), year=st.integers(min_value=2000, max_value=2030),
       back=st.integers(min_value=1, max_value=15))
def test_a_figure_dated_before_the_item_is_background_and_the_current_one_is_kept(value, year, back):
    sentences = ["Acme to invest in a new plant",
                 f"Acme bought the site in {year - back} for ${value + 1} million.",
                 f"It will invest ${value} million in the plant."]
    assert _amount(sentences, "facility_investment", year) == (value * 1e6, "USD")


@given(value=st.integers(min_value=1, max_value=999), extra=st.integers(min_value=1, max_value=999))
def test_earn_outs_are_added_to_the_price(value, extra):
    sentences = [f"Acme buys Beta for ${value} million",
                 f"Acme pays ${value} million in cash, with up to ${extra} million more in earn-outs."]
    assert _amount(sentences, "m_and_a") == ((value + extra) * 1e6, "USD")


def test_a_funders_share_gives_way_to_the_project_it_funds_but_not_to_the_funders_programme():
    assert _amount(["Trudeau announces $37.5m federal support for BioVectra expansion",
                    "The federal investment will back a $144.6 million project expanding its Charlottetown site."],
                   "capacity_expansion", dollar="CAD") == (144.6e6, "CAD")
    assert _amount(["Canada puts C$199 million into Resilience's Mississauga plant",
                    "The government is investing C$199.2 million in the plant, as part of a wider C$401.5 million "
                    "programme for pandemic preparedness."], "capacity_expansion", dollar="CAD") == (199.2e6, "CAD")
