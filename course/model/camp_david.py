"""The Camp David framework: what kind of event each step was, what was promised and
delivered, and who was in office when. Pure functions: no widgets, no I/O, no palette (the
caller passes the display labels of domains and statuses, from course.core.palette)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from course.model.timeline import when

DOMAINS = ["military", "diplomatic", "economic_technology"]
STATUSES = ["delivered", "partial", "not_delivered", "unclear"]
DOCUMENTS = {
    "spirit": "Spirit of Camp David",
    "principles": "Camp David Principles",
    "commitment_to_consult": "Commitment to Consult",
}

# What kind of step an event was, read from its title. Rules are tried in order; the first
# whose keyword occurs in the title wins (tests check every row of the table gets a kind).
KINDS = {
    "meeting": "Meeting or summit",
    "document": "Joint document",
    "institution": "Mechanism or institution",
    "exercise": "Exercise",
    "politics": "Dispute or domestic politics",
    "reaction": "Beijing or Pyongyang reacts",
}
KIND_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("reaction", ("Beijing criticises", "North Korean Defence Minister")),
    (
        "politics",
        (
            "export",
            "licensing",
            "white list",
            "terminat",
            "compensation plan",
            "martial law",
            "impeach",
            "Constitutional Court",
            "resigns",
            "takes office",
            "second term",
            "succeeds",
            "becomes Japanese prime minister",
        ),
    ),
    (
        "document",
        (
            "Principles adopted",
            "Spirit of Camp David",
            "Commitment to Consult",
            "Phnom Penh Statement",
            "statement on DPRK",
            "joint fact sheet",
        ),
    ),
    (
        "institution",
        (
            "TISA",
            "GSOMIA signed",
            "hotline",
            "mechanism fully activated",
            "Secretariat launched",
            "working group",
            "memorandum",
            "early warning",
        ),
    ),
    ("exercise", ("exercise", "Freedom Edge")),
    ("meeting", ("summit", "meet", "consultation", "Dialogue", "ministerial", "ministers")),
]
FRAMEWORK_KINDS = ("meeting", "document", "institution", "exercise")


def event_kind(title: str) -> str:
    """The kind of step an event title describes ('meeting', 'document', ...)."""
    low = title.lower()
    for kind, words in KIND_RULES:
        if any(w.lower() in low for w in words):
            return kind
    raise ValueError(f"no kind rule matches the event {title!r}")


def with_kinds(events: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Add `kind`, `kind_label` and `domain_label` (from `labels`) to timeline events."""
    kinds = events["title"].map(event_kind)
    return events.assign(kind=kinds, kind_label=kinds.map(KINDS), domain_label=events["domain"].map(labels))


# --- Commitments -------------------------------------------------------------------------

# The coding rule behind every status in data/camp_david_commitments.csv, stated once here;
# data/datapackage.json repeats it in that resource's description (a test checks they agree)
# and lesson 02 teaches it. `promise_type` decides which clause applies.
EVIDENCE_CUTOFF = "the end of October 2025"
CODING_RULE = {
    "evidence": (
        "Evidence means a government statement or readout, or an on-the-record news "
        "report; an anonymous official's account alone is not evidence."
    ),
    "delivered": (
        "delivered: for a one-off promise, evidence that the promised action was "
        "completed (by its deadline, if it had one) and every named part of it; for a "
        "recurring promise ('at least annually'), evidence of an instance in each calendar "
        "year after the summit year (2024 and 2025); for a declaratory promise (a shared "
        "position), a joint restatement in each of those years."
    ),
    "partial": (
        "partial: evidence of some but not all: a recurring promise met in some years only, "
        "or a one-off promise with only some of its named parts or only preparatory steps "
        "(statements, memoranda) evidenced."
    ),
    "not_delivered": (
        "not_delivered: evidence that nothing was done by a deadline or in any year "
        "due, or that the promise was dropped."
    ),
    "unclear": (
        "unclear: no public evidence either way, including promises whose fulfilment is "
        "confidential by nature."
    ),
}
PROMISE_TYPES = {"one_off": "One-off", "recurring": "Recurring", "declaratory": "Declaratory"}


def coding_problems(commitments: pd.DataFrame) -> list[str]:
    """Rows whose coding breaks the rule's checkable parts, one sentence each (empty: none).

    The judgement itself (is this evidence enough?) is a person's; what a program can check is
    that each row states its basis, in terms of its promise type, and that its dates agree with
    its status: a delivered one-off promise has the date it was met, an unclear one has none.
    """
    problems = []
    for r in commitments.itertuples():
        basis = r.status_basis if isinstance(r.status_basis, str) else ""
        date = r.delivered_date if isinstance(r.delivered_date, str) else ""
        if r.status not in STATUSES:
            problems.append(f"{r.commitment_id}: status {r.status!r} is not one of {STATUSES}")
        if r.promise_type not in PROMISE_TYPES:
            problems.append(
                f"{r.commitment_id}: promise_type {r.promise_type!r} is not one of {list(PROMISE_TYPES)}"
            )
        elif not basis.startswith(PROMISE_TYPES[r.promise_type]):
            problems.append(
                f"{r.commitment_id}: status_basis should say how the rule for a "
                f"{PROMISE_TYPES[r.promise_type].lower()} promise applies"
            )
        if not basis.strip():
            problems.append(f"{r.commitment_id}: status_basis is empty")
        if r.status == "delivered" and r.promise_type == "one_off" and not date:
            problems.append(f"{r.commitment_id}: a delivered one-off promise needs the date it was met")
        if r.status in ("unclear", "not_delivered") and date:
            problems.append(f"{r.commitment_id}: status {r.status} but a delivered_date is given")
    return problems


def rule_text() -> str:
    """The whole coding rule as one paragraph (the data package description carries it)."""
    return " ".join(CODING_RULE[k] for k in ("evidence", *STATUSES))


def select(commitments: pd.DataFrame, *, domains=None, documents=None, statuses=None) -> pd.DataFrame:
    """The commitments in the given domains, documents and statuses (None = all)."""
    keep = pd.Series(True, index=commitments.index)
    for column, wanted in (("domain", domains), ("document", documents), ("status", statuses)):
        if wanted is not None:
            keep &= commitments[column].isin(list(wanted))
    return commitments[keep]


def status_counts(commitments: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """How many commitments have each status, every status listed (zeros included)."""
    counts = commitments["status"].value_counts()
    return pd.DataFrame(
        {
            "status": STATUSES,
            "label": [labels[s] for s in STATUSES],
            "count": [int(counts.get(s, 0)) for s in STATUSES],
        }
    )


def share_delivered(commitments: pd.DataFrame) -> float | None:
    """Delivered commitments as a share of all given (0..1); None when none are given."""
    total = len(commitments)
    if total == 0:
        return None
    return int((commitments["status"] == "delivered").sum()) / total


def share_sentence(commitments: pd.DataFrame, labels: Mapping[str, str]) -> str:
    """'N of M delivered (x%)' with the other statuses (named by `labels`), or a sentence
    when M is 0."""
    share = share_delivered(commitments)
    if share is None:
        return "No commitment is selected, so there is no share to compute: tick at least one domain."
    counts = status_counts(commitments, labels).set_index("status")["count"]
    rest = ", ".join(f"{counts[s]} {labels[s].lower()}" for s in STATUSES[1:])
    return f"{counts['delivered']} of {len(commitments)} delivered ({share:.0%}); {rest}."


def status_grid(commitments: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Counts per document, domain and status, every combination present (zeros included),
    so a chart filtered in the browser still shows a bar of 0 for an absent status."""
    index = pd.MultiIndex.from_product(
        [list(DOCUMENTS), DOMAINS, STATUSES], names=["document", "domain", "status"]
    )
    counts = commitments.groupby(["document", "domain", "status"]).size()
    grid = counts.reindex(index, fill_value=0).rename("count").reset_index()
    return grid.assign(label=grid["status"].map(labels))


# --- Leaders -----------------------------------------------------------------------------

COUNTRY_CODES = {"United States": "USA", "Japan": "JPN", "Republic of Korea": "KOR"}


def leader_spans(leaders: pd.DataFrame, until: str) -> pd.DataFrame:
    """One row per spell in office, with Timestamps `start` and `end` for plotting.

    An open spell (no end_date) is drawn up to `until` and flagged `open`. Acting
    presidents get their own lane (`lane`), since they overlap a suspended president.
    """
    rows = leaders.copy()
    rows["acting"] = rows["office"].str.startswith("Acting")
    rows["open"] = rows["end_date"].isna()
    rows["code"] = rows["country"].map(COUNTRY_CODES)
    rows["lane"] = rows["country"].where(~rows["acting"], rows["country"] + " (acting)")
    rows["start"] = rows["start_date"].map(when)
    rows["end"] = rows["end_date"].fillna(until).map(when)
    rows["start_label"] = rows["start_date"]
    # Korean names are written family name first; US and Japanese names family name last.
    words = rows["leader"].str.split()
    rows["family_name"] = words.str[0].where(rows["country"] == "Republic of Korea", words.str[-1])
    rows["end_label"] = rows["end_date"].fillna("in office when the data were compiled")
    return rows.sort_values(["country", "start"], kind="stable").reset_index(drop=True)


def in_office(spans: pd.DataFrame, date: str) -> pd.DataFrame:
    """The leaders in office on `date` (a successor counts from the handover day)."""
    day = when(date)
    start = spans["start_date"].map(when)  # not `start`, which a chart may have clipped
    on = spans[(start <= day) & (spans["open"] | (spans["end"] > day))]
    return on.assign(
        days_in=(day - start[on.index]).dt.days, days_left=(on["end"] - day).dt.days.where(~on["open"])
    )


def table_sentence(spans: pd.DataFrame, date: str) -> str:
    """Who held office on `date`, how long they had served and how long they had left."""
    on = in_office(spans, date)
    if on.empty:
        return f"No leader in the table was in office on {date}."
    order = {c: i for i, c in enumerate(COUNTRY_CODES)}
    on = on.assign(_o=on["country"].map(order)).sort_values(["_o", "acting"], kind="stable")
    acting_in = set(on.loc[on["acting"], "country"])
    parts = []
    for r in on.itertuples():
        left = (
            "still in office when the data were compiled"
            if pd.isna(r.days_left)
            else f"left office {int(r.days_left)} days later"
        )
        if r.acting:
            who = f"{r.leader} (acting president)"
        elif r.country in acting_in:
            who = f"{r.leader} ({r.office}, powers suspended)"
        else:
            who = f"{r.leader} ({r.office})"
        parts.append(f"{r.country}: {who}, {int(r.days_in)} days in office, {left}")
    return f"On {date}: " + "; ".join(parts) + "."
