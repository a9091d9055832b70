"""Lesson 06 explorers: a two-theatre scenario model and its sensitivity (tornado) view."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import pandas as pd

from course.charts import scenario
from course.charts.display import interactive
from course.lesson import StaticTable
from course.material.citations import readable_notes
from course.model import dual_contingency as model
from course.widgets.base import Explorer, esc, html_table, notice

GROUPS = {
    "Forces": ["us_forces", "us_share_taiwan", "japan", "south_korea"],
    "Trilateral coordination (the commentary's three measures)": [
        "joint_planning",
        "combined_exercises",
        "command_mechanism",
    ],
    "Adversary and rules": [
        "attacker_taiwan",
        "attacker_korea",
        "adversary_coordination",
        "coordination_effect",
        "threshold",
    ],
}


def assumption_specs() -> dict[str, dict]:
    """The inputs' defaults, slider ranges and reasoning (the model reads them from YAML)."""
    return model.SPECS


def assumptions_table() -> StaticTable:
    """Every default of the model with the reasoning behind it (a table for the lesson)."""
    defaults = model.Assumptions()
    specs = assumption_specs()
    frame = pd.DataFrame(
        [
            {
                "assumption": model.LABELS[n],
                "default": f"{getattr(defaults, n):g}",
                "range": f"{specs[n]['min']:g}–{specs[n]['max']:g}",
                "why this default": readable_notes(" ".join(specs[n]["reasoning"].split())),
            }
            for n in model.names()
        ]
    )
    return StaticTable(frame, "The model's assumptions: defaults and the reasoning behind each")


def _slider(name: str, value: float) -> widgets.FloatSlider:
    spec = assumption_specs()[name]
    return widgets.FloatSlider(
        value=value,
        min=spec["min"],
        max=spec["max"],
        step=spec["step"],
        description=model.LABELS[name],
        continuous_update=False,
        readout_format=".2f" if spec["step"] < 0.1 else ".1f",
        style={"description_width": "330px"},
        layout={"width": "100%", "max_width": "640px"},
    )


class ScenarioExplorer(Explorer):
    """Sliders for every assumption, the two theatres' balances, verdicts and a reset."""

    def __init__(self, assumptions: model.Assumptions | None = None):
        start = assumptions or model.Assumptions()
        self.sliders = {n: _slider(n, getattr(start, n)) for n in model.names()}
        self.reset_button = widgets.Button(
            description="Reset to defaults",
            icon="undo",
            tooltip="Put every slider back to its default assumption",
        )
        self.reset_button.on_click(lambda _b: self.reset())
        self.coordination_note = widgets.HTML()
        self.verdict_box = widgets.HTML()
        self._listeners: list[Callable[[model.Assumptions], None]] = []
        first = model.results_frame(model.Assumptions()).to_dict("records")
        self.chart = interactive(
            scenario.balance_chart(model.THEATRE_NAMES, first, model.Assumptions().threshold)
        )
        sections = []
        for title, keys in GROUPS.items():
            sections += [widgets.HTML(f"<strong>{esc(title)}</strong>")] + [self.sliders[k] for k in keys]
        for s in self.sliders.values():
            s.observe(self._update, names="value")
        super().__init__(
            [widgets.VBox(sections), self.coordination_note, self.reset_button, self.chart, self.verdict_box]
        )
        self.add_class("course-explorer")
        self._update()

    @property
    def assumptions(self) -> model.Assumptions:
        return model.Assumptions(**{n: float(s.value) for n, s in self.sliders.items()})

    def on_change(self, callback: Callable[[model.Assumptions], None]) -> None:
        """Call `callback(assumptions)` after every change (the sensitivity view uses this)."""
        self._listeners.append(callback)

    def reset(self) -> None:
        defaults = model.Assumptions()
        with self.hold_trait_notifications():
            for n, s in self.sliders.items():
                s.unobserve(self._update, names="value")
                s.value = getattr(defaults, n)
                s.observe(self._update, names="value")
        self._update()

    def set(self, **values: float) -> None:
        """Set several sliders at once (one redraw)."""
        for n, v in values.items():
            self.sliders[n].unobserve(self._update, names="value")
            self.sliders[n].value = v
            self.sliders[n].observe(self._update, names="value")
        self._update()

    def results(self) -> dict[str, model.TheatreResult]:
        return model.evaluate(self.assumptions)

    def _update(self, _change: dict | None = None) -> None:
        a = self.assumptions
        self.coordination_note.value = (
            f"<p>Trilateral coordination used by the model (mean of the three measures): "
            f"<strong>{a.coordination:.2f}</strong></p>"
        )
        try:
            results = model.evaluate(a)
        except model.ModelError as err:
            self.verdict_box.value = notice(str(err))
            return
        rows = [
            {"theatre": r.theatre, "balance": r.balance, "deterred": r.deterred} for r in results.values()
        ]
        with self.chart.hold_sync() if hasattr(self.chart, "hold_sync") else _null():
            self.chart.params.threshold = float(a.threshold)
            self.chart.params.theatres = scenario.theatre_params(rows)
        self.verdict_box.value = "".join(
            f'<p class="course-verdict" role="status"><strong>{esc(r.name)}.</strong> '
            f"{esc(r.verdict.split(': ', 1)[1])}</p>"
            for r in results.values()
        )
        for callback in self._listeners:
            callback(a)

    def describe(self) -> str:
        return "Dual-contingency model. " + " ".join(model.verdicts(self.assumptions))


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class SensitivityExplorer(Explorer):
    """A ±X% control, a tornado chart over every assumption, and the list of flips in text."""

    def __init__(self, source: ScenarioExplorer | None = None, pct: float = 25.0):
        self.source = source
        self.pct = widgets.IntSlider(
            value=int(pct),
            min=5,
            max=100,
            step=5,
            description="Vary each assumption by ± (%)",
            continuous_update=False,
            style={"description_width": "230px"},
            layout={"width": "100%", "max_width": "520px"},
        )
        self.rows = scenario.skeleton(model.LABELS, model.THEATRE_NAMES)
        self.order = list(
            zip(self.rows["assumption"], self.rows["direction"], self.rows["theatre"], strict=False)
        )
        self.frame = model.sensitivity(self.assumptions, self.pct.value)
        self.chart = interactive(
            scenario.tornado_chart(
                self.rows, scenario.sensitivity_params(self.frame, self.order), self.pct.value
            )
        )
        self.listing = widgets.HTML()
        self.pct.observe(self._update, names="value")
        if source is not None:
            source.on_change(lambda _a: self._update())
        super().__init__([self.pct, self.chart, self.listing])
        self.add_class("course-explorer")
        self._update()

    @property
    def assumptions(self) -> model.Assumptions:
        return self.source.assumptions if self.source is not None else model.Assumptions()

    def _update(self, _change: dict | None = None) -> None:
        try:
            self.frame = model.sensitivity(self.assumptions, self.pct.value)
        except model.ModelError as err:
            self.listing.value = notice(str(err))
            return
        self.chart.params.pct = float(self.pct.value)
        self.chart.params.sens = scenario.sensitivity_params(self.frame, self.order)
        flips = model.flips(self.frame)
        if flips.empty:
            self.listing.value = notice(
                f"No single assumption moved by ±{self.pct.value}% flips either verdict: "
                f"the conclusions are robust to changes of this size."
            )
            return
        self.listing.value = html_table(
            ["Theatre", "Assumption", "Moved", "New value", "Balance", "Verdict becomes"],
            [
                (
                    r.theatre_name,
                    r.label,
                    ("−" if r.direction == "low" else "+")
                    + f"{self.pct.value}%"
                    + (" (capped at 1)" if r.clipped else ""),
                    f"{r.value:.3g}",
                    f"{r.base_balance:.2f} → {r.balance:.2f}",
                    r.flip_to,
                )
                for r in flips.itertuples()
            ],
            caption=f"Variations of ±{self.pct.value}% that flip a verdict, largest effect first",
        )

    def describe(self) -> str:
        flips = model.flips(self.frame)
        head = f"Sensitivity at ±{self.pct.value}%: "
        if flips.empty:
            return head + "no single assumption flips either verdict."
        parts = [
            f"{r.label} {'−' if r.direction == 'low' else '+'}{self.pct.value}% flips "
            f"{r.theatre_name} to {r.flip_to}"
            for r in flips.itertuples()
        ]
        return head + "; ".join(parts) + "."


def scenario_explorer() -> ScenarioExplorer:
    """The lesson 06 scenario explorer, starting from the default assumptions."""
    return ScenarioExplorer()


def sensitivity_explorer(source: ScenarioExplorer | None = None, pct: float = 25.0) -> SensitivityExplorer:
    """The tornado view; pass the scenario explorer to follow its sliders."""
    return SensitivityExplorer(source, pct)
