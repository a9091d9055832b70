"""A filter stated once, evaluated twice: in the browser by Vega and in Python by pandas.

An explorer's chart keeps the rows its controls choose by a Vega expression over Vega
params (a fast redraw: no new spec), and the table beside it keeps the same rows with a
pandas mask. Written by hand, the two drift apart. Here each filter is a small value
(`OneOf`, `Between`, `EqualsUnless`, combined with `AllOf`) from which both are derived:
`vega()` gives the expression, `mask(frame, values)` the rows, and `values` is the one dict
of param values that the explorer also sends to its chart.

Pure: imports pandas only (no altair, no widgets).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class OneOf:
    """Rows whose `column` is one of the values in the list param `param`."""

    column: str
    param: str

    def vega(self) -> str:
        return f"indexof({self.param}, datum.{self.column}) >= 0"

    def mask(self, frame: pd.DataFrame, values: Mapping[str, Any]) -> pd.Series:
        return frame[self.column].isin(list(values[self.param]))


@dataclass(frozen=True)
class Between:
    """Rows whose `column` lies from param `low` to param `high`, both ends included."""

    column: str
    low: str
    high: str

    def vega(self) -> str:
        return f"datum.{self.column} >= {self.low} && datum.{self.column} <= {self.high}"

    def mask(self, frame: pd.DataFrame, values: Mapping[str, Any]) -> pd.Series:
        return frame[self.column].between(values[self.low], values[self.high])


@dataclass(frozen=True)
class EqualsUnless:
    """Rows whose `column` equals param `param`, or every row while it holds `everything`."""

    column: str
    param: str
    everything: str

    def vega(self) -> str:
        return f"({self.param} == '{self.everything}' || datum.{self.column} == {self.param})"

    def mask(self, frame: pd.DataFrame, values: Mapping[str, Any]) -> pd.Series:
        if values[self.param] == self.everything:
            return pd.Series(True, index=frame.index)
        return frame[self.column] == values[self.param]


@dataclass(frozen=True)
class AllOf:
    """Rows that pass every one of `parts`."""

    parts: tuple[OneOf | Between | EqualsUnless, ...]

    def vega(self) -> str:
        return " && ".join(part.vega() for part in self.parts)

    def mask(self, frame: pd.DataFrame, values: Mapping[str, Any]) -> pd.Series:
        keep = pd.Series(True, index=frame.index)
        for part in self.parts:
            keep &= part.mask(frame, values)
        return keep


def all_of(*parts: OneOf | Between | EqualsUnless) -> AllOf:
    return AllOf(tuple(parts))
