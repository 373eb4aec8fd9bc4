"""Modality facets (the taxonomy's modality ids) from a term lexicon, matched as whole words."""

from __future__ import annotations

import re

MODALITY_TERMS: dict[str, tuple[str, ...]] = {
    "small_molecule_api": ("small molecule", "small molecules", "small-molecule", "active pharmaceutical ingredient",
                           "active pharmaceutical ingredients", "API", "APIs", "chemical synthesis",
                           "drug substance intermediates", "intermediates"),
    "hpapi": ("HPAPI", "HPAPIs", "highly potent", "high-potency", "high potency", "potent compounds"),
    "biologics_mammalian": ("mammalian", "monoclonal antibody", "monoclonal antibodies", "antibody", "antibodies",
                            "biologic", "biologics", "bioreactor", "bioreactors", "CHO", "mAb", "mAbs",
                            "biosimilar", "biosimilars", "recombinant protein", "recombinant proteins"),
    "microbial": ("microbial", "fermentation", "E. coli", "yeast"),
    "cell_therapy": ("cell therapy", "cell therapies", "CAR-T", "CAR T", "cell-based therapies"),
    "gene_therapy_viral_vector": ("gene therapy", "gene therapies", "viral vector", "viral vectors", "AAV",
                                  "lentiviral", "lentivirus", "gene-therapy"),
    "plasmid_dna": ("plasmid", "plasmids", "plasmid DNA", "pDNA"),
    "mrna_lnp": ("mRNA", "lipid nanoparticle", "lipid nanoparticles", "LNP", "LNPs"),
    "adc_bioconjugate": ("antibody-drug conjugate", "antibody-drug conjugates", "ADC", "ADCs", "bioconjugate",
                         "bioconjugates", "bioconjugation", "conjugation", "payload", "payloads"),
    "peptides_oligos": ("peptide", "peptides", "oligonucleotide", "oligonucleotides", "oligo", "oligos", "GLP-1",
                        "siRNA"),
    "vaccines": ("vaccine", "vaccines"),
    "sterile_fill_finish": ("fill-finish", "fill/finish", "fill and finish", "aseptic", "sterile",
                            "prefilled syringe", "prefilled syringes", "pre-filled syringe", "pre-filled syringes",
                            "vials", "vial", "injectables", "injectable", "cartridges"),
    "oral_solid_dose": ("oral solid", "oral solids", "tablet", "tablets", "capsule", "capsules", "oral dose"),
    "radiopharma": ("radiopharmaceutical", "radiopharmaceuticals", "radiopharma", "radioligand", "radioligands",
                    "radioisotope", "radioisotopes", "isotope", "isotopes"),
}


def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Acronyms (two or more capitals) match case-sensitively, words in any case."""
    parts = []
    for term in terms:
        escaped = re.escape(term)
        parts.append(escaped if sum(c.isupper() for c in term) >= 2 else f"(?i:{escaped})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


_PATTERNS = {modality: _pattern(terms) for modality, terms in MODALITY_TERMS.items()}


def modalities_in(text: str) -> list[str]:
    """Modalities named in a text, in taxonomy order."""
    return [modality for modality, pattern in _PATTERNS.items() if pattern.search(text)]
