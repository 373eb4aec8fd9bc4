"""The real-reporting corpus: every item passes the schema, and the splits measure generalisation."""

from __future__ import annotations

from collections import Counter

import pytest

from nlp.entities.company_names import KNOWLEDGE_BASE
from nlp.evaluation.corpus_split import _groups, split_corpus, unseen_subject_share
from nlp.evaluation.held_out import INDEPENDENT_DIR, LOCKED_FILE
from nlp.evaluation.labelled_corpus import check_item, lint_file, read_aliases
from nlp.evaluation.labelled_data import CORPUS_DIR, LATER_BATCHES, labelled_split, read_jsonl
from nlp.taxonomy import EVENT_TYPES, PILLARS

CORPUS_FILES = [CORPUS_DIR / "train.jsonl", CORPUS_DIR / "dev.jsonl", LOCKED_FILE]
INDEPENDENT_FILES = sorted(INDEPENDENT_DIR.glob("*.jsonl"))
LATER_BATCH_FILES = sorted(CORPUS_DIR.glob(LATER_BATCHES))  # training items written after the split


def _all() -> dict[str, list[dict]]:
    return {"train": read_jsonl(CORPUS_FILES[0]), "dev": read_jsonl(CORPUS_FILES[1]), "test": read_jsonl(LOCKED_FILE)}


@pytest.mark.parametrize("path", CORPUS_FILES + LATER_BATCH_FILES + INDEPENDENT_FILES, ids=lambda p: p.name)
def test_every_item_passes_the_schema_and_label_checks(path):
    # Schema and consistency only: reading the labels against the items is the reviewers' job, and the
    # locked test's labels are checked here without ever printing a prediction for them.
    lines, count = lint_file(path, read_aliases(KNOWLEDGE_BASE))
    errors = [line for line in lines if ": error: " in line]
    assert count > 0 and errors == []


def test_the_corpus_is_large_and_spread_as_asked():
    items = [i for split in _all().values() for i in split]
    assert len(items) >= 1500
    assert all(i["source_url"].startswith(("http://", "https://")) for i in items)
    companies = {c for i in items for c in i["companies"]}
    assert len(companies) >= 300
    assert {i["pillar"] for i in items} == set(PILLARS)
    assert {i["event_type"] for i in items} == set(EVENT_TYPES)
    assert {i["region"] for i in items} >= {"europe", "americas", "asia"}
    years = Counter(int(i["published"][:4]) for i in items)
    assert min(years) <= 2016 and max(years) >= 2026 and len(years) >= 10
    assert {i["style"] for i in items} == {"headline_dek", "brief", "news", "release"}
    currencies = {i["amount"]["currency"] for i in items if i["amount"]}
    assert currencies >= {"USD", "EUR", "CHF", "GBP", "JPY", "KRW", "INR", "CNY"}
    assert max(len(i["text"].split()) for i in items) >= 450


def test_splits_share_no_event_and_the_test_holds_unseen_companies():
    splits = _all()
    keys = {name: {i["event_key"] for i in items} for name, items in splits.items()}
    assert not keys["train"] & keys["dev"] and not keys["train"] & keys["test"] and not keys["dev"] & keys["test"]
    ids = [i["id"] for items in splits.values() for i in items]
    assert len(ids) == len(set(ids))
    assert unseen_subject_share(splits["test"], splits["train"] + splits["dev"]) >= 0.30
    assert len(splits["test"]) >= 250 and len(splits["dev"]) >= 250


def test_the_splits_are_what_the_split_rule_gives():
    splits = _all()
    again = split_corpus([i for items in splits.values() for i in items])
    assert [i["id"] for i in again.test] == [i["id"] for i in splits["test"]]
    assert [i["id"] for i in again.dev] == [i["id"] for i in splits["dev"]]


def test_training_and_dev_data_include_the_corpus_and_never_the_locked_test():
    train, dev = labelled_split("train"), labelled_split("dev")
    test_titles = {i["title"] for i in read_jsonl(LOCKED_FILE)}
    assert not test_titles & {i["title"] for i in train + dev}
    assert {i["id"] for i in read_jsonl(CORPUS_DIR / "train.jsonl")} <= {i["id"] for i in train}
    assert not {i["id"] for i in train} & {i["id"] for i in dev}


def test_the_independent_set_shares_no_page_event_or_headline_with_the_corpus():
    independent = [i for path in INDEPENDENT_FILES for i in read_jsonl(path)]
    assert len(INDEPENDENT_FILES) == 2 and len(independent) >= 150
    corpus = [i for items in _all().values() for i in items] + [i for p in LATER_BATCH_FILES for i in read_jsonl(p)]
    for field in ("source_url", "event_key", "id"):
        assert not {i[field] for i in independent} & {i[field] for i in corpus}, field
    titles = {" ".join(i["title"].split()).casefold() for i in corpus}
    assert not {" ".join(i["title"].split()).casefold() for i in independent} & titles
    assert len({i["id"] for i in independent}) == len(independent)
    assert not {i["id"] for i in independent} & {i["id"] for i in labelled_split("train") + labelled_split("dev")}


def test_the_later_training_batches_hold_no_news_of_dev_or_the_held_out_sets():
    batch = [i for path in LATER_BATCH_FILES for i in read_jsonl(path)]
    assert len(batch) >= 150
    splits = _all()
    held = splits["dev"] + splits["test"] + [i for path in INDEPENDENT_FILES for i in read_jsonl(path)]
    for field in ("source_url", "event_key", "id"):
        assert not {i[field] for i in batch} & {i[field] for i in held + splits["train"]}, field
    # The split's own grouping (event key, source page, subject company and month): no group reaches across.
    batch_ids = {i["id"] for i in batch}
    for group in _groups(batch + held):
        assert {i["id"] for i in group} <= batch_ids or not {i["id"] for i in group} & batch_ids, \
            sorted(i["id"] for i in group)
    assert batch_ids <= {i["id"] for i in labelled_split("train")}


def _item(key, subject, published, companies=None, event="facility_investment", url=None):
    return {"id": f"{key}-{published}", "event_key": key, "subject_company": subject, "published": published,
            "event_type": event, "companies": companies or [subject],
            "source_url": url or f"https://news.example/{key}/{published}"}


def test_split_rule_keeps_events_whole_and_holds_out_companies():
    items = [_item(f"e{n}", f"Co{n % 7}", f"20{15 + n % 11}-0{1 + n % 9}-01") for n in range(60)]
    items.append({**_item("e3", "Co3", "2018-04-01"), "id": "dup"})  # a second write-up of event e3
    split = split_corpus(items, test_share=0.2, dev_share=0.2, unseen_share=0.5)
    where = {i["id"]: name for name in ("train", "dev", "test") for i in getattr(split, name)}
    assert where["dup"] == where["e3-2018-04-01"]
    assert unseen_subject_share(split.test, split.train + split.dev) >= 0.5
    assert len(where) == len(items)


def test_two_keys_for_one_event_are_grouped():
    items = [_item("lonza-2021-05-visp", "Lonza", "2021-05-04"), _item("lonza-visp-plant", "Lonza", "2021-05-20")]
    assert len(_groups(items)) == 1
    same_page = [_item("a-2020-01-x", "Acme", "2020-01-04", url="https://wire.example/1"),
                 _item("b-2020-03-y", "Beta", "2020-03-09", url="https://wire.example/1")]
    assert len(_groups(same_page)) == 1
    apart = [_item("a-2020-01-x", "Acme", "2020-01-04"), _item("a-2020-03-y", "Acme", "2020-03-09")]
    assert len(_groups(apart)) == 2


def test_schema_check_names_the_problem():
    item = read_jsonl(CORPUS_FILES[0])[0]
    assert check_item(item, read_aliases(KNOWLEDGE_BASE)) == [] or all(p.severity == "warning"
                                                                      for p in check_item(item))
    broken = {**item, "pillars": ["other", "digital"], "pillar": "other"}
    assert any(p.field == "pillars" for p in check_item(broken))
    assert any(p.field == "source_url" for p in check_item({**item, "source_url": "javascript:alert(1)"}))
