"""Digital technology facets (DESIGN.md digital pillar) from a term lexicon: what a digital item is about."""

from __future__ import annotations

TECHNOLOGIES = ("in_silico_modelling", "ai_ml", "digital_twin", "automation", "mes_lims_data_platform")

TECHNOLOGY_TERMS: dict[str, tuple[str, ...]] = {
    "in_silico_modelling": ("in silico", "in-silico", "computational modelling", "computational modeling",
                            "process modelling", "process modeling", "mechanistic model", "mechanistic models",
                            "simulation", "simulations", "computational fluid dynamics", "CFD", "process model",
                            "hybrid model", "hybrid models", "predictive model", "predictive models"),
    "ai_ml": ("AI", "artificial intelligence", "machine learning", "machine-learning", "deep learning",
              "deep-learning", "generative AI", "GenAI", "neural network", "neural networks", "large language model",
              "large language models", "LLM", "LLMs", "AI-driven", "AI-powered", "AI-based", "AI-assisted"),
    "digital_twin": ("digital twin", "digital twins", "virtual plant", "virtual replica"),
    "automation": ("automation", "automated", "robotic", "robotics", "robot", "robots", "autonomous",
                   "lights-out", "process analytical technology", "PAT", "real-time release"),
    "mes_lims_data_platform": ("MES", "manufacturing execution system", "LIMS", "laboratory information management",
                               "electronic batch record", "electronic batch records", "eBR", "data platform",
                               "data lake", "cloud", "ERP", "electronic lab notebook", "ELN", "QMS",
                               "quality management system", "paperless", "digital platform", "data analytics"),
}
