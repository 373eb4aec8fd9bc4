"""The paired statistics that decide whether a classifier candidate beats the shipped one."""

from __future__ import annotations

from benchmarks.event_generalisation import accuracy, mcnemar, paired_bootstrap


def test_mcnemar_counts_only_discordant_items_and_gives_the_exact_binomial_p():
    gold = ["a"] * 10
    ours = ["a"] * 8 + ["b", "b"]  # items 0-7 right
    theirs = ["a", "a"] + ["b"] * 8  # items 0-1 right
    result = mcnemar(gold, ours, theirs)
    assert result["only_candidate_right"] == 6 and result["only_shipped_right"] == 0
    assert result["p_value"] == round(2 / 2**6, 4)
    assert mcnemar(gold, ours, ours) == {"only_candidate_right": 0, "only_shipped_right": 0, "p_value": 1.0}


def test_paired_bootstrap_is_seeded_and_sees_a_clear_gap_and_a_tie():
    gold = ["a", "b"] * 50
    better = list(gold[:80]) + ["x"] * 20
    worse = list(gold[:50]) + ["x"] * 50
    gap = paired_bootstrap(gold, better, worse, accuracy, resamples=500)
    assert gap["difference"] == 0.3 and gap["ci95"][0] > 0 and gap["share_ahead"] == 1.0
    assert paired_bootstrap(gold, better, worse, accuracy, resamples=500) == gap
    tie = paired_bootstrap(gold, better, better, accuracy, resamples=500)
    assert tie["difference"] == 0.0 and tie["share_ahead"] == 0.0 and tie["share_behind"] == 0.0
