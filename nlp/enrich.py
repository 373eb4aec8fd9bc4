"""Enrich a batch of articles: entities, companies, people, roles, places, amount, modalities, pillars, events.

Models load once per Enricher. A batch goes through spaCy twice: the read pass (NER, knowledge-base ruler,
linker, terms, money, places) over headline and news part, then the parse pass over the few sentences the
event frames and roles read (headline, lead, sentences naming a person). The transformer sees the headline
and lead only.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
from bisect import bisect_left
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

from spacy.tokens import Doc, Span

from nlp.boilerplate import news_part
from nlp.classification.classifier_head import ClassifierHeads, PillarPrediction
from nlp.classification.event_rules import headline_event_type
from nlp.classification.evidence import evidence_for
from nlp.classification.sentence_encoder import SentenceEncoder
from nlp.classification.technologies import TECHNOLOGIES
from nlp.entities.amount_choice import headline_amount, local_dollar
from nlp.entities.article_entities import (
    company_roles,
    entity_mentions,
    mentioned_companies,
    party_companies,
    people_in,
    places_in,
)
from nlp.entities.company_names import CompanyIndex, company_index, knowledge_base_files, knowledge_base_spec
from nlp.entities.gazetteer import gazetteer
from nlp.entities.money import to_usd
from nlp.entities.subject_choice import subject_of
from nlp.events.event_frames import frames_for, reads_body_parse
from nlp.events.role_titles import role_mentions
from nlp.events.roles import roles_in
from nlp.model_loading import encoder_path, tuned_top_file
from nlp.model_version import output_fingerprint, version_string
from nlp.records import Enrichment, EnrichmentInput
from nlp.spacy_pipeline import build_pipeline, parse_disabled, read_disabled
from nlp.taxonomy import MODALITIES

logger = logging.getLogger(__name__)
ARTIFACT_DIR = Path(__file__).parent / "artifacts" / "pillar_classifier"
LEAD_CHARS = 400
LEAD_SENTENCES = 3
MAX_PARSED_SENTENCES = 8
SPACY_BATCH = 64
MIN_PARALLEL_BATCH = 16


def classifier_input(title: str, text: str, lead_chars: int = LEAD_CHARS) -> str:
    """What the transformer sees: the headline and the lead (its cost grows with length; the lead carries the news)."""
    lead = text[:lead_chars]
    if len(text) > lead_chars and " " in lead:
        lead = lead[: lead.rindex(" ")]
    return f"{title}. {lead}"


MAX_TEXT_CHARS = 100_000  # about 15,000 words: far above any news story, far below spaCy's max_length
MAX_TITLE_CHARS = 1_000
MAX_TOKEN_CHARS = 100  # no word is longer; a longer run is an inline blob (base64, a hash, a minified script)
_LONG_TOKEN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")


def readable_text(text: str) -> str:
    """The text spaCy reads: over-long tokens cut to MAX_TOKEN_CHARS and the whole to MAX_TEXT_CHARS, so one
    hostile page (a 1,000,000-character token makes spaCy fail with E088) cannot fail a batch."""
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
    return _LONG_TOKEN.sub(lambda match: match.group(0)[:MAX_TOKEN_CHARS], text)


def default_workers() -> int:
    """RADAR_ENRICH_WORKERS, else one process per core (at most 2), else 1 inside a daemonic worker (Dask)."""
    configured = os.environ.get("RADAR_ENRICH_WORKERS")
    if configured:
        return max(1, int(configured))
    if multiprocessing.current_process().daemon:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


@dataclass
class Enricher:
    """Holds the loaded models; `enrich` is a pure function of its input batch and these models.

    With `workers` > 1, a batch of at least MIN_PARALLEL_BATCH articles is shared with `workers - 1` helper
    processes that hold their own copy of the models (started once, on first use): spaCy's NER and parser are
    single-threaded, so a second process is what puts the second core to work.
    """

    artifact_dir: Path = ARTIFACT_DIR
    workers: int = field(default_factory=default_workers)
    # companies.yaml and its overlays (nlp.entities.company_names.knowledge_base_spec), fixed when the Enricher is made.
    knowledge_base: str = field(default_factory=knowledge_base_spec)
    # Organisations kept that the knowledge base does not know, with their mentions: what to add to companies.yaml.
    unknown_companies: Counter = field(default_factory=Counter)
    _pool: ProcessPoolExecutor | None = field(default=None, init=False, repr=False)

    @cached_property
    def index(self) -> CompanyIndex:
        return company_index(self.knowledge_base)

    @cached_property
    def nlp(self):  # type: ignore[no-untyped-def]
        return build_pipeline(knowledge_base=self.knowledge_base)

    @cached_property
    def encoder(self) -> SentenceEncoder:
        return SentenceEncoder(tuned_top=tuned_top_file(self.artifact_dir))

    @cached_property
    def heads(self) -> ClassifierHeads:
        if not (self.artifact_dir / "heads.json").exists():
            raise FileNotFoundError(f"{self.artifact_dir}: no trained classifier; run `radar train`")
        return ClassifierHeads.load(self.artifact_dir)

    @cached_property
    def model_version(self) -> str:
        """Changes whenever the output can: heads, rules, knowledge base, FX table, library versions."""
        fingerprint = output_fingerprint(self.artifact_dir, knowledge_base_files(self.knowledge_base), encoder_path())
        return version_string(self.heads.version, fingerprint)

    def warm_up(self) -> None:
        """Load every model now (and start the helper processes) instead of on the first batch."""
        _ = self.nlp, self.heads, self.index
        self.encoder.encode_pair(["warm up"])
        gazetteer()
        if self.workers > 1:
            self._worker_pool().submit(_enrich_in_worker, str(self.artifact_dir), self.knowledge_base, []).result()

    def close(self) -> None:
        """Stop the helper processes (they also stop when the Enricher is collected or the program ends)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def __del__(self) -> None:
        # An executor collected without shutdown leaves a dead wake-up pipe for the exit handler to trip on.
        self.close()

    def _worker_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers - 1,
                                             mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_warm_worker, initargs=(str(self.artifact_dir), self.knowledge_base))
        return self._pool

    def enrich(self, records: list[dict]) -> list[dict]:
        inputs = [EnrichmentInput.model_validate(r) for r in records]
        if not inputs:
            return []
        if self.workers > 1 and len(records) >= MIN_PARALLEL_BATCH:
            # Every workers-th article to each process (not contiguous halves): long stories, leadership items
            # (which parse more) and the rest are spread evenly, so no process waits long for another.
            step = self.workers
            futures = [self._worker_pool().submit(_enrich_in_worker, str(self.artifact_dir), self.knowledge_base,
                                                 records[k::step])
                       for k in range(1, step)]
            out: list[dict] = [{}] * len(records)
            out[0::step] = self._enrich_here(inputs[0::step])
            for k, future in enumerate(futures, start=1):
                try:
                    enriched, unknown = future.result()
                except BrokenProcessPool:
                    # A helper died (killed, out of memory): its share is done here, nothing is lost, and the
                    # next batch starts a fresh helper.
                    share = inputs[k::step]
                    logger.warning("enrichment helper process died; enriching its %d articles in-process",
                                   len(share))
                    self._pool = None
                    enriched, unknown = self._enrich_here(share), Counter()
                out[k::step] = enriched
                self.unknown_companies.update(unknown)
            return out
        return self._enrich_here(inputs)

    def role_contexts(self, records: list[dict]) -> list[RoleContext]:
        """What the role relations read for each record (read pass, people, subject, parse pass), without the
        transformer: the relation model's training examples are built from these."""
        inputs = [EnrichmentInput.model_validate(r) for r in records]
        bodies = [readable_text(news_part(r.text)) for r in inputs]
        nlp = self.nlp
        read = list(nlp.pipe([t for r, b in zip(inputs, bodies, strict=True) for t in (r.title, b)],
                             disable=read_disabled(nlp), batch_size=SPACY_BATCH))
        out = []
        for title_doc, body_doc in zip(read[0::2], read[1::2], strict=True):
            title_mentions, body_mentions = entity_mentions(title_doc), entity_mentions(body_doc)
            people = people_in(body_mentions, title_mentions, body_doc.text, title_doc.text)
            subject = subject_of(title_doc, body_doc, party_companies(title_doc, body_doc, people), self.index)
            spans = [title_doc[:], *sentences_to_parse(body_doc)]
            parsed = list(nlp.pipe([s.as_doc() for s in spans], disable=parse_disabled(nlp)))
            out.append(RoleContext(title_doc, body_doc, people, subject, parsed))
        return out

    def _enrich_here(self, inputs: list[EnrichmentInput]) -> list[dict]:
        inputs = [r if len(r.title) <= MAX_TITLE_CHARS and not _LONG_TOKEN.search(r.title)
                  else r.model_copy(update={"title": readable_text(r.title)[:MAX_TITLE_CHARS]}) for r in inputs]
        bodies = [readable_text(news_part(r.text)) for r in inputs]
        heads, nlp = self.heads, self.nlp
        # The transformer runs in a second thread while spaCy reads: torch releases the GIL, so the two models
        # share the machine's cores instead of taking turns.
        with ThreadPoolExecutor(max_workers=1) as pool:
            embedding_job = pool.submit(self.encoder.encode_pair,
                                        [classifier_input(r.title, b) for r, b in zip(inputs, bodies, strict=True)])
            read = list(nlp.pipe([t for r, b in zip(inputs, bodies, strict=True) for t in (r.title, b)],
                                 disable=read_disabled(nlp), batch_size=SPACY_BATCH))
            # The packaged model's embedding is stored (story grouping's thresholds are set on it); the heads
            # read the fine-tuned top layers' embedding of the same pass.
            embeddings, tuned_embeddings = embedding_job.result()
        predictions = [replace(p, event_type=headline_event_type(p.pillar, r.title) or p.event_type)
                       for p, r in zip(heads.predict(tuned_embeddings), inputs, strict=True)]
        titles, body_docs = read[0::2], read[1::2]
        to_parse: list[Doc] = []
        owners: list[int] = []
        for i, (title_doc, body_doc, prediction) in enumerate(zip(titles, body_docs, predictions, strict=True)):
            body_sentences = sentences_to_parse(body_doc) if reads_body_parse(prediction) else []
            for span in [title_doc[:], *body_sentences]:
                to_parse.append(span.as_doc())
                owners.append(i)
        parsed: list[list[Doc]] = [[] for _ in inputs]
        for owner, doc in zip(owners, self.nlp.pipe(to_parse, disable=parse_disabled(self.nlp),
                                                    batch_size=SPACY_BATCH), strict=True):
            parsed[owner].append(doc)
        enriched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        out = []
        for record, body, prediction, embedding, title_doc, body_doc, parsed_docs in zip(
                inputs, bodies, predictions, embeddings, titles, body_docs, parsed, strict=True):
            fields = self._enrich_one(record, body, prediction, title_doc, body_doc, parsed_docs, enriched_at)
            fields["embedding"] = [round(float(x), 6) for x in embedding]
            out.append({**record.model_dump(), **fields})
        return out

    def _enrich_one(self, record: EnrichmentInput, body: str, prediction: PillarPrediction, title_doc: Doc,
                    body_doc: Doc, parsed: list[Doc], enriched_at: str) -> dict:
        title_mentions, body_mentions = entity_mentions(title_doc), entity_mentions(body_doc)
        body_sentences = list(body_doc.sents)  # each walk over doc.sents builds every token again: do it once
        people = people_in(body_mentions, title_mentions, body_doc.text, title_doc.text)
        parties = party_companies(title_doc, body_doc, people)
        subject = subject_of(title_doc, body_doc, parties, self.index)
        roles_of_companies = company_roles(subject, parties,
                                           mentioned_companies(title_doc, body_doc, people, parties))
        # Every organisation named, parties first (docs/LABELLING.md); company_roles tells them apart.
        companies = list(roles_of_companies)
        roles = roles_in([title_doc, body_doc], people, subject, parsed) if prediction.pillar == "leadership" else []
        year = _year_of(getattr(record, "published", None))
        # DESIGN.md: no amount on leadership-only items, and results, restructurings and regulatory actions carry
        # no deal value (none of the 87 such train items has one); figures there are revenue, savings or fines.
        carries_amount = (prediction.pillars != ["leadership"]
                          and prediction.event_type not in ("financial_results", "restructuring", "regulatory"))
        places = [(span, span._.place) for span in places_in(body_doc)]
        money = (headline_amount([title_doc.text, *(s.text for s in body_sentences[:12])], prediction.event_type,
                                 _published_year(getattr(record, "published", None)),
                                 local_dollar([place.country for _, place in places]))
                 if carries_amount else None)
        amount = ({"value": money.value, "currency": money.currency, "usd": to_usd(money.value, money.currency, year)}
                  if money else None)
        title_places = [span._.place for span in places_in(title_doc)]
        terms = [*title_doc.spans.get("terms", []), *body_doc.spans.get("terms", [])]
        modalities = _facets(terms, "MODALITY", MODALITIES)
        technologies = _facets(terms, "TECHNOLOGY", TECHNOLOGIES)
        lead_text = " ".join(s.text for s in body_sentences[:LEAD_SENTENCES])
        events = frames_for(
            pillar=prediction.pillar, event_type=prediction.event_type, subject=subject, companies=parties,
            roles=roles, parsed=parsed, lead_text=f"{record.title}. {lead_text}", places=places,
            title_places=title_places, amount=amount, modalities=modalities, technologies=technologies,
        )
        sentences = [s.text.strip() for s in body_sentences if s.text.strip()]
        enrichment = Enrichment(
            pillar=prediction.pillar,
            pillar_scores=prediction.pillar_scores,
            pillars=prediction.pillars,
            event_type=prediction.event_type,
            companies=companies,
            company_roles={name: roles_of_companies[name] for name in companies},
            subject_company=subject,
            people=people,
            roles=roles,
            locations=[span.text for span, _ in places],
            amount=amount,
            modalities=modalities,
            entities=[m.as_dict() for m in body_mentions],
            evidence=evidence_for(prediction.pillar, record.title, sentences),
            model_version=self.model_version,
            enriched_at=enriched_at,
            events=events,
            places=[place.as_dict() for _, place in places],
            technologies=technologies,
            unknown_companies=sorted({m.canonical for m in title_mentions + body_mentions
                                      if m.label == "ORG" and not m.known and m.canonical in companies}),
        )
        # The knowledge-base queue counts only organisations the item keeps (they passed the organisation check
        # and are among its companies), so the counts and the records' unknown_companies agree.
        for m in title_mentions + body_mentions:
            if m.label == "ORG" and not m.known and m.canonical in enrichment.unknown_companies:
                self.unknown_companies[m.canonical] += 1
        return enrichment.model_dump(exclude={"embedding"})


@dataclass(frozen=True)
class RoleContext:
    title_doc: Doc
    body_doc: Doc
    people: list[str]
    subject: str | None
    parsed: list[Doc]


_WORKER_ENRICHERS: dict[tuple[str, str], Enricher] = {}


def _worker_enricher(artifact_dir: str, knowledge_base: str) -> Enricher:
    key = (artifact_dir, knowledge_base)
    if key not in _WORKER_ENRICHERS:
        _WORKER_ENRICHERS[key] = Enricher(Path(artifact_dir), workers=1, knowledge_base=knowledge_base)
    return _WORKER_ENRICHERS[key]


def _warm_worker(artifact_dir: str, knowledge_base: str) -> None:
    enricher = _worker_enricher(artifact_dir, knowledge_base)
    enricher.warm_up()


def _enrich_in_worker(artifact_dir: str, knowledge_base: str, records: list[dict]) -> tuple[list[dict], Counter]:
    """Runs in a helper process: enrich a share of a batch with that process's own models."""
    enricher = _worker_enricher(artifact_dir, knowledge_base)
    before = Counter(enricher.unknown_companies)
    out = enricher.enrich(records) if records else []
    return out, enricher.unknown_companies - before


def sentences_to_parse(doc: Doc) -> list[Span]:
    """The lead, and later sentences that name a person next to a role word (leadership moves, quotes)."""
    # Span.ents rebuilds the whole doc's entity list on every call: read it once and test offsets instead.
    person_starts = sorted(e.start for e in doc.ents if e.label_ == "PERSON")
    picked = []
    for number, sentence in enumerate(doc.sents):
        if len(picked) >= MAX_PARSED_SENTENCES:
            break
        first = bisect_left(person_starts, sentence.start)
        names_person = first < len(person_starts) and person_starts[first] < sentence.end
        if number < LEAD_SENTENCES or (names_person and role_mentions(sentence.text)):
            picked.append(sentence)
    return picked


def _facets(terms: list[Span], label: str, order: tuple[str, ...]) -> list[str]:
    found = {span.id_ for span in terms if span.label_ == label}
    return [facet for facet in order if facet in found]


def _published_year(published: str | None) -> int | None:
    """The item's own year, when it has one: money figures of earlier years are background."""
    return int(published[:4]) if published and published[:4].isdigit() else None


def _year_of(published: str | None) -> int:
    if published and published[:4].isdigit():
        return int(published[:4])
    return datetime.now(timezone.utc).year
