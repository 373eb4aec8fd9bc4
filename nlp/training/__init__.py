"""Training: `radar train` and the seeded builders of every artifact in nlp/artifacts/. Never shapes enrichment output."""
