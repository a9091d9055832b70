"""Lesson 07 explorers: build a policy package, weigh it, compare it with the Entente, write a memo.

The scores are the module's sourced judgements (course/content/policy_options.yaml: each
with a reason and a source); the weights are the student's, who can start from three
presets (equal, the commentaries' priorities, a sceptic's). Levels and weights are saved with the student's work (`journal.bind`),
and the memo is a Markdown download rebuilt on every change.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import altair as alt
import ipywidgets as widgets
import pandas as pd

from course import journal
from course.charts.display import interactive
from course.charts.tracker import count_bars
from course.core import palette
from course.material import data
from course.model import policy
from course.widgets.base import Explorer, esc, html_table, notice

LESSON = policy.LESSON
MEMO_NAME = "policy-memo.md"
SIGN = {+1: "+", -1: "−"}
# Axis labels: the sign says whether a criterion counts for (+) or against (−) the package.
AXIS = {c: f"{label} ({SIGN[d]})" for c, (label, d) in policy.CRITERIA.items()}


def _level_param(key: str) -> str:
    return f"level_{key}"


def package_chart(
    options: tuple[policy.Recommendation, ...], package: dict[str, int], weights: dict[str, float]
) -> alt.LayerChart:
    """Bars of the package's total per criterion (0-12), drawn from every option's scores.

    The chosen level of each recommendation lives in a Vega param (`level_<key>`), so a new
    choice only re-filters in the browser. Criterion is shown by position, axis label and
    the value written at each bar's end, as well as colour.
    """
    rows = [
        {"rec": r.key, "level": lev.index, "criterion": AXIS[c], "count": s.value}
        for r in options
        for lev in r.levels
        for c, s in lev.scores.items()
    ]
    counts = pd.DataFrame(rows)
    order = [AXIS[c] for c in policy.CRITERIA]
    colour = alt.Scale(domain=order, range=[palette.colour("policy_criterion", c) for c in policy.CRITERIA])
    params = [alt.param(name=_level_param(r.key), value=int(package[r.key])) for r in options]
    chosen = " : ".join(f"datum.rec == '{r.key}' ? {_level_param(r.key)}" for r in options[:-1])
    where = f"datum.level == ({chosen} : {_level_param(options[-1].key)})"
    top = policy.MAX_SCORE * len(options)
    chart = count_bars(
        counts,
        category="criterion",
        order=order,
        colour=colour,
        title="Your package, criterion by criterion",
        subtitle=f"Sum of the chosen options' scores (0–{top}); (+) counts for the package, (−) against it. "
        "Scores are judgements; see their reasons and sources below.",
        description=(
            "Horizontal bar chart of the chosen policy package's total score on six "
            f"criteria, each from 0 to {top}: deterrence value, cost, acceptability in "
            "Washington, Tokyo and Seoul, and escalation risk. Each bar is labelled with its "
            "value; the table below lists the chosen options' scores, reasons and sources."
        ),
        category_title="Criterion",
        count_title=f"Total score (0–{top}, sum of four options)",
        noun=f"of {top} points",
        params=params,
        where=where,
        count_domain=[0, top],
    )
    return chart


class PackageBuilder(Explorer):
    """One level per recommendation, a weight per criterion, the scores and the Entente's precedent."""

    def __init__(self, package: dict[str, int] | None = None, weights: dict[str, float] | None = None):
        self.options = policy.load()
        self.recs = policy.by_key(self.options)
        package = {r.key: 0 for r in self.options} | dict(package or {})
        weights = dict(policy.DEFAULT_WEIGHTS) | dict(weights or {})
        policy.check_package(package, self.options)
        policy.check_weights(weights)
        self.level = {
            r.key: widgets.ToggleButtons(
                options=[(f"{lev.index} · {lev.label}", lev.index) for lev in r.levels],
                value=package[r.key],
                description=r.title,
                tooltips=[lev.description for lev in r.levels],
                style={"description_width": "190px", "button_width": "auto"},
            )
            for r in self.options
        }
        self.meaning = {r.key: widgets.HTML() for r in self.options}
        self.weight = {
            c: widgets.FloatSlider(
                value=weights[c],
                min=0,
                max=3,
                step=0.5,
                readout_format=".1f",
                description=f"{label} ({SIGN[d]})",
                continuous_update=False,
                style={"description_width": "220px"},
                layout={"width": "460px"},
            )
            for c, (label, d) in policy.CRITERIA.items()
        }
        self.presets = {
            name: widgets.Button(
                description=policy.PRESET_LABELS[name],
                tooltip=policy.PRESET_REASONS[name],
                layout={"width": "auto"},
            )
            for name in policy.PRESETS
        }
        for name, button in self.presets.items():
            button.on_click(lambda _b, name=name: self.use_preset(name))
        self.preset_line = widgets.HTML()
        self.preset_table = widgets.HTML(self._preset_table())
        self.chart = interactive(package_chart(self.options, package, weights))
        self.overall_line = widgets.HTML()
        self.entente_table = widgets.HTML()
        self.reasons = widgets.HTML()
        self._listeners: list[Callable[[], None]] = []
        for r in self.options:  # choices and weights are saved with the student's work
            self.until_closed(
                journal.bind(self.level[r.key], LESSON, f"policy/{r.key}", f"Your level for: {r.title}").close
            )
            self.level[r.key].observe(self._update, names="value")
        for c, (label, _) in policy.CRITERIA.items():
            self.until_closed(
                journal.bind(self.weight[c], LESSON, f"weight/{c}", f"Your weight for: {label}").close
            )
            self.weight[c].observe(self._update, names="value")
        choices = widgets.VBox([widgets.VBox([self.level[r.key], self.meaning[r.key]]) for r in self.options])
        sliders = widgets.VBox(
            [
                widgets.HTML("<h4>Your scoring rule: a weight per criterion (0 = ignore)</h4>"),
                widgets.HTML("<p>Start from someone's priorities, then change any weight:</p>"),
                widgets.HBox(list(self.presets.values()), layout={"flex_flow": "row wrap"}),
                self.preset_line,
                *self.weight.values(),
            ]
        )
        super().__init__(
            [
                widgets.HTML("<h4>Your package: one level per recommendation</h4>"),
                choices,
                sliders,
                self.chart,
                self.overall_line,
                self.reasons,
                self.preset_table,
                self.entente_table,
            ]
        )
        self.add_class("course-explorer")
        self._update()

    # -- state
    def package(self) -> dict[str, int]:
        return {k: int(box.value) for k, box in self.level.items()}

    def weights(self) -> dict[str, float]:
        return {c: float(s.value) for c, s in self.weight.items()}

    def scores(self) -> pd.DataFrame:
        return policy.score(self.package(), self.weights(), self.options)

    def preset(self) -> str | None:
        """The preset the current weights match, or None for the student's own."""
        weights = self.weights()
        return next((n for n, w in policy.PRESETS.items() if w == weights), None)

    def use_preset(self, name: str) -> None:
        """Set every weight slider to a preset's weights (one redraw per changed slider)."""
        for c, w in policy.PRESETS[name].items():
            self.weight[c].value = w

    @staticmethod
    def _preset_table() -> str:
        rows = []
        for name, (value, packages) in policy.preset_leaders().items():
            weights = ", ".join(
                f"{policy.CRITERIA[c][0].lower()} {w:g}" for c, w in policy.PRESETS[name].items()
            )
            best = policy.describe_tied(packages)
            rows.append((policy.PRESET_LABELS[name], weights, best, f"{value:+.1f}"))
        return html_table(
            ["Preset", "Weights", "Best package(s) under these weights", "Overall"],
            rows,
            caption="Which package leads under each preset ('or' marks options that tie)",
        )

    def on_change(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback` after every change (the memo uses this); returns the call that
        ends it."""
        self._listeners.append(callback)
        return lambda: callback in self._listeners and self._listeners.remove(callback)

    # -- views
    def _entente_rows(self) -> list[tuple]:
        rows = []
        for r in self.options:
            lev = self.recs[r.key].level(self.package()[r.key])
            choice = f"{lev.index} · {lev.label}"
            if not r.entente:
                rows.append((r.title, choice, "—", "No comparable step in the data", "—", "—", r.contrast))
            for step in r.entente:
                rows.append(
                    (
                        r.title,
                        choice,
                        step.date,
                        step.title,
                        "—" if step.level is None else step.level,
                        step.source_id,
                        r.contrast,
                    )
                )
        return rows

    def _update(self, _change: dict | None = None) -> None:
        package = self.package()
        for r in self.options:
            setattr(self.chart.params, _level_param(r.key), package[r.key])
            lev = r.level(package[r.key])
            meaning = f"<strong>{esc(lev.label)}.</strong> {esc(lev.description)}"
            self.meaning[r.key].value = f"<p class='course-option'>{meaning}</p>"
        preset = self.preset()
        self.preset_line.value = (
            f"<p role='status'>Weights now: <strong>{esc(policy.PRESET_LABELS[preset])}</strong>. "
            f"{esc(policy.PRESET_REASONS[preset])}</p>"
            if preset
            else "<p role='status'>Weights now: <strong>your own</strong>.</p>"
        )
        table = self.scores()
        value = policy.overall(table)
        shown = "no overall score" if value is None else f"{value:+.1f}"
        self.overall_line.value = (
            f"<p role='status'><strong>Overall: {esc(shown)}.</strong> {esc(policy.verdict(table))}</p>"
        )
        self.entente_table.value = html_table(
            [
                "Recommendation",
                "Your choice",
                "Entente date",
                "What the Entente did",
                "Ladder level",
                "Source",
                "Then and now",
            ],
            self._entente_rows(),
            caption="The Entente's comparable step for each recommendation",
        )
        reasons = [
            (r.title, f"{lev.index} · {lev.label}", policy.CRITERIA[c][0], s.value, s.why, s.source_id)
            for r in self.options
            for lev in [r.level(package[r.key])]
            for c, s in lev.scores.items()
        ]
        self.reasons.value = (
            "<details class='course-reasons' open><summary>Why these scores? The module's judgement "
            "of each chosen option, with its reason and source</summary>"
            + html_table(
                ["Recommendation", "Your choice", "Criterion", "Score (0–3)", "Reason", "Source"],
                reasons,
                caption="Scores of your chosen options: judgements resting on the source named, not measurements",
            )
            + "</details>"
        )
        for callback in list(self._listeners):
            callback()

    def describe(self) -> str:
        package, weights = self.package(), self.weights()
        parts = [
            f"{r.title.lower()} {package[r.key]} ({r.level(package[r.key]).label})" for r in self.options
        ]
        wts = ", ".join(f"{policy.CRITERIA[c][0].lower()} {w:g}" for c, w in weights.items())
        totals = policy.totals(self.scores())
        tots = ", ".join(f"{policy.CRITERIA[c][0].lower()} {t}" for c, t in totals.items())
        preset = self.preset()
        named = f" ({policy.PRESET_LABELS[preset].lower()})" if preset else ""
        return (
            f"Policy package: {'; '.join(parts)}. Totals: {tots}. Weights{named}: {wts}. "
            f"{policy.verdict(self.scores())}"
        )


# ---------------------------------------------------------------- the memo


def _cell(text: object) -> str:
    """A Markdown table cell: HTML-escaped, pipes and line breaks neutralised."""
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def memo_markdown(
    options: tuple[policy.Recommendation, ...],
    package: dict[str, int],
    weights: dict[str, float],
    recommendation: str | None,
) -> str:
    """A one-page Markdown memo. Student text is HTML-escaped (Markdown viewers render HTML)."""
    table = policy.score(package, weights, options)
    top = int(table["maximum"].iloc[0])
    out = [
        "# Policy memo: designing an entente",
        "",
        "*Lesson 07 · Designing an entente. Option scores (0–3) are the module's judgements, "
        "each with a reason and a source; the weights and the recommendation are mine.*",
        "",
        "## The package",
        "",
        "| Recommendation | Level chosen | What it means | The Entente's comparable step |",
        "|---|---|---|---|",
    ]
    keys = ["commentary_modern_entente"]
    for r in options:
        lev = r.level(package[r.key])
        steps = "; ".join(f"{s.date}: {s.title} [{s.source_id}]" for s in r.entente)
        then = f"{steps}. Where it differs: {r.contrast}" if steps else r.contrast
        keys += [s.source_id for s in r.entente]
        keys += [s.source_id for s in lev.scores.values()]
        out.append(
            f"| {_cell(r.title)} | {lev.index} · {_cell(lev.label)} | {_cell(lev.description)} "
            f"| {_cell(then)} |"
        )
    out += [
        "",
        "## Scores",
        "",
        f"| Criterion | Counts | Total (0–{top}) | Weight | Contribution |",
        "|---|---|---|---|---|",
    ]
    for row in table[table["criterion"] != "overall"].itertuples():
        contribution = "—" if pd.isna(row.contribution) else f"{row.contribution:+.2f}"
        out.append(
            f"| {_cell(row.label)} | {'for' if row.direction > 0 else 'against'} | {int(row.total)} "
            f"| {row.weight:g} | {contribution} |"
        )
    out += [
        "",
        f"**Overall.** {_cell(policy.verdict(table))}",
        "",
        "Rule: overall = Σ (sign × weight × total) / Σ weight, where deterrence and acceptability "
        "count for the package (+) and cost and escalation risk against it (−).",
        "",
        "## My recommendation",
        "",
    ]
    text = html.escape((recommendation or "").strip(), quote=False)
    out += (
        ["> " + line if line else ">" for line in text.splitlines()]
        if text
        else ['*(Not written yet: answer "Your recommendation" in the lesson.)*']
    )
    out += ["", "## Sources", ""]
    bib = data.load("sources").set_index("source_id")
    for key in dict.fromkeys(keys):
        row = bib.loc[key]
        parts = [p for p in (row["author"], row["publisher"]) if isinstance(p, str) and p]
        url = row["url"] if isinstance(row["url"], str) else "no public URL"
        out.append(
            f"- [{key}] {_cell(', '.join(parts))}. “{_cell(row['title'])}”. "
            f"{row['date'] if isinstance(row['date'], str) else 'undated'}. {url}"
        )
    return "\n".join(out) + "\n"


class PolicyMemo(Explorer):
    """The memo as a download link, rebuilt whenever the package or the recommendation changes."""

    def __init__(self, builder: PackageBuilder):
        self.builder = builder
        self.journal = journal.current()
        self.link = widgets.HTML()
        self.preview = widgets.HTML()
        super().__init__([self.link, self.preview])
        self.add_class("course-explorer")
        self.until_closed(builder.on_change(self.refresh))
        self.until_closed(self.journal.subscribe(self.refresh))
        self.refresh()

    def recommendation(self) -> str:
        return journal.as_text(self.journal.get(LESSON, "recommendation", ""))

    def markdown(self) -> str:
        return memo_markdown(
            self.builder.options, self.builder.package(), self.builder.weights(), self.recommendation()
        )

    def refresh(self) -> None:
        href = journal.data_uri(self.markdown(), "text/markdown")
        self.link.value = (
            f'<p class="course-download"><a download="{MEMO_NAME}" href="{href}">'
            "Download your policy memo (Markdown)</a></p>"
        )
        text = self.recommendation().strip()
        self.preview.value = (
            notice("Your recommendation is not written yet: the memo will say so.")
            if not text
            else "<p><strong>Your recommendation, as the memo gives it:</strong></p>"
            f"<blockquote style='white-space: pre-wrap'>{esc(text)}</blockquote>"
        )

    def describe(self) -> str:
        package = self.builder.package()
        levels = ", ".join(f"{k} {v}" for k, v in package.items())
        written = "written" if self.recommendation().strip() else "not written yet"
        return (
            f"Policy memo ({MEMO_NAME}, Markdown download): package {levels}; your recommendation {written}."
        )


def package_builder(
    package: dict[str, int] | None = None, weights: dict[str, float] | None = None
) -> PackageBuilder:
    """Lesson 07: choose a level per recommendation and a weight per criterion; see the scores."""
    return PackageBuilder(package, weights)


def policy_memo(builder: PackageBuilder) -> PolicyMemo:
    """Lesson 07: the one-page memo of a builder's package, as a download link."""
    return PolicyMemo(builder)
