"""Enrich a batch of articles: entities, companies, people, roles, places, amount, modalities and pillars."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

from nlp.classifier_head import ClassifierHeads
from nlp.company_names import CompanyIndex, company_index
from nlp.entities import companies_in, entity_mentions, locations_in, people_in, subject_company
from nlp.entity_ruler_patterns import add_company_ruler
from nlp.evidence import evidence_for
from nlp.modalities import modalities_in
from nlp.model_loading import load_spacy
from nlp.money import headline_amount, to_usd
from nlp.records import Enrichment, EnrichmentInput
from nlp.roles import roles_in
from nlp.sentence_encoder import SentenceEncoder

ARTIFACT_DIR = Path(__file__).parent / "artifacts" / "pillar_classifier"
MAX_SPACY_CHARS = 20_000
LEAD_CHARS = 700


def classifier_input(title: str, text: str) -> str:
    """What the transformer sees: the headline and the lead (cost grows with length; the lead carries the news)."""
    return f"{title}. {text[:LEAD_CHARS]}"


@dataclass
class Enricher:
    """Holds the loaded models; `enrich` is a pure function of its input batch and these models."""

    artifact_dir: Path = ARTIFACT_DIR

    @cached_property
    def index(self) -> CompanyIndex:
        return company_index()

    @cached_property
    def nlp(self):  # type: ignore[no-untyped-def]
        nlp = load_spacy()
        add_company_ruler(nlp, self.index)
        return nlp

    @cached_property
    def encoder(self) -> SentenceEncoder:
        return SentenceEncoder()

    @cached_property
    def heads(self) -> ClassifierHeads:
        if not (self.artifact_dir / "heads.json").exists():
            raise FileNotFoundError(f"{self.artifact_dir}: no trained classifier; run `radar train`")
        return ClassifierHeads.load(self.artifact_dir)

    @property
    def model_version(self) -> str:
        return self.heads.version

    def enrich(self, records: list[dict]) -> list[dict]:
        inputs = [EnrichmentInput.model_validate(r) for r in records]
        if not inputs:
            return []
        embeddings = self.encoder.encode([classifier_input(r.title, r.text) for r in inputs])
        predictions = self.heads.predict(embeddings)
        texts = []
        for r in inputs:
            texts.extend([r.title, r.text[:MAX_SPACY_CHARS]])
        docs = list(self.nlp.pipe(texts, batch_size=32))
        enriched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        out = []
        for i, (record, prediction) in enumerate(zip(inputs, predictions, strict=True)):
            title_doc, body_doc = docs[2 * i], docs[2 * i + 1]
            out.append({
                **record.model_dump(),
                **self._enrich_one(record, prediction, title_doc, body_doc, enriched_at),
                # The headline+lead embedding, kept so the warehouse can group syndicated copies into stories.
                "embedding": [round(float(x), 5) for x in embeddings[i]],
            })
        return out

    def _enrich_one(self, record, prediction, title_doc, body_doc, enriched_at: str) -> dict:  # type: ignore[no-untyped-def]
        title_mentions = entity_mentions(title_doc, self.index)
        body_mentions = entity_mentions(body_doc, self.index)
        title_companies = companies_in(title_mentions)
        body_companies = companies_in(body_mentions)
        companies = list(dict.fromkeys(title_companies + body_companies))
        people = people_in(title_mentions + body_mentions)
        subject = subject_company(title_companies, body_companies, body_mentions)
        sentences = [s.text.strip() for s in body_doc.sents if s.text.strip()]
        roles = (
            roles_in(body_doc, people, subject, self.index.canonical) if prediction.pillar == "leadership" else []
        )
        money = headline_amount([record.title, *sentences[:12]])
        year = _year_of(getattr(record, "published", None))
        amount = (
            {"value": money.value, "currency": money.currency, "usd": to_usd(money.value, money.currency, year)}
            if money else None
        )
        org_free = _blank_orgs(body_doc)
        enrichment = Enrichment(
            pillar=prediction.pillar,
            pillar_scores=prediction.pillar_scores,
            pillars=prediction.pillars,
            event_type=prediction.event_type,
            companies=companies,
            subject_company=subject,
            people=people,
            roles=roles,
            locations=locations_in(body_doc),
            amount=amount,
            modalities=modalities_in(f"{record.title} {org_free}"),
            entities=[m.as_dict() for m in body_mentions],
            evidence=evidence_for(prediction.pillar, record.title, sentences),
            model_version=self.model_version,
            enriched_at=enriched_at,
        )
        return enrichment.model_dump()


def _year_of(published: str | None) -> int:
    if published and published[:4].isdigit():
        return int(published[:4])
    return datetime.now(timezone.utc).year


def _blank_orgs(doc) -> str:  # type: ignore[no-untyped-def]
    """Body text with organisation names blanked, so "Samsung Biologics" does not read as a modality."""
    text = doc.text
    for ent in reversed(doc.ents):
        if ent.label_ == "ORG":
            text = text[: ent.start_char] + " " * (ent.end_char - ent.start_char) + text[ent.end_char :]
    return text
