"""The Article page's correction form: one form, every correctable field, validated, with a reason.

Saving appends the changed fields to the corrections store (warehouse/corrections_store.py) and publishes the
warehouse again with them applied (warehouse/corrections_apply.py), so every page shows the corrected values on
the next rerun. A bad value is refused with one line naming the field, and nothing is stored. Crawled text only
ever appears as widget values and options (shown as plain text), never in labels or Markdown unescaped.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.analyst import SESSION_KEY, edit_rights
from dashboard.safe_text import escape_markdown
from warehouse.corrections import FIELD_LABELS, CorrectionRefused, check_event_type_fits, validate_value
from warehouse.corrections_apply import lock_is_free, republish_corrections
from warehouse.corrections_store import correct, corrections_of_article
from warehouse.fx import known_currencies
from warehouse.read import named_query, read_frame
from warehouse.taxonomy_values import EVENT_TYPES, MODALITIES, PILLARS

NEW_ORGANISATION = "➕ new organisation (type it below)"
NO_SUBJECT = "(none)"
ACTIONS = ("appointed", "departing")
NEW_ROLES = 2  # empty rows offered for people the machine missed
FLASH = "correction-flash"


def _listed(value: object) -> list[str]:
    return [str(v) for v in value] if value is not None and not isinstance(value, float) else []


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


@st.cache_data(max_entries=8, show_spinner=False)
def knowledge_base_names(db: str, version: str) -> list[str]:
    """Every organisation name the knowledge base holds (the autocomplete of the companies fields)."""
    return read_frame(Path(db), named_query("dashboard_kb_names"))["name"].tolist()


def current_values(row: pd.Series, parties: pd.DataFrame, events: pd.DataFrame) -> dict[str, Any]:
    """The correctable fields as the warehouse holds them now, in the corrections' value format."""
    companies = parties[parties["kind"] == "company"]["name"].tolist() if not parties.empty else []
    people = events[events["person"].notna()] if not events.empty else events
    roles = [{"person": str(r["person"]), "role": _text(r["role"]) or "", "company": _text(r["company"]),
              "action": "departing" if r["action"] == "departed" else "appointed"}
             for _, r in people.iterrows()] if not events.empty else []
    pillars = _listed(row["pillars"])
    amount = None
    if _text(row["amount_currency"]) and pd.notna(row["amount_value"]):
        amount = {"value": float(row["amount_value"]), "currency": str(row["amount_currency"])}
    return {
        "pillars": {"primary": row["pillar"], "secondary": [p for p in pillars if p != row["pillar"]]},
        "event_type": _text(row["event_type"]), "subject_company": _text(row["subject_company"]),
        "companies": companies, "roles": roles, "amount": amount,
        "locations": _listed(row["locations"]), "modalities": _listed(row["modalities"]),
    }


def _same(field: str, before: Any, after: Any) -> bool:
    try:
        before = validate_value(field, before)
    except CorrectionRefused:
        pass
    return json.dumps(before, sort_keys=True) == json.dumps(after, sort_keys=True)


def changed_fields(before: dict[str, Any], wanted: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """field → (before, after) for every field the analyst changed; CorrectionRefused for a bad value. A changed
    pillar or event type must fit the other (a machine reading that does not fit never blocks other fields)."""
    changes = {}
    for field, after in wanted.items():
        valid = validate_value(field, after)
        if not _same(field, before.get(field), valid):
            changes[field] = (before.get(field), valid)
    if "pillars" in changes or "event_type" in changes:
        check_event_type_fits((wanted.get("pillars") or {}).get("primary"), wanted.get("event_type"))
    return changes


def show_corrected(trail: list[dict[str, Any]]) -> None:
    """Which fields analysts corrected and by whom (the latest correction of each field is in force)."""
    if not trail:
        return
    latest: dict[str, dict[str, Any]] = {}
    for entry in trail:  # newest first
        latest.setdefault(entry["field"], entry)
    parts = [f"{FIELD_LABELS.get(f, f)} by {escape_markdown(e['author'])} ({str(e['corrected_at'])[:16]} UTC)"
             for f, e in latest.items()]
    st.info("Corrected by analysts: " + "; ".join(parts), icon=":material/edit_note:")


def show_saved() -> None:
    """What the last save did, once, above the tabs (the page opens on its first tab again after a save)."""
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash, icon=":material/check_circle:")


def show_trail(trail: list[dict[str, Any]]) -> None:
    if not trail:
        st.caption("No analyst has corrected this article.")
        return
    frame = pd.DataFrame([{"corrected_at": str(t["corrected_at"])[:19], "field": FIELD_LABELS.get(t["field"], t["field"]),
                           "before": json.dumps(t["value_before"], ensure_ascii=False),
                           "after": json.dumps(t["value_after"], ensure_ascii=False), "author": t["author"],
                           "reason": t["reason"]} for t in trail])
    st.dataframe(frame, hide_index=True, width="stretch", key="corrections-trail")


def _identity() -> str | None:
    """The author's name, asking for it once per browser session; None while unknown or not allowed."""
    rights = edit_rights(st.session_state.get(SESSION_KEY))
    if rights.refusal:
        st.warning(escape_markdown(rights.refusal))
        return None
    if rights.author:
        st.caption(f"Correcting as **{escape_markdown(rights.author)}**")
        return rights.author
    name = st.text_input("Your name (asked once this session; recorded with each correction)", key="analyst-input")
    if st.button("Use this name", key="analyst-set") and name.strip():
        st.session_state[SESSION_KEY] = name.strip()
        st.rerun()
    return None


def _republish(db: Path) -> str:
    if lock_is_free(db):
        republish_corrections(db)
        return "Saved and published: every page shows it now."
    # A load is publishing: publish after it in the background (the page shows it on a later rerun).
    threading.Thread(target=republish_corrections, args=(db,), name="republish-corrections", daemon=True).start()
    return "Saved. A load is publishing right now; the correction appears when it is done."


def show_form(db: Path, version: str, article_id: str, before: dict[str, Any]) -> None:
    """The correction form (only where editing is allowed)."""
    author = _identity()
    if author is None:
        return
    kb = knowledge_base_names(str(db), version)
    with st.form(key="correction-form"):
        st.markdown("**Classification**")
        left, middle, right = st.columns(3)
        primary = left.selectbox("Primary pillar", PILLARS, index=PILLARS.index(before["pillars"]["primary"])
                                 if before["pillars"]["primary"] in PILLARS else 0, key="fix-primary")
        secondary = middle.multiselect("Secondary pillars", PILLARS, default=[
            p for p in before["pillars"]["secondary"] if p in PILLARS], key="fix-secondary")
        event_type = right.selectbox("Event type", EVENT_TYPES, index=EVENT_TYPES.index(before["event_type"])
                                     if before["event_type"] in EVENT_TYPES else len(EVENT_TYPES) - 1,
                                     format_func=lambda t: t.replace("_", " "), key="fix-event-type")
        st.markdown("**Companies**")
        keep = st.multiselect("Companies named (remove the wrong ones)", before["companies"],
                              default=before["companies"], key="fix-companies-keep")
        add = st.multiselect("Add from the knowledge base", [n for n in kb if n not in before["companies"]],
                             key="fix-companies-add")
        new_organisation = st.text_input("Add a new organisation (not in the knowledge base)", key="fix-company-new")
        # The article's own companies and "new organisation" first: the whole knowledge base follows (1,500+ names,
        # which the dropdown only renders as it scrolls; typing filters them).
        current_subject = before["subject_company"] or NO_SUBJECT
        named = [NO_SUBJECT, *dict.fromkeys([*([current_subject] if current_subject != NO_SUBJECT else []),
                                             *before["companies"]])]
        subjects = [*named, NEW_ORGANISATION, *(n for n in kb if n not in named)]
        subject = st.selectbox("Subject company", subjects, index=subjects.index(current_subject), key="fix-subject")
        st.markdown("**People and roles** (leadership moves; clear the person to remove a row)")
        roles = []
        rows = [*before["roles"], *({"person": "", "role": "", "company": None, "action": "appointed"}
                                    for _ in range(NEW_ROLES))]
        for number, role in enumerate(rows, start=1):
            person_col, role_col, company_col, action_col = st.columns([3, 2, 3, 2])
            person = person_col.text_input(f"Person {number}", value=role["person"], key=f"fix-person-{number}")
            title = role_col.text_input(f"Role {number}", value=role["role"], key=f"fix-role-{number}")
            company = company_col.text_input(f"Organisation {number}", value=role["company"] or "",
                                             key=f"fix-role-company-{number}")
            action = action_col.selectbox(f"Move {number}", ACTIONS, index=ACTIONS.index(role["action"]),
                                          key=f"fix-action-{number}")
            if person.strip() or title.strip():
                roles.append({"person": person, "role": title, "company": company.strip() or None, "action": action})
        st.markdown("**Amount, places, modalities**")
        value_col, currency_col, none_col = st.columns([3, 2, 2])
        amount = before["amount"] or {}
        currencies = list(known_currencies())
        value = value_col.number_input("Amount (in its own currency, e.g. 40000000)", min_value=0.0,
                                       value=float(amount.get("value") or 0.0), step=1_000_000.0, format="%.0f",
                                       key="fix-amount-value")
        currency = currency_col.selectbox("Currency", currencies, index=currencies.index(amount["currency"])
                                          if amount.get("currency") in currencies else currencies.index("USD"),
                                          key="fix-amount-currency")
        no_amount = none_col.checkbox("No amount", value=not amount, key="fix-amount-none")
        locations = st.text_area("Locations (one a line, as written)", value="\n".join(before["locations"]),
                                 key="fix-locations")
        modalities = st.multiselect("Modalities", MODALITIES, default=[m for m in before["modalities"]
                                                                        if m in MODALITIES], key="fix-modalities")
        reason = st.text_input("Reason (required)", key="fix-reason")
        submitted = st.form_submit_button("Save correction", type="primary")
    if not submitted:
        return
    new_name = " ".join(new_organisation.split())
    companies = [*keep, *add, *([new_name] if new_name else [])]
    if subject == NEW_ORGANISATION:
        if not new_name:
            st.error("subject company: type the new organisation's name in the field above")
            return
        subject = new_name
    wanted = {
        "pillars": {"primary": primary, "secondary": secondary}, "event_type": event_type,
        "subject_company": None if subject == NO_SUBJECT else subject, "companies": companies, "roles": roles,
        "amount": None if no_amount or not value else {"value": value, "currency": currency},
        "locations": [line for line in locations.splitlines() if line.strip()], "modalities": modalities,
    }
    try:
        changes = changed_fields(before, wanted)
        if not changes:
            st.warning("Nothing changed: no correction saved.")
            return
        correct(db, article_id, changes, author, reason)
    except CorrectionRefused as refused:
        st.error(f"Not saved: {escape_markdown(str(refused))}")
        return
    st.session_state[FLASH] = (f"Corrected {', '.join(FIELD_LABELS[f] for f in changes)}. " + _republish(db))
    st.rerun()


def show_corrections(db: Path, version: str, article_id: str, row: pd.Series, parties: pd.DataFrame,
                     events: pd.DataFrame, trail: list[dict[str, Any]]) -> None:
    """The correction tab: the form where editing is allowed, and the article's audit trail."""
    rights = edit_rights(st.session_state.get(SESSION_KEY))
    if rights.can_edit or rights.refusal:
        show_form(db, version, article_id, current_values(row, parties, events))
    st.markdown("**Audit trail** (newest first; the latest correction of a field is in force)")
    show_trail(trail)


def article_trail(db: Path, article_id: str) -> list[dict[str, Any]]:
    return corrections_of_article(db, article_id)
