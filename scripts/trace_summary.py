"""Summarise a Chromium performance trace of one page load: where the browser's main
thread spent the time until the page was drawn.

Used by `scripts/benchmark.py --profile`; run on its own on a saved trace:
    python scripts/trace_summary.py test-artifacts/trace-01_blocs.ipynb.json [--until MS]

The renderer's main thread runs one task at a time. Each trace event's *self* time (its
duration less that of the events nested in it) is put in one bucket: scripting (by the
script it belongs to), style and layout, paint, HTML parsing, or other. What is left of
the wall time is *idle*: the page was waiting for the network or the kernel.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

BUCKETS = {
    "style+layout": {"UpdateLayoutTree", "Layout", "RecalculateStyles", "InvalidateLayout", "HitTest"},
    "paint": {"Paint", "PaintImage", "CompositeLayers", "Commit", "PrePaint", "Layerize", "UpdateLayer"},
    "parse": {"ParseHTML", "ParseAuthorStyleSheet"},
    "script": {
        "EvaluateScript",
        "v8.compile",
        "v8.compileModule",
        "v8.evaluateModule",
        "FunctionCall",
        "TimerFire",
        "EventDispatch",
        "FireAnimationFrame",
        "RunMicrotasks",
        "v8.run",
        "V8.GCScavenger",
        "MajorGC",
        "MinorGC",
        "V8.GC_MC_BACKGROUND_EVACUATE_COPY",
        "XHRReadyStateChange",
        "XHRLoad",
        "v8.callFunction",
        "V8.Execute",
        "ScheduleStyleRecalculation",
    },
}


def main_thread(events: list[dict]) -> tuple[int, int]:
    """(pid, tid) of the page's renderer main thread: the CrRendererMain with most events."""
    mains = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"
    }
    counts = Counter((e["pid"], e["tid"]) for e in events if (e.get("pid"), e.get("tid")) in mains)
    return counts.most_common(1)[0][0]


def script_of(event: dict) -> str | None:
    data = event.get("args", {}).get("data", {}) or {}
    url = data.get("url") or data.get("scriptName") or event.get("args", {}).get("fileName")
    if not url and data.get("stackTrace"):
        url = data["stackTrace"][0].get("url")
    if not url:
        return None
    name = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or url
    return name[:60]


def summarise(trace: dict | list, until_ms: float | None = None) -> dict:
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    pid, tid = main_thread(events)
    mine = sorted(
        (
            e
            for e in events
            if e.get("pid") == pid and e.get("tid") == tid and e.get("ph") == "X" and "dur" in e
        ),
        key=lambda e: (e["ts"], -e["dur"]),
    )
    nav = [
        e["ts"] for e in events if e.get("name") in ("navigationStart", "fetchStart") and e.get("pid") == pid
    ]
    start = min(nav) if nav else mine[0]["ts"]
    end = start + until_ms * 1000 if until_ms else max(e["ts"] + e["dur"] for e in mine)
    buckets: Counter = Counter()
    scripts: Counter = Counter()
    tasks = []
    stack: list[tuple[dict, str | None]] = []
    for e in mine:
        if e["ts"] < start or e["ts"] >= end:
            continue
        while stack and stack[-1][0]["ts"] + stack[-1][0]["dur"] <= e["ts"]:
            stack.pop()
        if stack:
            parent = stack[-1][0]
            parent["_child"] = parent.get("_child", 0) + e["dur"]
        else:
            tasks.append(e)
        script = script_of(e) or (stack[-1][1] if stack else None)
        e["_script"] = script
        stack.append((e, script))
    for e in mine:
        if "_script" not in e:
            continue
        self_us = max(e["dur"] - e.get("_child", 0), 0)
        bucket = next((b for b, names in BUCKETS.items() if e["name"] in names), None)
        if bucket is None and e["_script"] and e["name"] not in ("RunTask", "ThreadControllerImpl::RunTask"):
            bucket = "script"
        if bucket is None:
            bucket = "other"
        buckets[bucket] += self_us
        if bucket == "script":
            scripts[e["_script"] or "(no script)"] += self_us
    busy = sum(t["dur"] for t in tasks)
    wall = end - start
    long_tasks = sorted(tasks, key=lambda t: -t["dur"])[:8]
    return {
        "wall_ms": wall / 1000,
        "busy_ms": busy / 1000,
        "idle_ms": (wall - busy) / 1000,
        "buckets_ms": {k: v / 1000 for k, v in buckets.most_common()},
        "scripts_ms": {k: v / 1000 for k, v in scripts.most_common(10)},
        "long_tasks_ms": [((t["ts"] - start) / 1000, t["dur"] / 1000) for t in long_tasks],
    }


# Parts of a page, in the order the tables show them, and what each holds.
OWNERS = {
    "Vega": "the charts' bundle (vega, vega-lite, vega-embed: jupyterchart.js)",
    "Voila": "voila.js and its chunks: the page, Lumino's layout, the widget manager's base",
    "ipywidgets": "@jupyter-widgets/jupyterlab-manager: the controls' models and views",
    "anywidget": "anywidget's runtime: each one-view widget's model and module loading",
    "course": "the course's template scripts and widget modules (course/widgets/static)",
    "other scripts": "the page's inline scripts and other extensions",
    "DOM calls": "browser built-ins called by scripts (appendChild, querySelector ...)",
    "engine": "the browser engine outside scripts: parsing, style, layout, paint",
    "GC": "garbage collection",
    "idle": "waiting for the network or the kernel",
}


def _owner(url: str) -> str:
    """Which part of the page a script belongs to, by its URL (a key of OWNERS)."""
    path = url.split("?")[0]
    if path.endswith("jupyterchart.js"):
        return "Vega"
    if "/labextensions/anywidget/" in path:
        return "anywidget"
    if "/labextensions/@jupyter-widgets/" in path:
        return "ipywidgets"
    if "/templates/course/" in path or path.startswith("blob:"):
        return "course"
    if "/voila/static/" in path:
        return "Voila"
    return "other scripts"


def summarise_cpu(profile: dict, until_ms: float | None = None) -> dict[str, float]:
    """Self time (ms) per part of the page (OWNERS) from a V8 CPU profile (Chromium's
    Profiler.stop), up to `until_ms` after the profile started."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    spent: Counter = Counter()
    t = 0.0
    native = {"(idle)": "idle", "(program)": "engine", "(garbage collector)": "GC"}
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=False):
        t += delta / 1000
        if until_ms is not None and t > until_ms:
            break
        frame = nodes[sample]["callFrame"]
        url, fn = frame.get("url", ""), frame.get("functionName", "")
        if fn in native:
            key = native[fn]
        elif not url:
            key = "DOM calls"
        else:
            key = _owner(url)
        spent[key] += delta / 1000
    return {k: spent.get(k, 0.0) for k in OWNERS}


def render_cpu(name: str, drawn_ms: float, spent: dict[str, float]) -> str:
    lines = [
        f"**{name}** (CPU profile of a traced load, drawn after {drawn_ms:.0f} ms)",
        "",
        "| part of the page | ms |",
        "|---|---|",
    ]
    lines += [f"| {k}: {OWNERS[k]} | {v:.0f} |" for k, v in spent.items()]
    return "\n".join(lines)


def render(name: str, s: dict) -> str:
    lines = [
        f"**{name}**: {s['wall_ms']:.0f} ms from navigation to drawn; main thread busy "
        f"{s['busy_ms']:.0f} ms, idle (waiting on network or kernel) {s['idle_ms']:.0f} ms.",
        "",
        "| where | ms |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v:.0f} |" for k, v in s["buckets_ms"].items()]
    lines += [f"| script: {k} | {v:.0f} |" for k, v in s["scripts_ms"].items()]
    lines += [
        "",
        "Longest tasks (start ms, duration ms): "
        + ", ".join(f"{a:.0f}/{b:.0f}" for a, b in s["long_tasks_ms"]),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trace", type=Path)
    parser.add_argument("--until", type=float, help="stop counting this many ms after navigation")
    args = parser.parse_args()
    print(render(args.trace.name, summarise(json.loads(args.trace.read_text()), args.until)))
