"""The organisation knowledge base (nlp/data/companies.yaml): its invariants, types, former names and overlays."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
import yaml

from nlp.components.org_filter import NOT_ORGANISATIONS
from nlp.entities.company_names import (
    KNOWLEDGE_BASE,
    ORGANISATION_TYPES,
    Company,
    FormerName,
    company_from_entry,
    company_index,
    knowledge_base_problems,
)
from nlp.entities.entity_ruler_patterns import company_patterns


def _entries() -> list[dict]:
    return yaml.safe_load(KNOWLEDGE_BASE.read_text(encoding="utf-8"))["companies"]


def _companies() -> list[Company]:
    return [company_from_entry(entry, f"#{n}") for n, entry in enumerate(_entries(), start=1)]


def test_the_file_keeps_its_invariants():
    assert knowledge_base_problems(_companies()) == []
    names = Counter(entry["name"].casefold() for entry in _entries())
    assert [name for name, count in names.items() if count > 1] == []


def test_at_least_a_thousand_organisations_each_typed():
    companies = _companies()
    assert len(companies) >= 1000
    assert all(c.type in ORGANISATION_TYPES for c in companies)
    kinds = Counter(c.type for c in companies)
    assert all(kinds[kind] > 0 for kind in ORGANISATION_TYPES), kinds
    # A CDMO by type sells contract manufacturing; the flag says so too.
    assert all(c.is_cdmo for c in companies if c.type == "cdmo")


def test_no_alias_is_a_technical_term_or_a_lower_case_word():
    for company in _companies():
        for written in company.written_forms:
            assert written.casefold() not in NOT_ORGANISATIONS or company.type == "exchange", written
            assert not written.islower() or " " in written or "-" in written, written


def test_a_former_name_resolves_to_the_current_name():
    index = company_index(KNOWLEDGE_BASE)
    fujifilm = index.companies["Fujifilm Biotechnologies"]
    assert FormerName("Fujifilm Diosynth Biotechnologies", "2025") in fujifilm.former_names
    assert index.resolve("FUJIFILM Diosynth Biotechnologies") == "Fujifilm Biotechnologies"
    assert index.resolve("Hitachi Chemical") == "Resonac"
    assert index.resolve("Valeant Pharmaceuticals") == "Bausch Health"
    assert index.companies["Catalent"].parent == "Novo Holdings"


def test_former_names_and_aliases_become_ruler_patterns_but_exchanges_do_not():
    patterns = {(p["pattern"], p["id"]) for p in company_patterns(company_index(KNOWLEDGE_BASE))}
    assert ("AveXis", "Novartis Gene Therapies") in patterns
    assert ("Fujifilm Diosynth", "Fujifilm Biotechnologies") in patterns
    assert not any(pattern_id == "Korea Exchange" for _, pattern_id in patterns)


def test_problems_are_named():
    lonza = Company("Lonza", aliases=("Lonza Group",), hq_country="CH", type="cdmo", is_cdmo=True)
    clash = Company("Lonza Biologics", aliases=("lonza group",), parent="Lonzo", hq_country="Swiss",
                    former_names=(FormerName("Old Lonza", "last year"),))
    problems = knowledge_base_problems([lonza, clash])
    assert "'lonza group' of Lonza Biologics is already a name of Lonza" in problems
    assert "Lonza Biologics: parent 'Lonzo' is not an entry" in problems
    assert "Lonza Biologics: hq_country 'Swiss' is not an ISO alpha-2 code" in problems
    assert "Lonza Biologics: former name 'Old Lonza' has until 'last year'" in problems


@pytest.mark.parametrize("entry, message", [
    ({"name": "Kestrel Bio", "type": "startup"}, "type 'startup' is not one of"),
    ({"name": "Kestrel Bio", "former_names": ["Old Kestrel"]}, "a former name needs a name"),
    ({"name": "Kestrel Bio", "aliases": "Kestrel"}, "aliases must be a list"),
    ({"aliases": ["Kestrel"]}, "needs a name"),
])
def test_a_malformed_entry_is_refused_with_its_place(tmp_path: Path, entry, message):
    path = tmp_path / "kb.yaml"
    path.write_text(yaml.safe_dump({"companies": [entry]}))
    with pytest.raises(ValueError, match=message) as info:
        company_index(path)
    assert str(path) in str(info.value)


def test_an_overlay_adds_aliases_to_an_organisation_another_file_defines(tmp_path: Path):
    base, overlay, wrong = tmp_path / "base.yaml", tmp_path / "overlay.yaml", tmp_path / "wrong.yaml"
    base.write_text("companies:\n  - {name: Lonza, aliases: [Lonza Group], hq_country: CH, type: cdmo, is_cdmo: true}\n")
    overlay.write_text("aliases:\n  - {company: Lonza, alias: Lonza Visp}\n")
    index = company_index(os.pathsep.join([str(base), str(overlay)]))
    assert index.companies["Lonza"].aliases == ("Lonza Group", "Lonza Visp")
    assert index.resolve("Lonza Visp") == "Lonza" and index.companies["Lonza"].hq_country == "CH"
    wrong.write_text("aliases:\n  - {company: Kestrel Bio, alias: Kestrel}\n")
    with pytest.raises(ValueError, match="'Kestrel Bio' is not in the knowledge base"):
        company_index(os.pathsep.join([str(base), str(wrong)]))
