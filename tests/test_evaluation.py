from __future__ import annotations

import pytest

from nlp.evaluation.scores import evaluate


def _item(id, pillar, event, companies=(), people=(), amount=None, roles=()):
    return {"id": id, "pillar": pillar, "event_type": event, "companies": list(companies), "people": list(people),
            "amount": amount, "roles": list(roles), "subject_company": companies[0] if companies else None}


def test_scores_match_hand_computation():
    gold = [
        _item("a", "infrastructure", "facility_opening", ["Lonza"], amount={"value": 100.0, "currency": "USD"}),
        _item("b", "leadership", "executive_appointment", ["Abzena"], ["Jo Bloggs"],
              roles=[{"person": "Jo Bloggs", "role": "CEO", "company": "Abzena"}]),
        _item("c", "other", "m_and_a", ["Pfizer", "Seagen"]),
    ]
    predicted = [
        _item("a", "infrastructure", "facility_investment", ["Lonza", "Visp"], amount={"value": 100.5, "currency": "USD"}),
        _item("b", "leadership", "executive_appointment", ["Abzena"], ["Jo Bloggs"],
              roles=[{"person": "Jo Bloggs", "role": "CFO", "company": "Abzena"}]),
        _item("c", "digital", "digital_launch", ["Pfizer"]),
    ]
    report = evaluate(predicted, gold)
    assert report.items == 3
    assert report.pillar_accuracy == pytest.approx(2 / 3)
    assert report.event_type_accuracy == pytest.approx(1 / 3)
    assert (report.companies.tp, report.companies.fp, report.companies.fn) == (3, 1, 1)
    assert report.companies.f1 == pytest.approx(0.75)
    assert report.roles.f1 == 0
    # one gold amount, found; two items without an amount, none invented
    assert (report.amounts.tp, report.amounts.fp, report.amounts.fn) == (1, 0, 0)
    assert report.spurious_amount_rate == 0.0
    # infrastructure F1 1, leadership 1, other 0 (missed), digital 0 (false positive)
    assert report.pillar_macro_f1 == pytest.approx(0.5)
    assert "pillar macro-F1" in report.as_table()


def test_company_names_compared_in_canonical_form():
    gold = [_item("a", "other", "m_and_a", ["Lonza Group", "Kestrel"])]
    predicted = [_item("a", "other", "m_and_a", ["Lonza", "Kestrel"])]
    canonical = {"Lonza Group": "Lonza"}.get
    report = evaluate(predicted, gold, lambda n: canonical(n) or n)
    assert report.companies.f1 == 1.0 and report.subject_company_accuracy == 1.0
    assert evaluate(predicted, gold).companies.f1 == 0.5


def test_side_by_side_prints_both_columns():
    from nlp.evaluation.scores import side_by_side

    gold = [_item("a", "infrastructure", "facility_opening", ["Lonza"])]
    ours = evaluate([_item("a", "infrastructure", "facility_opening", ["Lonza"])], gold)
    base = evaluate([_item("a", "other", "other", [])], gold)
    table = side_by_side(ours, base)
    assert "baseline" in table and "companies" in table
    line = next(row for row in table.splitlines() if row.startswith("pillar accuracy"))
    assert line.split()[-2:] == ["1.000", "0.000"]


def test_a_missing_amount_on_both_sides_earns_nothing_and_a_spurious_one_is_counted():
    gold = [_item("a", "other", "m_and_a"), _item("b", "other", "m_and_a"),
            _item("c", "other", "m_and_a", amount={"value": 5e6, "currency": "EUR"})]
    predicted = [_item("a", "other", "m_and_a"), _item("b", "other", "m_and_a", amount={"value": 1.0, "currency": "USD"}),
                 _item("c", "other", "m_and_a", amount={"value": 5e6, "currency": "USD"})]
    report = evaluate(predicted, gold)
    # c: wrong currency is a false positive and a miss; b: invented; a: nothing to score
    assert (report.amounts.tp, report.amounts.fp, report.amounts.fn) == (0, 2, 1)
    assert report.amounts.f1 == 0.0
    assert report.spurious_amounts == 1 and report.spurious_amount_rate == pytest.approx(0.5)


def test_a_role_at_the_wrong_company_is_wrong():
    role = {"person": "Jo Bloggs", "role": "CEO", "company": "Lonza"}
    gold = [_item("a", "leadership", "executive_appointment", ["Lonza", "Bachem"], ["Jo Bloggs"], roles=[role])]
    wrong = [_item("a", "leadership", "executive_appointment", ["Lonza", "Bachem"], ["Jo Bloggs"],
                   roles=[{**role, "company": "Bachem"}])]
    assert evaluate(wrong, gold).roles.f1 == 0.0
    assert evaluate(gold, gold).roles.f1 == 1.0


def test_field_errors_list_each_disagreement_up_to_the_limit():
    from nlp.evaluation.scores import field_errors

    gold = [_item(str(i), "other", "m_and_a", ["Lonza"]) for i in range(5)]
    predicted = [_item(str(i), "other", "contract_or_partnership", ["Lonza"]) for i in range(5)]
    errors = field_errors(predicted, gold, limit=3)
    assert errors["event_type"] == [f"{i}: gold m_and_a | predicted contract_or_partnership" for i in range(3)]
    assert errors["companies"] == [] and errors["amount"] == []
