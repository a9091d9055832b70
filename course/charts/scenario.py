"""Charts for scenario models: two theatres' balances against a threshold, and a tornado.

Both charts draw from a fixed skeleton of rows and take their numbers from Vega params
(`theatres`, `threshold`, `sens`), so an explorer redraws them by setting params: the
browser recomputes, no new spec is sent. Pure builders: they take plain Python values.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from course.charts.base import FIT, accessible
from course.core import palette

THEATRE_KEYS = ("taiwan", "korea")
VERDICT_SHAPES = {"deterred": "circle", "not deterred": "cross"}
MAX_AXIS = 3.0  # bars longer than this are clamped to the axis end; their labels give the value


def theatre_params(results: Sequence[Mapping]) -> list[dict]:
    """The `theatres` param value: one small dict per theatre, in THEATRE_KEYS order."""
    by_key = {r["theatre"]: r for r in results}
    return [
        {"balance": round(float(by_key[k]["balance"]), 4), "deterred": bool(by_key[k]["deterred"])}
        for k in THEATRE_KEYS
    ]


def balance_chart(
    names: Mapping[str, str], results: Sequence[Mapping], threshold: float, *, width: int | str = FIT
) -> alt.LayerChart:
    """Horizontal bars: each theatre's defender-to-attacker balance, with the threshold as a
    labelled rule. The verdict is said by text and by marker shape, not by colour."""
    frame = pd.DataFrame(
        {
            "i": range(len(THEATRE_KEYS)),
            "theatre": list(THEATRE_KEYS),
            "theatre_name": [names[k] for k in THEATRE_KEYS],
        }
    )
    theatres = alt.param(name="theatres", value=theatre_params(results))
    thr = alt.param(name="threshold", value=float(threshold))
    base = (
        alt.Chart(frame)
        .transform_calculate(
            balance="theatres[datum.i].balance",
            verdict="theatres[datum.i].deterred ? 'deterred' : 'not deterred'",
        )
        .transform_calculate(
            shown=f"min(datum.balance, {MAX_AXIS})",
            label="format(datum.balance, '.2f') + ' — ' + datum.verdict",
            aria="datum.theatre_name + ': balance ' + format(datum.balance, '.2f') + ', ' + "
            "(datum.balance >= threshold ? 'at or above' : 'below') + ' the threshold of ' + "
            "format(threshold, '.2f') + ', ' + datum.verdict",
        )
    )
    x_scale = alt.Scale(domain=[0, MAX_AXIS], nice=False)
    y = alt.Y(
        "theatre_name:N",
        title="Theatre",
        sort=[names[k] for k in THEATRE_KEYS],
        axis=alt.Axis(labelLimit=200),
    )
    colour = alt.Color("theatre:N", legend=None, scale=palette.scale("theatre", list(THEATRE_KEYS)))
    verdicts = list(VERDICT_SHAPES)
    rule_data = alt.Chart(pd.DataFrame({"row": [0]})).transform_calculate(
        t="threshold",
        tlabel="'Threshold ' + format(threshold, '.2f')",
        aria="'Deterrence threshold: ' + format(threshold, '.2f')",
    )
    layers = [
        base.mark_bar(height=26, stroke="#222222", strokeWidth=0.6).encode(
            x=alt.X(
                "shown:Q", title="Balance: effective defenders ÷ effective attackers (ratio)", scale=x_scale
            ),
            y=y,
            color=colour,
            description=alt.Description("aria:N"),
            tooltip=[
                alt.Tooltip("theatre_name:N", title="Theatre"),
                alt.Tooltip("balance:Q", title="Balance", format=".2f"),
                alt.Tooltip("verdict:N", title="Verdict"),
            ],
        ),
        base.mark_point(filled=True, size=150, stroke="#222222", strokeWidth=1, color="#222222").encode(
            x=alt.X("shown:Q", scale=x_scale),
            y=y,
            shape=alt.Shape(
                "verdict:N",
                title="Verdict",
                scale=alt.Scale(domain=verdicts, range=[VERDICT_SHAPES[v] for v in verdicts]),
            ),
            description=alt.Description("aria:N"),
        ),
        base.mark_text(align="left", dx=12, fontSize=13, fontWeight="bold", color="#222222").encode(
            x=alt.X("shown:Q", scale=x_scale), y=y, text="label:N", description=alt.Description("aria:N")
        ),
        rule_data.mark_rule(color="#222222", strokeDash=[6, 4], strokeWidth=2).encode(
            x=alt.X("t:Q", scale=x_scale), description=alt.Description("aria:N")
        ),
        rule_data.mark_text(
            align="left", dx=4, dy=-6, fontSize=12, color="#222222", baseline="bottom"
        ).encode(
            x=alt.X("t:Q", scale=x_scale),
            y=alt.value(0),
            text="tlabel:N",
            description=alt.Description("aria:N"),
        ),
    ]
    chart = alt.layer(*layers).add_params(theatres, thr).properties(width=width, height=alt.Step(60))
    return accessible(
        chart,
        title="Can each theatre be held? Balance against the deterrence threshold",
        subtitle=[
            "A thinking tool, not a forecast: every number is an assumption you can change.",
            f"Bars past {MAX_AXIS:g} are cut at the axis end; the label gives the value.",
        ],
        description=(
            "Bar chart of the two theatres of a dual contingency, the Taiwan Strait and the "
            "Korean Peninsula: each bar is the model's ratio of effective defending to "
            "effective attacking force; a dashed vertical rule marks the deterrence "
            "threshold; a label and marker shape say whether deterrence holds. The "
            "sentences below the chart repeat the verdicts."
        ),
    )


def sensitivity_params(frame: pd.DataFrame, order: Sequence[tuple[str, str, str]]) -> list[dict]:
    """The `sens` param value: one dict per (assumption, direction, theatre) in `order`."""
    rows = frame.set_index(["assumption", "direction", "theatre"])
    out = []
    for key in order:
        r = rows.loc[key]
        out.append(
            {
                "delta": round(float(r["delta"]), 4),
                "balance": round(float(r["balance"]), 4),
                "base": round(float(r["base_balance"]), 4),
                "value": round(float(r["value"]), 4),
                "rank": int(r["rank"]),
                "flip": str(r["flip_to"]),
                "clipped": bool(r["clipped"]),
            }
        )
    return out


def skeleton(labels: Mapping[str, str], names: Mapping[str, str]) -> pd.DataFrame:
    """One row per (assumption, direction, theatre): the fixed rows a tornado chart draws."""
    rows = [
        {"assumption": a, "label": labels[a], "direction": d, "theatre": t, "theatre_name": names[t]}
        for a in labels
        for d in ("low", "high")
        for t in THEATRE_KEYS
    ]
    frame = pd.DataFrame(rows)
    frame.insert(0, "i", range(len(frame)))
    return frame


def tornado_chart(
    rows: pd.DataFrame, sens: Sequence[Mapping], pct: float, *, width: int = 64
) -> alt.VConcatChart:
    """For each theatre, how far each assumption moves the balance when it is lowered or
    raised by `pct` per cent, largest first. Variations that flip a verdict carry a
    diamond marker (a shape, not a colour); the table under the chart names each flip in
    words. A text label beside the bars made each panel wider than a phone's output area."""
    sens_param = alt.param(name="sens", value=list(sens))
    pct_param = alt.param(name="pct", value=float(pct))
    directions = ["low", "high"]
    panels = []
    for theatre in THEATRE_KEYS:
        part = rows[rows["theatre"] == theatre]
        name = part["theatre_name"].iloc[0]
        base = (
            alt.Chart(part)
            .transform_calculate(
                delta="sens[datum.i].delta",
                rank="sens[datum.i].rank",
                flip="sens[datum.i].flip",
                balance="sens[datum.i].balance",
                before="sens[datum.i].base",
                value="sens[datum.i].value",
                zero="0",
                dir_label="datum.direction == 'low' ? '−' + pct + '%' : '+' + pct + '%'",
            )
            .transform_calculate(
                aria="datum.theatre_name + ', ' + datum.label + ' ' + datum.dir_label + ' (to ' + "
                "format(datum.value, '.3~g') + '): balance ' + format(datum.before, '.2f') + ' → ' + "
                "format(datum.balance, '.2f') + (datum.flip == '' ? ', verdict unchanged' : "
                "', verdict flips to ' + datum.flip)",
            )
        )
        y = alt.Y(
            "label:N",
            title=None,
            sort=alt.EncodingSortField(field="rank", op="min"),
            # Whole names on two or three short lines: a phone has no room for one long line.
            axis=alt.Axis(labelLimit=150, labelExpr="wrapped[datum.label] || datum.label"),
        )
        y_off = alt.YOffset("direction:N", sort=directions, scale=alt.Scale(domain=directions))
        colour = alt.Color(
            "direction:N",
            title="Assumption moved",
            scale=alt.Scale(domain=directions, range=[palette.colour("variation", d) for d in directions]),
            legend=alt.Legend(
                labelExpr="datum.label == 'low' ? 'lower by ' + pct + '%' : 'higher by ' + pct + '%'",
                orient="bottom",
            ),
        )
        # the panel's title names the theatre: a longer axis title widens the panel past a phone
        x = alt.X("zero:Q", title="Change in balance", axis=alt.Axis(tickCount=4, labelOverlap=True))
        flipped = base.transform_filter("datum.flip != ''")
        layers = [
            alt.Chart(pd.DataFrame({"zero": [0]}))
            .mark_rule(color="#222222")
            .encode(x="zero:Q", description=alt.value("No change")),
            base.mark_bar(height=9).encode(
                x=x,
                x2="delta:Q",
                y=y,
                yOffset=y_off,
                color=colour,
                description=alt.Description("aria:N"),
                tooltip=[
                    alt.Tooltip("label:N", title="Assumption"),
                    alt.Tooltip("dir_label:N", title="Moved by"),
                    alt.Tooltip("value:Q", title="New value", format=".3~g"),
                    alt.Tooltip("before:Q", title="Balance before", format=".2f"),
                    alt.Tooltip("balance:Q", title="Balance after", format=".2f"),
                    alt.Tooltip("flip:N", title="Verdict flips to"),
                ],
            ),
            flipped.mark_point(shape="diamond", filled=True, size=90, color="#222222").encode(
                x="delta:Q", y=y, yOffset=y_off, description=alt.Description("aria:N")
            ),
        ]
        panels.append(alt.layer(*layers).properties(width=width, height=alt.Step(27), title=name))
    # Stacked, each panel with its own labels: side by side they needed 800 px, a phone has 360.
    wrapped = alt.param(
        name="wrapped", value={label: textwrap.wrap(label, 22) for label in rows["label"].unique()}
    )
    chart = alt.vconcat(*panels).add_params(sens_param, pct_param, wrapped).resolve_scale(x="independent")
    return accessible(
        chart,
        title="Which assumptions change the conclusion most?",
        subtitle=[
            (
                "Each input moved down and up by the chosen percentage, one at a time; "
                "largest effect at the top."
            ),
            "A diamond marks a change that turns a verdict round; the table below names each.",
        ],
        description=(
            "Tornado chart in two panels, Taiwan Strait and Korean Peninsula: for each "
            "assumption of the dual-contingency model, two bars show how much the theatre's "
            "balance changes when that assumption is lowered or raised by the chosen "
            "percentage. Variations that flip the verdict are marked with a diamond and "
            "labelled. The table below lists every flip in text."
        ),
    )
