"""Modality facets from a term lexicon (the taxonomy's modality ids)."""

from __future__ import annotations

import re

MODALITY_TERMS: dict[str, tuple[str, ...]] = {
    "small_molecule_api": ("small molecule", "small-molecule", "active pharmaceutical ingredient", " api ", " apis",
                           "api manufacturing", "chemical synthesis"),
    "hpapi": ("hpapi", "highly potent", "high-potency", "high potency"),
    "biologics_mammalian": ("mammalian", "monoclonal antibod", "antibodies", "biologics", "bioreactor", "cho cell",
                            "drug substance"),
    "microbial": ("microbial", "fermentation", "e. coli"),
    "cell_therapy": ("cell therapy", "cell therapies", "car-t", "car t"),
    "gene_therapy_viral_vector": ("gene therapy", "gene therapies", "viral vector", "aav", "lentivir"),
    "plasmid_dna": ("plasmid",),
    "mrna_lnp": ("mrna", "lipid nanoparticle", "lnp"),
    "adc_bioconjugate": ("antibody-drug conjugate", "adc", "bioconjugat"),
    "peptides_oligos": ("peptide", "oligonucleotide", "oligo", "glp-1"),
    "vaccines": ("vaccine",),
    "sterile_fill_finish": ("fill-finish", "fill/finish", "fill and finish", "aseptic", "sterile", "prefilled syringe",
                            "pre-filled syringe", "vials"),
    "oral_solid_dose": ("oral solid", "tablet", "capsule"),
    "radiopharma": ("radiopharma", "radioligand", "radioisotope", "isotope"),
}

_PATTERNS = {
    modality: re.compile("|".join(re.escape(t.strip()) if t.strip() == t else re.escape(t) for t in terms),
                         re.IGNORECASE)
    for modality, terms in MODALITY_TERMS.items()
}
_WORD_BOUNDARY_TERMS = {"adc": re.compile(r"\bADCs?\b"), "lnp": re.compile(r"\bLNPs?\b"),
                        "aav": re.compile(r"\bAAV\b")}


def modalities_in(text: str) -> list[str]:
    padded = f" {text} "
    found = []
    for modality, pattern in _PATTERNS.items():
        match = pattern.search(padded)
        if match and match.group(0).lower() in _WORD_BOUNDARY_TERMS:
            match = _WORD_BOUNDARY_TERMS[match.group(0).lower()].search(padded)
        if match:
            found.append(modality)
    return found
