"""The radar pipeline built from nlp/pipeline.cfg with the real English model (slow: loads en_core_web_sm)."""

from __future__ import annotations

import pytest
import spacy

from nlp.model_loading import ner_model_source
from nlp.spacy_pipeline import base_model_name, build_pipeline, parse_disabled, read_disabled

pytestmark = pytest.mark.slow

TEXT = ("SOUTH SAN FRANCISCO, Calif., March 10, 2025 -- Kestrel Biologics said on Tuesday it will invest "
        "$120 million in a cell therapy plant in Holly Springs, N.C. Chief Executive Jane Doe said the "
        "digital twin of the plant was built with Lonza Group AG.")


def test_pipeline_from_config_has_every_component():
    nlp = build_pipeline()
    assert nlp.pipe_names == ["senter", "company_ruler", "ner", "org_filter", "company_linker", "term_ruler",
                              "money", "places", "tok2vec", "tagger", "parser"]
    assert set(read_disabled(nlp)) | set(parse_disabled(nlp)) == set(nlp.pipe_names)


def test_sourced_components_predict_exactly_as_their_source_model():
    """The lexeme norms of the base model travel with it (without them the NER silently degrades); the NER is
    the trained one of nlp/artifacts/ner when it is there."""
    ours = build_pipeline()
    base = spacy.load(ner_model_source(base_model_name()), exclude=["lemmatizer"])
    ours_doc = next(ours.pipe([TEXT], disable=[n for n in ours.pipe_names if n not in ("ner", "senter")]))
    assert [(e.text, e.label_) for e in ours_doc.ents] == [(e.text, e.label_) for e in base(TEXT).ents]


def test_read_pass_links_filters_and_geocodes():
    nlp = build_pipeline()
    doc = next(nlp.pipe([TEXT], disable=read_disabled(nlp)))
    orgs = {e._.company for e in doc.ents if e.label_ == "ORG"}
    assert "Lonza" in orgs and "Kestrel Biologics" in orgs
    assert "SOUTH SAN FRANCISCO" not in orgs
    assert [s._.money.value for s in doc.spans["money"]] == [120e6]
    holly = next(s._.place for s in doc.spans["places"] if s.text.startswith("Holly Springs"))
    assert (holly.city, holly.country) == ("Holly Springs", "US") and holly.lat is not None
    assert {s.id_ for s in doc.spans["terms"]} >= {"cell_therapy", "digital_twin"}
    assert not doc.has_annotation("DEP")


def test_parse_pass_adds_dependencies_only():
    nlp = build_pipeline()
    doc = next(nlp.pipe([TEXT], disable=read_disabled(nlp)))
    sentence = list(doc.sents)[0].as_doc()
    parsed = next(nlp.pipe([sentence], disable=parse_disabled(nlp)))
    assert parsed.has_annotation("DEP")
    assert [e.text for e in parsed.ents] == [e.text for e in sentence.ents]
