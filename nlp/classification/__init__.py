"""Classification: sentence embeddings, the pillar and event-type heads, and the term facets (modalities, technologies)."""
