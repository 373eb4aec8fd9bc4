"""radar_company_ruler on a blank English pipeline with a small knowledge base written for the test."""

from __future__ import annotations

import spacy

import nlp.components.company_ruler  # noqa: F401  (registers the factory)

KB = """companies:
  - {name: Lonza, aliases: [Lonza Group AG], hq_country: CH, is_cdmo: true}
  - {name: PCI Pharma Services, aliases: [PCI], hq_country: US, is_cdmo: true}
  - {name: Thermo Fisher Scientific, aliases: [Thermo Fisher], hq_country: US, is_cdmo: true}
"""


def test_known_names_and_aliases_become_linked_orgs(tmp_path):
    kb = tmp_path / "companies.yaml"
    kb.write_text(KB)
    nlp = spacy.blank("en")
    nlp.add_pipe("radar_company_ruler", config={"knowledge_base": str(kb)})
    doc = nlp("Lonza Group AG and Thermo Fisher's unit signed; PCI was not named by the ruler.")
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == [
        ("Lonza Group AG", "ORG", "Lonza"), ("Thermo Fisher", "ORG", "Thermo Fisher Scientific")]


def test_ruler_is_case_sensitive(tmp_path):
    kb = tmp_path / "companies.yaml"
    kb.write_text(KB)
    nlp = spacy.blank("en")
    nlp.add_pipe("radar_company_ruler", config={"knowledge_base": str(kb)})
    assert list(nlp("the lonza valley").ents) == []
