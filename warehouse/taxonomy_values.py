"""The DESIGN.md taxonomy as the warehouse validates corrections against it.

A copy of nlp/taxonomy.py's constants, because warehouse never imports nlp; tests/test_corrections.py fails
when the two differ.
"""

from __future__ import annotations

PILLARS = ("infrastructure", "digital", "leadership", "other")

EVENT_TYPES = (
    "facility_opening", "facility_investment", "capacity_expansion", "site_acquisition",
    "executive_appointment", "executive_departure", "digital_launch", "digital_partnership",
    "m_and_a", "contract_or_partnership", "financial_results", "regulatory", "restructuring",
    "policy_market", "other",
)

MODALITIES = (
    "small_molecule_api", "hpapi", "biologics_mammalian", "microbial", "cell_therapy",
    "gene_therapy_viral_vector", "plasmid_dna", "mrna_lnp", "adc_bioconjugate", "peptides_oligos",
    "vaccines", "sterile_fill_finish", "oral_solid_dose", "radiopharma",
)

# DESIGN.md "Taxonomy": the event types each primary pillar allows.
EVENT_TYPES_BY_PILLAR = {
    "infrastructure": ("facility_opening", "facility_investment", "capacity_expansion", "site_acquisition"),
    "leadership": ("executive_appointment", "executive_departure", "restructuring", "other"),
    "digital": ("digital_launch", "digital_partnership", "m_and_a", "regulatory", "other"),
    "other": ("m_and_a", "contract_or_partnership", "financial_results", "regulatory", "restructuring",
              "policy_market", "other"),
}
