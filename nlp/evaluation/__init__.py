"""Labelled data and evaluation: the item schema, the splits, scoring, the keyword baseline and the quality gate."""
