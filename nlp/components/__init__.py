"""spaCy components of the radar pipeline, each registered as a factory in its own module (see nlp/pipeline.cfg)."""
