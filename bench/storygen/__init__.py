"""A generator of realistic story bundles of any size, for benchmarks and tests.

`generate(n, seed=...)` is the text of a valid bundle (story-bundle/1): n paragraphs, n events,
n/4 quotes and n/10 actors (at least one of each). The text reads like a wire story about
fighting around invented towns: sentences of several words, names with aliases, direct,
reported and scare quotes, and events dated in many EDTF forms (days, months, years, date-times
with and without a zone, approximate and uncertain dates, seasons, unspecified digits, closed,
open and unknown-ended intervals), listed in chronological order.

Every source link is checked the way the loader checks it: its `exact` occurs exactly once in
its paragraph, or `prefix`/`suffix` pick out the one place meant. The output depends only on n
and the seed. `variants` makes the same bundle with planted problems (one warning, one late
error, errors spread through it) for the benchmark's goals.
"""

from bench.storygen.parts import counts
from bench.storygen.variants import SPREAD_ERRORS, VARIANTS, variant
from bench.storygen.writer import DEFAULT_SEED, generate

__all__ = ["DEFAULT_SEED", "SPREAD_ERRORS", "VARIANTS", "counts", "generate", "variant"]
