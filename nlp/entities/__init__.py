"""Entities and linking: the organisations, people, places and amounts an article names, and who they are."""
