"""The review at scale (issue 15): the 20,000-paragraph bundle with 20,000 history records.

    .venv/bin/python bench/review_history.py            # 20,000 paragraphs and records, 3 rounds
    .venv/bin/python bench/review_history.py --quick    # 2,000 of each, 1 round

Each figure is printed beside a baseline measured in the same run (rounds interleaved,
medians), with the goal:

first frame with the history
    the app on the bundle whose review log holds the history, against the same bundle with
    no review at all (as run.py measures it: spawn to the last byte of the first burst that
    shows a known text, here the timeline's title). Goal: <= 1.2x. The app reads the review
    right after its first frame, so this is also given:
review shown
    spawn to the last byte of the burst that shows the review's progress in the header
    ("N/M reviewed"), against the same on the bundle with no review.
mark key, saved and shown
    `v` and `x` alternately on the focused timeline (each one a change appended to the log,
    flushed to disk, the row, the header and the source pane redrawn) against `j`, the
    cursor move, in the same app on the bundle without the history ("today's screen"), key
    to last byte as run.py measures it. Goal: < 1.0x.
in process
    opening the review (read every line, fold every change) against parsing the same lines
    with one `json.loads`; one saved mark (`ReviewSession.set_mark`) against a bare append of
    one line with fsync.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `bench` as a package

from bench.storygen import generate
from bench.terminal import (
    APP,
    BYTECODE_CACHE,
    FRAME_QUIET,
    KEY_QUIET,
    NARROW,
    first_frame,
    press,
    spawned,
)
from tui.model.entities import Bundle, EntryType
from tui.model.load import load_bundle
from tui.review.changes import Change, Op, new_id
from tui.review.marks import Mark, format_time, utc_now
from tui.review.paths import review_paths
from tui.review.session import ReviewSession

REVIEWERS = ("ana", "bea", "cy", "dov", "eli", "fay")
SHOWN = re.compile(rb"\d/[0-9,]+ reviewed")  # the header's progress, once the review is read


def write_history(bundle: Bundle, log: Path, records: int, seed: int = 15) -> None:
    """`records` changes by several reviewers over the bundle's events: marks, clears and
    notes (with edits), as a busy desk would leave them, written as the log holds them."""
    rnd = random.Random(seed)
    events = list(bundle.events)
    start = utc_now().timestamp() - records
    lines = [json.dumps({"format": "baghouz-review/2", "story": bundle.story.id}).encode()
             + b"\n"]
    for number in range(records):
        entry = rnd.choice(events)
        who = rnd.choice(REVIEWERS)
        at = format_time(datetime.fromtimestamp(start + number, UTC))
        roll = rnd.random()
        if roll < 0.7:
            change = Change(new_id(), entry.id, EntryType.EVENT, Op.MARK, who, at,
                            entry.fingerprint(), rnd.choice(list(Mark)))
        elif roll < 0.75:
            change = Change(new_id(), entry.id, EntryType.EVENT, Op.CLEAR, who, at,
                            entry.fingerprint())
        else:
            change = Change(new_id(), entry.id, EntryType.EVENT, Op.NOTE, who, at,
                            entry.fingerprint(), None, f"{who}-{entry.id}",
                            f"Checked against the wire copy, paragraph {number % 97}.")
        lines.append(change.line())
    log.write_bytes(b"".join(lines))


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def in_process(bundle: Bundle, log: Path, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"open": [], "parse": [], "mark": [], "append": []}
    story = bundle.story.id
    for _ in range(rounds):
        started = time.perf_counter()
        session = ReviewSession.open(log, story, reviewer="bench", read_only=True)
        times["open"].append(time.perf_counter() - started)
        assert len(session.state.seen) > 0
        data = log.read_bytes()
        started = time.perf_counter()
        json.loads(b"[" + b",".join(data.splitlines()) + b"]")
        times["parse"].append(time.perf_counter() - started)
    scratch = log.with_name("scratch.review.jsonl")
    shutil.copyfile(log, scratch)
    session = ReviewSession.open(scratch, story, reviewer="bench")
    entry = bundle.events[len(bundle.events) // 2]
    line = Change(new_id(), entry.id, EntryType.EVENT, Op.MARK, "bench", format_time(utc_now()),
                  "f", Mark.VERIFIED).line()
    for index in range(rounds * 20):
        started = time.perf_counter()
        session.set_mark(entry, Mark.VERIFIED if index % 2 else Mark.DISPUTED)
        times["mark"].append(time.perf_counter() - started)
        started = time.perf_counter()
        fd = os.open(scratch.with_suffix(".bare"), os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        times["append"].append(time.perf_counter() - started)
    return times


def app_round(bundle_file: Path, marker: str, keys: int, home: Path, mark: bool
              ) -> tuple[float, float, list[float]]:
    """One run of the app: its first frame, the review shown, then `keys` key latencies
    (marks or moves)."""
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    argv = [*APP, "--reviewer", "bench", str(bundle_file)]
    with spawned(argv, NARROW) as pty:
        frame = first_frame(pty, marker)
        shown = frame
        if not SHOWN.search(pty.output):
            deadline = time.perf_counter() + 60
            while not SHOWN.search(pty.output) and time.perf_counter() < deadline:
                pty.read(0.05)
            last, _ = pty.wait_quiet(FRAME_QUIET)
            shown = (last or time.perf_counter()) - pty.spawned
        latencies = []
        for index in range(keys):
            key = (b"v" if index % 2 == 0 else b"x") if mark else b"j"
            latencies.append(press(pty, key, KEY_QUIET)[0])
    return frame, shown, latencies


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 of each, 1 round")
    parser.add_argument("--rounds", type=int, help="rounds of the app (default 3, quick 1)")
    options = parser.parse_args(argv)
    size, rounds, keys = (2000, 1, 10) if options.quick else (20000, 3, 20)
    rounds = options.rounds or rounds
    with tempfile.TemporaryDirectory(prefix="baghouz-review-bench-") as tmp:
        folder = Path(tmp)
        BYTECODE_CACHE.append(folder / "pycache")
        plain = folder / "plain" / "story.toml"
        busy = folder / "busy" / "story.toml"
        for path in (plain, busy):
            path.parent.mkdir()
        plain.write_text(generate(size), encoding="utf-8")
        shutil.copyfile(plain, busy)
        bundle, _ = load_bundle(busy)
        log = review_paths(busy).shared
        assert log is not None
        write_history(bundle, log, size)
        # The timeline's title: the header's headline is cut short at 80 columns once the
        # review's progress needs the room.
        marker = "1 Timeline"
        print(f"bundle: {size:,} paragraphs, {len(bundle.events):,} events; review log: "
              f"{size:,} changes, {log.stat().st_size / 1e6:.1f} MB", flush=True)

        measured: dict[str, list[float]] = {"frame plain": [], "frame history": [],
                                            "shown plain": [], "shown history": [],
                                            "cursor": [], "mark": []}
        app_round(plain, marker, 0, folder, mark=False)  # warm-up: fill the bytecode cache
        for _ in range(rounds):
            for name, path, is_mark in (("plain", plain, False), ("history", busy, True)):
                frame, shown, latencies = app_round(path, marker, keys, folder, mark=is_mark)
                measured[f"frame {name}"].append(frame)
                measured[f"shown {name}"].append(shown)
                measured["mark" if is_mark else "cursor"].extend(latencies)
        inside = in_process(bundle, log, rounds)

    def row(what: str, value: float, base: float, base_name: str, goal: str) -> None:
        print(f"{what:<34} {value * 1000:9.1f} ms   {base_name:<28} {base * 1000:9.1f} ms"
              f"   {value / base:5.2f}x   {goal}")

    med: Callable[[str], float] = lambda name: median(measured[name])  # noqa: E731
    print(f"{'':<34} {'':>12}   {'baseline':<28} {'':>12}   ratio   goal")
    row("first frame, with the history", med("frame history"), med("frame plain"),
        "no review", "<= 1.20x")
    row("review shown, with the history", med("shown history"), med("shown plain"),
        "no review", "")
    row("mark key, saved and shown", med("mark"), med("cursor"), "cursor key (j)", "< 1.00x")
    row("open the review (in process)", median(inside["open"]), median(inside["parse"]),
        "one json.loads of the lines", "")
    row("one mark saved (in process)", median(inside["mark"]), median(inside["append"]),
        "bare append + fsync", "")
    print("\nevery round (ms):")
    for name, values in measured.items():
        if not name.startswith(("cursor", "mark")):
            print(f"  {name:<14} " + " ".join(f"{value * 1000:7.0f}" for value in values))
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
