"""spaCy components of the radar pipeline, each registered as a factory in its own module (see nlp/pipeline.cfg).

These modules do not use `from __future__ import annotations`: spaCy checks a factory's arguments against its
annotations at run time (confection, through pydantic), and postponed annotations are unresolved strings there.
"""
