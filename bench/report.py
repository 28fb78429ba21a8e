"""The benchmark's table: each figure beside its baseline, the ratio and the goal."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MB = 1024 * 1024


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@dataclass
class Row:
    figure: str
    value: float
    unit: str
    baseline_name: str = ""
    baseline: float | None = None
    goal: str = ""
    passed: bool | None = None


def _show(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MB":
        return f"{value / MB:.0f} MB"
    if unit == "B":
        return f"{value:,.0f} B"
    return f"{value:.2f} {unit}"


def print_table(rows: list[Row]) -> None:
    header = ("figure", "value", "baseline", "ratio", "goal", "result")
    lines = [header]
    for row in rows:
        baseline = ""
        ratio = ""
        if row.baseline is not None:
            baseline = f"{_show(row.baseline, row.unit)} ({row.baseline_name})"
            ratio = f"{row.value / row.baseline:.2f}x" if row.baseline else "—"
        result = "" if row.passed is None else ("pass" if row.passed else "FAIL")
        lines.append((row.figure, _show(row.value, row.unit), baseline, ratio, row.goal, result))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    rule = "-+-".join("-" * w for w in widths)
    for number, line in enumerate(lines):
        print(" | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
        if number == 0:
            print(rule)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


