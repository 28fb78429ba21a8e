"""Measure the app against its speed goals (a benchmark, not a test).

    .venv/bin/python bench/run.py            # the full run: a 20,000-paragraph bundle, 3 rounds
    .venv/bin/python bench/run.py --quick    # a 2,000-paragraph bundle, 1 round (about 1 min)

The machine is noisy, so every figure is printed beside a baseline measured in the same run,
rounds of the app and its baselines are interleaved, and each figure is the median of its runs.

The app runs for real, in a pseudo-terminal (TERM=xterm-256color, no COLORTERM, so Textual
writes 256 colours), and the figures come from what it writes to the terminal:

first frame
    from spawning the process to the last byte of the first burst of output that contains a
    known text (the story's headline; for the hello-world baseline, its one line of text), a
    burst ending when the output has been quiet for FRAME_QUIET seconds (the quiet gap itself
    is not counted). Same definition for the app and the baseline. The large bundle's first
    frame is also measured with one warning in it (an event out of date order), against the
    clean one, in the same rounds.
cursor key latency
    from writing `j` (cursor down in the focused timeline) to the last byte written before the
    output has been quiet for KEY_QUIET seconds (the gap is not counted, nothing else is
    subtracted); median over the key presses of all rounds, at 80x24 and 160x48, against the
    shipped story at the same size. The bytes read after a key are the bytes per cursor move.
search
    `/` opens the search line, then the whole query is written at once (a fast typist; the app
    searches after each character); the figure runs from writing the query to the last byte of
    the first burst of output that shows the first hit, recognised by the heading the source
    view gives its paragraph ("¶ p123 · "), chosen in-process beforehand so that it is not on
    the screen yet. Then the query is cleared and typed again one character at a time, each let
    settle, for the latency of a single search keystroke.
peak RSS
    VmHWM of the app process from /proc/PID/status, read just before quitting with `q`.
check
    `tui.model.load.check_file(path)` (what `check` runs for each file: every problem
    `load_bundle` finds, without building the bundle) in this process against the fastest bare
    parse of the same file (read, decode and the compiled `tomli.loads`, with the garbage
    collector on and off, whichever is faster: check_file turns it off while it checks), for
    the clean bundle and its variants (bench.storygen.variants): one warning, one error near
    the end, 100 errors spread through it; the best of 5 interleaved runs each (other work on
    the machine only ever adds time, so the best runs are the least disturbed); and as
    processes:
    `baghouz-tui check PATH` against `python -c "...tomli.loads(...)"` (medians).

Every child process is killed (its whole process group) if anything goes wrong. How `check`
grows with crafted inputs is bench/linear.py's.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import shlex
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tomli  # noqa: E402

from bench.report import MB, Row, median, print_table, timed  # noqa: E402
from bench.storygen import generate, variant  # noqa: E402
from bench.terminal import (  # noqa: E402
    APP,
    BYTECODE_CACHE,
    FRAME_QUIET,
    HELLO_APP,
    HELLO_TEXT,
    KEY_QUIET,
    NARROW,
    SEARCH_QUIET,
    TOMLI_ONLY,
    WIDE,
    SearchPlan,
    Session,
    child_env,
    kill_all,
    on_signal,
    run_session,
)
from tui.model.content import shipped_bundle_path  # noqa: E402
from tui.model.entities import Actor, Bundle, Event, Quote  # noqa: E402
from tui.model.load import check_file, load_bundle  # noqa: E402
from tui.model.search import SearchIndex  # noqa: E402

# The large bundle as generated, and with problems planted (bench.storygen.variants).
CHECKED = {
    "clean": "clean",
    "warning": "one warning",
    "late-error": "one error near the end",
    "spread-errors": "100 errors spread",
}


SHIPPED_QUERIES = ("Baghouz", "Trump", "caliphate", "Ryan")  # tried in turn (plan_search)


def plan_search(bundle: Bundle, candidates: Sequence[str], keys: int = 0) -> SearchPlan:
    """The first candidate whose first hit is an entry from a paragraph not on screen when
    the search starts, after `keys` cursor moves down the timeline (the detail pane then
    shows the sources of the event the cursor is on: a heading already on screen might not
    be sent again)."""
    index = SearchIndex(bundle)
    shown: set[str] = set()
    if bundle.events:
        last = bundle.events[min(keys, len(bundle.events) - 1)]
        shown.update(link.paragraph for link in last.sources)
    every: list[Event | Actor | Quote] = [*bundle.events, *bundle.actors, *bundle.quotes]
    entries = {e.id: e for e in every}
    for query in candidates:
        hits = index.find(query)
        entry = entries.get(hits[0].id) if hits else None
        if entry is not None and entry.sources and entry.sources[0].paragraph not in shown:
            return SearchPlan(query, len(hits), f"¶ {entry.sources[0].paragraph} · ")
    raise RuntimeError(f"no usable search query among {list(candidates)[:10]}")


def search_in_process(
    bundle: Bundle, query: str
) -> tuple[list[float], list[float], list[float]]:
    """Seconds to build the SearchIndex, to find the first hit, and to find every hit."""
    index_times = [timed(lambda: SearchIndex(bundle)) for _ in range(3)]
    index = SearchIndex(bundle)
    find_one = [timed(lambda: index.find(query, limit=1)) for _ in range(5)]
    find_all = [timed(lambda: index.find(query)) for _ in range(5)]
    return index_times, find_one, find_all


def bare_parse(path: Path, *, collect: bool) -> object:
    """What the `check` baseline does: read, decode, the compiled tomli.loads."""
    if collect:
        return tomli.loads(path.read_bytes().decode("utf-8"))
    gc.disable()
    try:
        return tomli.loads(path.read_bytes().decode("utf-8"))
    finally:
        gc.enable()


def check_load(path: Path) -> None:
    """What `baghouz-tui check` does with a file it can read."""
    check_file(path)


def run_process(argv: Sequence[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, env=child_env(), capture_output=True, timeout=300)
    return time.perf_counter() - start


# --- main ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Measure first frame, key latency, search, memory, output bytes and check.",
    )
    parser.add_argument("--quick", action="store_true", help="2,000 paragraphs, 1 round")
    parser.add_argument("--size", type=int, help="paragraphs in the generated bundle")
    parser.add_argument("--rounds", type=int, help="app sessions per configuration")
    parser.add_argument("--keys", type=int, help="cursor keys per session")
    parser.add_argument("--no-wide", action="store_true", help="skip the 160x48 sessions")
    options = parser.parse_args(argv)
    size = options.size or (2_000 if options.quick else 20_000)
    rounds = options.rounds or (1 if options.quick else 3)
    keys = options.keys or (10 if options.quick else 30)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    command = ".venv/bin/python bench/run.py" + (" --quick" if options.quick else "")
    extra = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--quick"]
    print(f"Reproduce: cd {shlex.quote(str(ROOT))} && {command} {shlex.join(extra)}".rstrip())
    load = os.getloadavg()
    print(
        f"{_revision()}; python {platform.python_version()} ({sys.executable}); "
        f"{os.cpu_count()} CPUs, load {load[0]:.2f}; bundle {size:,} paragraphs, "
        f"{rounds} round(s) of {keys} keys, {3 * rounds} more first frames"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="baghouz-bench-") as tmp:
            return _run(Path(tmp), size, rounds, keys, not options.no_wide)
    finally:
        kill_all()


def _revision() -> str:
    """The commit measured, and whether the work tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "tui"], cwd=ROOT,
                               check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "commit unknown"
    return f"commit {head}" + (" + uncommitted changes in tui/" if dirty else "")


def _run(tmp: Path, size: int, rounds: int, keys: int, wide: bool) -> int:
    frame_rounds = 3 * rounds
    python = sys.executable
    shipped = shipped_bundle_path()
    start = time.perf_counter()
    text = generate(size)
    files = {name: tmp / f"generated-{size}-{name}.toml" for name in CHECKED}
    for name, path in files.items():
        path.write_text(variant(text, name), encoding="utf-8")
    big, warned = files["clean"], files["warning"]
    print(
        f"generated {big.name}: {big.stat().st_size / MB:.1f} MB and its variants "
        f"in {time.perf_counter() - start:.2f} s"
    )
    hello = tmp / "hello_app.py"
    hello.write_text(HELLO_APP, encoding="utf-8")
    small_bundle, _ = load_bundle(shipped)
    small_headline = small_bundle.story.headline
    BYTECODE_CACHE.append(tmp / "pycache")
    print("warming up (filling the bytecode cache) ...", file=sys.stderr, flush=True)
    run_session([python, str(hello)], NARROW, HELLO_TEXT)
    run_session(APP, NARROW, small_headline[:40])
    run_process([*APP, "check", str(shipped)])
    run_process([python, "-c", TOMLI_ONLY, str(shipped)])

    # --- check, in this process and as processes ------------------------------------------
    checks: dict[str, dict[str, list[float]]] = {
        name: {"load": [], "parse": [], "parse_no_gc": []} for name in files
    }
    for _ in range(max(rounds, 5)):
        for name, path in files.items():
            runs = checks[name]
            runs["parse"].append(timed(partial(bare_parse, path, collect=True)))
            # check_file parses with the collector off; so may the baseline, when quicker.
            runs["parse_no_gc"].append(timed(partial(bare_parse, path, collect=False)))
            runs["load"].append(timed(partial(check_load, path)))
    tomli_process: list[float] = []
    check_process: list[float] = []
    for _ in range(rounds):
        tomli_process.append(run_process([python, "-c", TOMLI_ONLY, str(big)]))
        check_process.append(run_process([*APP, "check", str(big)]))

    # --- in-process search --------------------------------------------------------------
    bundle, _ = load_bundle(big)
    surnames = [a.name.split()[-1] for a in bundle.actors if a.kind == "person"]
    big_search = plan_search(bundle, surnames, keys)
    small_search = plan_search(small_bundle, SHIPPED_QUERIES, keys)
    index_times, find_one, find_all = search_in_process(bundle, big_search.query)
    headline = bundle.story.headline
    del bundle
    gc.collect()

    # --- the app in a terminal ------------------------------------------------------------
    sessions: dict[str, list[Session]] = {
        name: [] for name in ("hello", "shipped", "big", "big-frame", "warned-frame", "wide",
                              "shipped-wide")
    }
    # First frames are short and noisy: more rounds of them, each kind in turn.
    for _ in range(frame_rounds):
        sessions["hello"].append(run_session([python, str(hello)], NARROW, HELLO_TEXT))
        sessions["shipped"].append(run_session(APP, NARROW, small_headline[:40]))
        sessions["big-frame"].append(run_session([*APP, str(big)], NARROW, headline[:40]))
        sessions["warned-frame"].append(run_session([*APP, str(warned)], NARROW, headline[:40]))
    for number in range(rounds):
        print(f"round {number + 1}/{rounds} ...", file=sys.stderr, flush=True)
        sessions["shipped"].append(
            run_session(APP, NARROW, small_headline[:40], keys, small_search)
        )
        sessions["big"].append(
            run_session([*APP, str(big)], NARROW, headline[:40], keys, big_search)
        )
        if wide:
            sessions["shipped-wide"].append(run_session(APP, WIDE, small_headline[:40], keys))
            sessions["wide"].append(run_session([*APP, str(big)], WIDE, headline[:40], keys))

    rows = _rows(sessions, checks, size, tomli_process, check_process, find_one, find_all)
    print()
    print_table(rows)
    print()
    _details(sessions, checks, big_search, small_search, index_times, find_all)
    return 0


def _rows(
    sessions: dict[str, list[Session]],
    checks: dict[str, dict[str, list[float]]],
    size: int,
    tomli_process: list[float],
    check_process: list[float],
    find_one: list[float],
    find_all: list[float],
) -> list[Row]:
    def each(name: str, get: Callable[[Session], float | None]) -> float:
        return median([v for s in sessions[name] if (v := get(s)) is not None])

    def keys_of(name: str) -> float:
        return median([k for s in sessions[name] for k in s.keys])

    def bytes_of(name: str) -> float:
        return median([b for s in sessions[name] for b in s.key_bytes])

    def ratio_row(figure: str, value: float, base_name: str, base: float, limit: float) -> Row:
        return Row(figure, value, "s", base_name, base, f"<= {limit}x", value <= base * limit)

    big = f"{size // 1000}k" if size >= 1000 else str(size)
    hello_frame = each("hello", lambda s: s.first_frame)
    shipped_frame = each("shipped", lambda s: s.first_frame)
    big_frame = each("big-frame", lambda s: s.first_frame)
    rows = [ratio_row("first frame, shipped story (80x24)", shipped_frame, "hello world",
                      hello_frame, 1.3)]
    for name, label in CHECKED.items():
        runs = checks[name]
        # The best run of each: on a shared machine other work only ever adds time, and in
        # one process the best runs are those it did not.
        bare = min(runs["parse"] + runs["parse_no_gc"])
        rows.append(ratio_row(f"check in-process, {big} {label}", min(runs["load"]),
                              "tomli.loads", bare, 1.5))
    rows += [
        Row("check process (baghouz-tui check)", median(check_process), "s",
            "python -c tomli.loads", median(tomli_process), "(info)"),
        Row(f"first frame, {big} bundle (80x24)", big_frame, "s", "shipped story",
            shipped_frame, "<= 5 s", big_frame <= 5),
        ratio_row(f"first frame, {big} with one warning (80x24)",
                  each("warned-frame", lambda s: s.first_frame), f"{big} clean", big_frame, 1.2),
        ratio_row(f"cursor key to last byte, {big} (80x24), median", keys_of("big"),
                  "shipped story", keys_of("shipped"), 1.1),
    ]
    if sessions["wide"]:
        rows.append(ratio_row(f"cursor key to last byte, {big} (160x48), median",
                              keys_of("wide"), "shipped, 160x48", keys_of("shipped-wide"), 1.1))
    big_search_time = each("big", lambda s: s.search)
    rows += [
        Row(f"search to first hit shown, {big} (80x24)", big_search_time, "s",
            "shipped story", each("shipped", lambda s: s.search), "<= 0.5 s",
            big_search_time <= 0.5),
        Row(f"search in-process find(limit=1), {big}", median(find_one), "s",
            "find() all hits", median(find_all), "(info)"),
        Row(f"peak RSS, {big} bundle", each("big", lambda s: s.peak_rss), "MB",
            "hello world", each("hello", lambda s: s.peak_rss), "<= 500 MB",
            each("big", lambda s: s.peak_rss) <= 500 * MB),
        Row("bytes per cursor move, shipped (80x24, 256 col)", bytes_of("shipped"),
            "B", "", None, "<= 1,500", bytes_of("shipped") <= 1500),
        Row(f"bytes per cursor move, {big} (80x24, 256 col)", bytes_of("big"),
            "B", "shipped story", bytes_of("shipped"), "<= 1,500", bytes_of("big") <= 1500),
    ]
    return rows


def _details(
    sessions: dict[str, list[Session]],
    checks: dict[str, dict[str, list[float]]],
    big_search: SearchPlan,
    small_search: SearchPlan,
    index_times: list[float],
    find_all: list[float],
) -> None:
    def ms(values: Sequence[float]) -> str:
        return ", ".join(f"{v * 1000:.0f}" for v in values) + " ms"

    out: list[str] = []
    for name, label in (("hello", "hello world"), ("shipped", "shipped story"),
                        ("big-frame", "generated bundle, first frames"),
                        ("warned-frame", "generated with one warning, first frames"),
                        ("big", "generated bundle, 80x24"), ("wide", "generated, 160x48"),
                        ("shipped-wide", "shipped story, 160x48")):
        runs = sessions[name]
        if not runs:
            continue
        out.append(f"{label}: first frames {ms([s.first_frame for s in runs])}; "
                   f"peak RSS {', '.join(f'{s.peak_rss / MB:.0f}' for s in runs)} MB")
        keys = sorted(k for s in runs for k in s.keys)
        if keys:
            byte_counts = sorted(b for s in runs for b in s.key_bytes)
            out.append(
                f"  keys: n={len(keys)} min {keys[0] * 1000:.0f} / median "
                f"{median(keys) * 1000:.0f} / p90 {keys[int(len(keys) * 0.9)] * 1000:.0f} / max "
                f"{keys[-1] * 1000:.0f} ms; bytes min {byte_counts[0]:,} / median "
                f"{median(byte_counts):,.0f} / max {byte_counts[-1]:,}"
            )
        searches = [s for s in runs if s.search is not None]
        if searches:
            plan = big_search if name == "big" else small_search
            typing = [k for s in searches for k in s.search_keys]
            out.append(
                f"  search {plan.query!r} ({plan.hits} hits): query to hit shown "
                f"{ms([s.search or 0 for s in searches])} "
                f"({', '.join(f'{s.search_bytes:,}' for s in searches)} B); typed one key at a "
                f"time: per key median {median(typing) * 1000:.0f} ms, "
                f"max {max(typing, default=0) * 1000:.0f} ms"
            )
        colours = {s.truecolor for s in runs}
        if True in colours or not all(s.colours_256 for s in runs):
            out.append("  WARNING: expected 256-colour output only (saw 24-bit colour codes)")
    for name, timings in checks.items():
        out.append(
            f"check in-process, {CHECKED[name]}: check_file {ms(timings['load'])}; tomli "
            f"{ms(timings['parse'])}; tomli with the garbage collector off "
            f"{ms(timings['parse_no_gc'])}"
            " (the figure is the best check_file run, the baseline the best tomli run)"
        )
    out.append(f"SearchIndex build {ms(index_times)}; find() all hits {ms(find_all)}")
    out.append(
        f"definitions: first frame = spawn to last byte before {FRAME_QUIET * 1000:.0f} ms of "
        f"quiet after the headline appeared; key = `j` to last byte before "
        f"{KEY_QUIET * 1000:.0f} ms of quiet; search = query written to last byte before "
        f"{SEARCH_QUIET * 1000:.0f} ms of quiet, once the first hit's paragraph is shown"
    )
    for line in out:
        print(textwrap.fill(line, 100, subsequent_indent="    "))


if __name__ == "__main__":
    sys.exit(main())
