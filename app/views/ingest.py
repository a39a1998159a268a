"""Ingest page: a news report read into proposed events and projects, reviewed one by one
before anything is stored.

Paste a report or upload a ``.txt`` file; the page shows the text with the places, dates,
organisations, people and quantities found in it marked, the proposals on a small map, and
each proposal with the sentences its fields come from, to accept, edit (in the Records page's
form) or reject. Proposals get the ids ``coopmap ingest`` gives them, so one already stored is
shown as such and never stored twice. The pieces are in :mod:`ingest_parts`.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

import access
import ingest_parts as parts
import proposal_cards as cards
from coopmap.display.markdown import md
from coopmap.display.marked import found_text, legend_html, report_html
from coopmap.reports.language import LANGUAGES
from coopmap.services.access import Action

ss = st.session_state
if ss.pop(parts.EDIT, False):
    st.switch_page("views/records.py")

st.caption(
    "Paste a news report, or upload one as a .txt file, to see the events and projects it "
    "suggests. Nothing is stored until you accept a proposal or save them as drafts."
)
st.file_uploader(
    "Upload a report (.txt, UTF-8)", type=["txt"], key="ingest_upload", on_change=parts.upload_text
)
if ss.get("ingest_upload_error"):
    st.error(md(ss["ingest_upload_error"]), icon=":material/error:")
st.text_area(
    "Report",
    key="ingest_text",
    height=220,
    max_chars=parts.MAX_CHARS,
    placeholder="ASTANA, December 15, 2015 -- Kazakhstan's prime minister met ...",
)
columns = st.columns([1, 1, 2, 2])
language = columns[1].selectbox(
    "Language",
    [None, *LANGUAGES],
    format_func=lambda code: "Detect" if code is None else LANGUAGES[code],
    key="ingest_lang",
    help="English, Russian or Chinese. Detect: from the report's script.",
)
report_date = columns[0].date_input(
    "Report date",
    value=None,
    min_value=dt.date(1900, 1, 1),
    max_value=dt.date(2100, 12, 31),
    key="ingest_date",
    help='"Monday" and "last year" are read against it. Empty: the date in the dateline '
    '("ASTANA, December 15, 2015 --"), if the report has one.',
)
columns[2].text_input(
    "Source title",
    key="ingest_title",
    max_chars=300,
    placeholder="the report's first line",
    help="The source the proposals cite.",
)
columns[3].text_input(
    "Source link", key="ingest_url", placeholder="https://…", help="http(s)://, doi: or urn:"
)

text = ss.get("ingest_text") or ""
if not text.strip():
    st.info("Paste a report above, or upload one, to see what it proposes.")
    st.stop()

extraction = parts.read(text, report_date.isoformat() if report_date else None, language)
source, source_problems = parts.report_source(
    extraction, title=ss.get("ingest_title") or "", url=ss.get("ingest_url") or ""
)
for field in ("title", "url"):
    parts.field_errors(source_problems, field)

if extraction.report_date is None:
    st.caption(
        "No report date: give one above so that dates such as \u201cMonday\u201d or "
        "\u201cnext year\u201d can be read."
    )
elif report_date is None:
    st.caption(f"Report date {extraction.report_date}, from the dateline.")

st.subheader("The report", anchor=False)
st.caption(
    f"Read as {LANGUAGES[extraction.language]}"
    + (" (from its script)." if language is None else ".")
)
st.html(legend_html())
st.caption(f"Found {found_text(extraction)}. Point at a marked word to see how it was read.")
st.html(report_html(extraction))

st.subheader("Proposals", anchor=False)
parts.show_notice()
if not extraction.records:
    st.info("Nothing to propose: no event or project was found in this text.")
    st.stop()
if source is None:
    st.error("Correct the source above to see the proposals.", icon=":material/error:")
    st.stop()

rejected = ss.get(parts.REJECTED) or []
found = parts.proposals(extraction, source, rejected=rejected)
total = len(extraction.records)
shown_rejected = sum(1 for c in extraction.records if extraction.record_id(c) in rejected)
st.caption(
    f"{len(found)} proposals"
    + (f" ({shown_rejected} of {total} rejected)" if shown_rejected else "")
)
if shown_rejected:
    st.button(
        "Bring back the rejected proposals", key="ingest_bring_back", on_click=parts.bring_back
    )
if not found:
    st.info("Every proposal of this report is rejected.")
    st.stop()

actions = st.columns([1, 1, 3])
editor = access.can(Action.INGEST)
actions[0].button(
    "Accept all",
    key="ingest_accept_all",
    on_click=parts.accept_all,
    args=(found,),
    type="primary",
    icon=":material/done_all:",
    disabled=not editor,
)
actions[1].button(
    "Save all as drafts",
    key="ingest_save_drafts",
    on_click=parts.save_drafts,
    args=(found,),
    icon=":material/save:",
    disabled=not editor,
)
if not editor:
    actions[2].caption(access.READ_ONLY_NOTE)
cards.proposals_map([p.record for p in found if p.record is not None])
titles = cards.record_titles(found)
for proposal in found:
    cards.proposal_card(proposal, titles)
