from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.entities.company_names import company_index, normalise


@pytest.mark.parametrize(
    "mention, canonical",
    [
        ("Lonza Group AG", "Lonza"),
        ("Lonza", "Lonza"),
        ("Lonza's", "Lonza"),
        ("Samsung Biologics Co., Ltd.", "Samsung Biologics"),
        ("Patheon", "Patheon"),
        ("Thermo Fisher", "Thermo Fisher Scientific"),
        ("U.S. Food and Drug Administration", "FDA"),
        ("the FDA", "FDA"),
        ("FUJIFILM Diosynth Biotechnologies", "Fujifilm Biotechnologies"),
        ("FUJIFILM Biotechnologies", "Fujifilm Biotechnologies"),
        ("AveXis", "Novartis Gene Therapies"),
    ],
)
def test_known_companies_resolve(mention, canonical):
    assert company_index().canonical(mention) == canonical


def test_unknown_company_kept_as_found():
    index = company_index()
    assert index.resolve("Kestrel Pharma Services Inc.") is None
    assert index.canonical("Kestrel Pharma Services Inc.") == "Kestrel Pharma Services Inc."


def test_parent_links():
    index = company_index()
    assert index.companies["Patheon"].parent == "Thermo Fisher Scientific"
    assert index.companies["Lonza"].is_cdmo and index.companies["Lonza"].hq_country == "CH"


@given(
    base=st.from_regex(r"[A-Z][a-z]{2,10}( [A-Z][a-z]{2,10}){0,2}", fullmatch=True),
    suffix=st.sampled_from(["", " Inc.", " AG", ", Ltd.", " GmbH", " plc", " Holdings", " Group AG", "'s"]),
)
def test_normalise_ignores_legal_suffixes_and_possessives(base, suffix):
    assert normalise(base + suffix) == normalise(base)


def test_descriptors_in_front_of_a_name_and_pvt_are_not_part_of_it():
    from nlp.entities.company_names import without_descriptor, without_legal_suffix

    assert without_descriptor("French CDMO Novasep") == "Novasep"
    assert without_descriptor("CDMO Therapure Biopharma") == "Therapure Biopharma"
    assert without_descriptor("Korean drugmaker Samsung Biologics") == "Samsung Biologics"
    assert without_descriptor("Cambrex") == "Cambrex" and without_descriptor("CDMO") == "CDMO"
    assert without_legal_suffix("Hemmo Pharmaceuticals Pvt") == "Hemmo Pharmaceuticals"
