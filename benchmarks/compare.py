"""Benchmark helpers.compare.match_quotes against a naive all-pairs difflib baseline.

Generates two sets of articles with 10,000 quotations each (words drawn from
the corpus vocabulary, sentence lengths and speaker popularity skewed like
real reporting, ~200 speakers), plants identical, truncated and reworded
copies of some set-A quotes in set B, and prints a Markdown table with the
median time and peak traced memory over three runs, plus the recall of the
planted pairs. The baseline compares every pair of a 300 (set A) × 300 (set B) sample with
``difflib.SequenceMatcher`` and is extrapolated, per pair, to the
(2 × 10,000)² / 2 pairs that an all-pairs search of both sets would score.

Run from the repository root::

    python benchmarks/compare.py            # full size
    python benchmarks/compare.py --n 2000   # quicker
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import statistics
import time
import tracemalloc
from collections.abc import Callable

import pandas as pd

from helpers.compare import match_quotes, normalise_quote
from helpers.corpus import load_articles

SEED = 20250516
N_SPEAKERS = 200
QUOTES_PER_ARTICLE = 20


def vocabulary() -> tuple[list[str], list[list[str]]]:
    """Words and sentences of the cleaned corpus."""
    text = " ".join(load_articles()["text"])
    sentences = [s.split() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 4]
    words = [w for s in sentences for w in s]
    return words, sentences


def make_quote(rng: random.Random, words: list[str], sentences: list[list[str]]) -> str:
    """A quote shaped like a corpus sentence, its words partly resampled from the vocabulary."""
    template = rng.choice(sentences)
    length = min(len(template), max(1, int(rng.lognormvariate(2.4, 0.7))))
    start = rng.randrange(0, len(template) - length + 1)
    out = [w if rng.random() < 0.4 else rng.choice(words) for w in template[start : start + length]]
    return " ".join(out)


def reword(rng: random.Random, quote: str, words: list[str]) -> str:
    """Insert one or two words, as a second translation might."""
    ws = quote.split()
    for _ in range(1 if len(ws) < 12 else 2):
        ws.insert(rng.randrange(1, len(ws)), rng.choice(["also", "indeed", "then", "really", "now"]))
    return " ".join(ws)


def generate(n: int, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (quotes, planted) with n quotes in each of two sets of articles."""
    rng = random.Random(seed)
    words, sentences = vocabulary()
    speakers = [f"Speaker {k:03d}" for k in range(N_SPEAKERS)]
    weights = [1 / (k + 1) for k in range(N_SPEAKERS)]  # a few speakers are quoted a lot
    rows = []
    for side in "AB":
        for k in range(n):
            rows.append(
                {
                    "article_id": f"{side}{k // QUOTES_PER_ARTICLE:05d}",
                    "speaker": rng.choices(speakers, weights)[0],
                    "quote": make_quote(rng, words, sentences),
                    "kind": "speech" if rng.random() < 0.9 else "scare",
                }
            )
    quotes = pd.DataFrame(rows)
    # plant copies of set-A quotes over set-B rows: same speaker, new wording
    planted = []
    a_rows = quotes.index[(quotes["article_id"].str[0] == "A") & (quotes["kind"] == "speech")]
    b_rows = quotes.index[quotes["article_id"].str[0] == "B"]
    candidates = [i for i in a_rows if len(quotes.at[i, "quote"].split()) >= 8]
    for relation, count in (("identical", n // 100), ("truncated", n // 100), ("reworded", n // 100)):
        for i, j in zip(rng.sample(candidates, count), rng.sample(list(b_rows), count), strict=True):
            text = quotes.at[i, "quote"]
            if relation == "identical":
                new = "“" + text.upper() + ",”"
            elif relation == "truncated":
                ws = text.split()
                cut = rng.randrange(5, len(ws))
                new = " ".join(ws[len(ws) - cut :] if rng.random() < 0.5 else ws[:cut]) + " …"
            else:
                new = reword(rng, text, words)
            quotes.loc[j, ["speaker", "quote", "kind"]] = [quotes.at[i, "speaker"], new, "speech"]
            planted.append((i, j, relation))
    quotes["quote_id"] = [f"{a}-q{n:06d}" for n, a in enumerate(quotes["article_id"])]
    planted_df = pd.DataFrame(planted, columns=["i", "j", "relation"]).assign(
        quote_id_a=lambda df: quotes.loc[df["i"], "quote_id"].to_numpy(),
        quote_id_b=lambda df: quotes.loc[df["j"], "quote_id"].to_numpy(),
    )
    planted_df = planted_df.drop_duplicates(
        "quote_id_b", keep="last"
    )  # a row overwritten twice keeps the last
    return quotes, planted_df


def naive(left: pd.DataFrame, right: pd.DataFrame, cutoff: float = 0.8) -> list[tuple[str, str]]:
    """Every left × right pair: difflib ratio on normalised text, then same speaker."""
    found = []
    right_rows = [
        (normalise_quote(q), s, i)
        for q, s, i in right[["quote", "speaker", "quote_id"]].itertuples(index=False)
    ]
    for quote, speaker, quote_id in left[["quote", "speaker", "quote_id"]].itertuples(index=False):
        norm = normalise_quote(quote)
        for other, other_speaker, other_id in right_rows:
            if difflib.SequenceMatcher(None, norm, other).ratio() >= cutoff and speaker == other_speaker:
                found.append((quote_id, other_id))
    return found


def measure(function: Callable[[], object], runs: int = 3) -> tuple[float, float, object]:
    """Median wall time (s) of ``runs`` plain runs, and peak traced memory (MiB) of one more run.

    Memory is traced in a separate run because tracemalloc slows Python down.
    """
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak, result


def recall(matches: pd.DataFrame, planted: pd.DataFrame) -> pd.DataFrame:
    pairs = zip(matches["quote_id_a"], matches["quote_id_b"], strict=True)
    found = {frozenset(p): r for p, r in zip(pairs, matches["relation"], strict=True)}
    got = planted.assign(
        found=[
            frozenset((a, b)) in found
            for a, b in zip(planted["quote_id_a"], planted["quote_id_b"], strict=True)
        ],
        same_relation=[
            found.get(frozenset((a, b))) == r
            for a, b, r in planted[["quote_id_a", "quote_id_b", "relation"]].itertuples(index=False)
        ],
    )
    return got.groupby("relation").agg(
        planted=("found", "size"), found=("found", "sum"), right_relation=("same_relation", "sum")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="quotes per set of articles (default 10,000)")
    parser.add_argument(
        "--sample", type=int, default=300, help="quotes per set in the naive sample (default 300)"
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    quotes, planted = generate(args.n)
    t_fast, m_fast, matches = measure(lambda: match_quotes(quotes), args.runs)
    left, right = (quotes.loc[quotes["article_id"].str[0] == s].head(args.sample) for s in "AB")
    t_naive, m_naive, _ = measure(lambda: naive(left, right), args.runs)
    # match_quotes looks at every pair of the 2n quotes in different articles: ~ (2n)^2 / 2 pairs
    scale = (2 * args.n) ** 2 / 2 / args.sample**2
    rec = recall(matches, planted)

    print(
        f"{2 * args.n:,} quotes ({args.n:,} per set), {quotes['speaker'].nunique()} speakers, "
        f"{len(matches):,} matched pairs, median of {args.runs} runs, one core.\n"
    )
    print("| method | quotes compared | time (s) | peak memory (MiB) |")
    print("|---|---|---:|---:|")
    print(
        f"| `match_quotes` (rapidfuzz cdist, speaker blocks) | {2 * args.n:,} | {t_fast:.2f} | {m_fast:.0f} |"
    )
    print(
        f"| naive all-pairs difflib, measured | {args.sample:,} × {args.sample:,} pairs "
        f"| {t_naive:.2f} | {m_naive:.1f} |"
    )
    print(
        f"| naive all-pairs difflib, extrapolated (×{scale:,.0f}) | {2 * args.n:,} (all pairs) | "
        f"{t_naive * scale:,.0f} (≈{t_naive * scale / 3600:.1f} h) | — |"
    )
    print("\n| planted relation | planted | found | found with the right relation |")
    print("|---|---:|---:|---:|")
    for relation, row in rec.iterrows():
        print(f"| {relation} | {row['planted']} | {row['found']} | {row['right_relation']} |")
    planted_pairs = {frozenset(p) for p in zip(planted["quote_id_a"], planted["quote_id_b"], strict=True)}
    extra = matches.loc[
        [
            frozenset(p) not in planted_pairs
            for p in zip(matches["quote_id_a"], matches["quote_id_b"], strict=True)
        ]
    ]
    total = rec.sum()
    print(
        f"| **all** | {total['planted']} | {total['found']} ({total['found'] / total['planted']:.1%}) | "
        f"{total['right_relation']} |"
    )
    by_relation = ", ".join(f"{k} {v}" for k, v in extra["relation"].value_counts().sort_index().items())
    print(
        f"\nPairs found that were not planted (chance matches in the generated text): {len(extra)}"
        + (f" ({by_relation})" if len(extra) else "")
        + "."
    )


if __name__ == "__main__":
    main()
