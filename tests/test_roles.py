"""Role relations: normalised role titles (hand-built text), and (person, role, organisation, action) relations
extracted by the real pipeline and the committed relation model from sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.events.role_titles import head_of, role_mentions
from nlp.events.roles import roles_in

NORMALISED = {"CEO", "CFO", "COO", "CSO", "CTO", "CCO", "CDO", "CIO", "CMO", "CBO", "CHRO", "President", "Chair",
              "Board member", "Site head", "General Counsel"}


@pytest.mark.parametrize(("phrase", "role"), [
    ("chief executive officer", "CEO"), ("interim chief executive", "CEO"), ("takes the helm", "CEO"),
    ("co-CEO", "CEO"), ("president of its management board", "CEO"), ("finance chief", "CFO"),
    ("chief operating officer", "COO"), ("chief scientific officer", "CSO"), ("chief technical officer", "CTO"),
    ("chief commercial officer", "CCO"), ("chief business officer", "CBO"), ("chief digital officer", "CDO"),
    ("information technology chief", "CIO"), ("chief medical officer", "CMO"), ("global human resources head", "CHRO"),
    ("general counsel", "General Counsel"), ("chairman", "Chair"), ("non-executive chair", "Chair"),
    ("independent directors", "Board member"), ("joins its board", "Board member"), ("site head", "Site head"),
    ("head of global technical operations", "Head of Technical Operations"),
    ("executive vice president of operations", "Head of Operations"), ("SVP, global quality", "Head of Quality"),
    ("chief quality officer", "Head of Quality"), ("President", "President"),
    ("Evotec chief Lanthaler", "CEO"), ("former UCB chief Roch Doliveux", "CEO"), ("to chair its management board", "CEO"),
    ("IT chief Arun Gupta", "CIO"), ("Charles River finance chief David Smith", "CFO"),
    ("Executive Chairman of the Board of Directors", "Chair"), ("supervisory board chairman", "Chair"),
    ("takes over at the head of Polpharma", "CEO"), ("will head the combined company", "CEO"),
    ("head of the operation management department", "Head of Operation Management"),
    ("head of the cell & gene division", "Head of Cell & Gene"), ("vice president for quality", "Head of Quality"),
    ("President and Chief Executive Officer", "CEO"), ("CEO & President", "CEO"),
])
def test_role_phrases_are_normalised(phrase, role):
    assert [m.role for m in role_mentions(phrase)] == [role]


def test_a_bare_chief_needs_a_name_after_it_and_stays_the_word_chief():
    text = "Evotec chief Lanthaler resigns"
    [mention] = role_mentions(text)
    assert text[mention.start:mention.end] == "chief"
    assert role_mentions("the chief of staff") == () and role_mentions("Telangana Chief Minister Reddy") == ()


@pytest.mark.parametrize("text", [
    "a managing vice president, oversees the drug substance center", "a senior vice president at Celltrion since 2017",
    "held vice president roles in marketing", "chairman of the audit committee", "vice chairman of the board",
])
def test_clauses_after_a_title_are_no_function(text):
    assert role_mentions(text) == ()


def test_president_beside_another_chief_title_stays_president():
    assert [m.role for m in role_mentions("president and chief commercial officer")] == ["President", "CCO"]


def test_vice_chair_and_vice_president_are_not_chair_or_president():
    assert [m.role for m in role_mentions("vice chair")] == []
    assert [m.role for m in role_mentions("executive vice president of operations")] == ["Head of Operations"]
    assert [m.role for m in role_mentions("the site head of Visp")] == ["Site head"]


_function_words = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=12)
                           .filter(lambda w: w not in {"and", "for", "the", "its", "our", "new", "global", "group",
                                                       "worldwide", "corporate"}),
                           min_size=1, max_size=4)


@given(_function_words)
def test_head_of_is_title_cased_and_idempotent(words):
    name = head_of(" ".join(words))
    assert name is not None and name.startswith("Head of ")
    function = name.removeprefix("Head of ")
    assert all(w[:1].isupper() for w in function.split())
    assert head_of(function) == name  # normalising a normalised function changes nothing


@given(_function_words, st.sampled_from(["global ", "group ", "worldwide ", ""]))
def test_head_of_ignores_scope_words_and_case(words, scope):
    phrase = " ".join(words)
    assert head_of(scope + phrase) == head_of(phrase.upper()) == head_of(phrase)


@given(st.text(max_size=200))
def test_role_mentions_never_overlap_and_are_normalised(text):
    mentions = role_mentions(text)
    for a, b in zip(mentions, mentions[1:], strict=False):
        assert a.end <= b.start
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.role in NORMALISED or m.role.startswith("Head of ")


def _relations(enricher, title, text):
    [ctx] = enricher.role_contexts([{"id": "t", "title": title, "text": text}])
    roles = roles_in([ctx.title_doc, ctx.body_doc], ctx.people, ctx.subject, ctx.parsed)
    return {(r["person"], r["role"], r["company"], r["action"]) for r in roles}, roles


def test_head_of_function_appointment(enricher):
    found, _ = _relations(enricher, "Halvorsen Biologics names Priya Raman head of global technical operations",
                          "Halvorsen Biologics has appointed Priya Raman as head of global technical operations. "
                          "She joins from Lonza, where she ran the Visp biologics site.")
    assert found == {("Priya Raman", "Head of Technical Operations", "Halvorsen Biologics", "appointed")}


def test_steps_down_and_interim_chief_executive(enricher):
    found, _ = _relations(enricher,
                          "Carrow Pharma CEO Daniel Okafor steps down; chair Ines Hartl named interim chief executive",
                          "Carrow Pharma said Daniel Okafor will step down as chief executive at the end of the month. "
                          "Board chair Ines Hartl will serve as interim chief executive while the company searches "
                          "for a successor.")
    assert ("Daniel Okafor", "CEO", "Carrow Pharma", "departing") in found
    assert ("Ines Hartl", "CEO", "Carrow Pharma", "interim") in found


def test_takes_the_helm_and_succeeds(enricher):
    found, roles = _relations(enricher, "Marten Tobiasson takes the helm at Velmora Biologics",
                              "Velmora Biologics said Marten Tobiasson has taken the helm as chief executive officer. "
                              "He succeeds Greta Lindqvist, who retires after eight years.")
    assert found == {("Marten Tobiasson", "CEO", "Velmora Biologics", "appointed"),
                     ("Greta Lindqvist", "CEO", "Velmora Biologics", "departing")}
    assert next(r for r in roles if r["person"] == "Greta Lindqvist")["predecessor_of"] == "Marten Tobiasson"


def test_role_and_company_in_different_sentences(enricher):
    found, _ = _relations(enricher, "Brightwell Bio appoints new finance chief",
                          "The contract manufacturer has hired Omar Siddiqui. Siddiqui becomes chief financial "
                          "officer on 1 March, Brightwell Bio said.")
    assert found == {("Omar Siddiqui", "CFO", "Brightwell Bio", "appointed")}


def test_chair_is_a_board_move(enricher):
    found, _ = _relations(enricher, "Osterfeld Pharma elects Hana Kowalczyk chair",
                          "Osterfeld Pharma shareholders elected Hana Kowalczyk as chair of the board at the annual "
                          "meeting.")
    assert found == {("Hana Kowalczyk", "Chair", "Osterfeld Pharma", "board")}


def test_a_quoted_executive_has_no_role(enricher):
    found, _ = _relations(enricher, "Velmora Biologics names Anna Berg chief operating officer",
                          "Velmora Biologics has named Anna Berg chief operating officer, effective in May. "
                          "\"She brings deep plant experience,\" said chief executive Marten Tobiasson.")
    assert ("Anna Berg", "COO", "Velmora Biologics", "appointed") in found
    assert not any(person == "Marten Tobiasson" for person, *_ in found)


@pytest.mark.slow
def test_role_model_training_is_seeded(enricher):
    from nlp.entities.company_names import company_index
    from nlp.evaluation.labelled_data import labelled_split
    from nlp.training.role_training import contexts, examples, fit, leadership_items

    items = leadership_items(labelled_split("train"))[:30]
    features, labels = examples(items, contexts(items, enricher), company_index().canonical)
    assert 0 < sum(labels) < len(labels)
    assert fit(features, labels) == fit(features, labels)


@pytest.mark.slow
def test_radar_train_rebuilds_the_committed_role_model(tmp_path):
    """`radar train --roles` on the train split gives the committed weights byte for byte (seeded, no drift)."""
    from click.testing import CliRunner

    from flows.cli import main as radar
    from nlp.events.role_model import ROLE_MODEL

    result = CliRunner().invoke(radar, ["train", "--roles", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / ROLE_MODEL.name).read_bytes() == ROLE_MODEL.read_bytes(), \
        "the committed role model is not what the train split gives: run `radar train --roles`"


def test_role_cross_validation_folds_keep_an_event_together():
    from nlp.training.role_training import folds_of

    items = [{"id": f"i{n}", "event_key": f"e{n // 2}"} for n in range(20)]
    folds = folds_of(items, k=5)
    assert all(folds[n] == folds[n + 1] for n in range(0, 20, 2))
    assert set(folds) == set(range(5))
    assert folds == folds_of(items, k=5)


def _doc_with_orgs(text: str, orgs: dict[str, bool]):
    """A blank-pipeline doc whose ORG entities are the given strings (value: known to the knowledge base)."""
    import spacy

    import nlp.components.company_linker  # noqa: F401  (registers Span._.company and Span._.known)

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    doc = blank(text)
    ents = []
    for name, known in orgs.items():
        start = text.index(name)
        span = doc.char_span(start, start + len(name), label="ORG")
        span._.company, span._.known = name, known
        ents.append(span)
    doc.ents = sorted(ents, key=lambda s: s.start)
    return doc


@pytest.mark.parametrize(("text", "orgs", "found"), [
    # a family company's name holds only the surname: the name next to the role is a person's
    ("The board named executive chairman Lukas Varnholt as chief executive.", {"Varnholt": True}, ["Lukas Varnholt"]),
    # an organisation nobody knows, written as exactly two words next to a role, is a misread name
    ("Sartorius hires Florian Funck, Haniel's CFO.", {"Sartorius": True, "Florian Funck": False}, ["Florian Funck"]),
    ("Greta Holm becomes Executive Chairman of the group.", {}, ["Greta Holm"]),
    # a known organisation written where the name would start is an organisation
    ("The unit is led by chief executive Thermo Fisher staff.", {"Thermo Fisher": True}, []),
    ("Its new chief executive Acme Biologics said so.", {"Acme Biologics": False}, []),
])
def test_names_next_to_a_role_the_ner_read_as_organisations(text, orgs, found):
    from nlp.events.role_candidates import named_by_role

    title = _doc_with_orgs("Leadership news", {})
    assert named_by_role(title, _doc_with_orgs(text, orgs), []) == found


def test_two_family_members_next_to_roles_are_two_people():
    from nlp.events.role_candidates import named_by_role

    body = _doc_with_orgs("Lukas Varnholt becomes executive chairman. Sergio Varnholt is named chairman emeritus.",
                          {"Varnholt": True})
    assert named_by_role(_doc_with_orgs("News", {}), body, []) == ["Lukas Varnholt", "Sergio Varnholt"]
