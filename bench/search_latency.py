"""make bench-search: FAQ search latency at 1k, 10k and 100k questions, per backend.

Each size gets a fresh database (SQLite file; a scratch PostgreSQL database when one is
reachable), the demo content plus generated Q&A pairs, and the index built in bulk. Then the
real search path (search.engine.search_site, as the FAQ view calls it) runs every query of
the relevance set, typos included, several times; p50 and p95 are reported per size.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.scratch import scratch_postgres  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
TARGET_P95_MS = 20.0
FUNCTION_WORDS_BY_FREQUENCY = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "is",
    "it",
    "you",
    "that",
    "he",
    "was",
    "for",
    "on",
    "are",
    "with",
    "as",
    "i",
    "his",
    "they",
    "be",
    "at",
    "one",
    "have",
    "this",
    "from",
    "or",
    "had",
    "by",
    "not",
    "but",
    "what",
    "some",
    "we",
    "can",
    "out",
    "other",
    "were",
    "all",
    "there",
    "when",
    "up",
    "use",
    "your",
    "how",
    "said",
    "an",
    "each",
    "she",
    "which",
    "do",
    "their",
    "if",
    "will",
    "way",
    "about",
    "many",
    "then",
    "them",
    "would",
    "so",
    "these",
]
FUNCTION_WORDS = set(FUNCTION_WORDS_BY_FREQUENCY)


def syllable_words(rng, count):
    """Pronounceable made-up words: a long tail of vocabulary like real text has."""
    onsets, vowels, codas = (
        [
            "b",
            "br",
            "c",
            "d",
            "f",
            "g",
            "h",
            "k",
            "l",
            "m",
            "n",
            "p",
            "pr",
            "r",
            "s",
            "st",
            "t",
            "tr",
            "v",
            "w",
        ],
        "aeiou",
        "nrslt",
    )
    words = set()
    while len(words) < count:
        n = rng.choice((2, 2, 3))
        words.add(
            "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(n)) + rng.choice(codas)
        )
    return sorted(words)


def generate(total):
    import django

    django.setup()
    from django.db import transaction

    from faq.models import Question, Topic
    from search.indexing import rebuild_index

    rng = random.Random(7)
    demo_words = set()
    for q in Question.objects.all():
        demo_words.update(w.lower() for w in (q.question + " " + q.answer).split() if w.isalpha())
    # A large FAQ covers many conditions: the demo's health words take random places in a
    # long Zipf-shaped vocabulary instead of all being the most common words, while
    # English function words stay at the head as in real text.
    content_words = sorted(demo_words - FUNCTION_WORDS) + syllable_words(rng, 20_000)
    rng.shuffle(content_words)
    vocabulary = FUNCTION_WORDS_BY_FREQUENCY + content_words
    weights = [1 / (i + 1) ** 0.9 for i in range(len(vocabulary))]

    def text(n):
        return " ".join(rng.choices(vocabulary, weights, k=n))

    topics = [
        Topic.objects.get_or_create(slug=f"bench-{t}", defaults={"name": f"Bench {t}"})[0]
        for t in range(20)
    ]
    with transaction.atomic():
        Question.objects.bulk_create(
            (
                Question(
                    topic=topics[i % 20],
                    question=text(9).capitalize() + "?",
                    slug=f"bench-{i}",
                    answer=(answer := f"{text(25)}. {text(20)}."),
                    answer_html=f"<p>{answer}</p>",
                    answer_text=answer,
                    order=i,
                )
                for i in range(total)
            ),
            batch_size=5000,
        )
        rebuild_index()


def measure(rounds):
    import django

    django.setup()
    from search.engine import search_site
    from tests.search_relevance import QUERIES

    queries = [q for q, _ in QUERIES]
    for query in queries:  # warm caches and connections
        search_site(query)
    timings = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            search_site(query)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "max": timings[-1],
        "n": len(timings),
    }


def worker(args):
    os.environ["DJANGO_SETTINGS_MODULE"] = "knotsite.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = time.perf_counter()
    generate(args.size)
    built = time.perf_counter() - started
    result = measure(args.rounds)
    result["build_seconds"] = built
    print("RESULT " + json.dumps(result), flush=True)


def scratch_database(backend, tmp):
    if backend == "sqlite":
        return f"sqlite:///{tmp}/search-{uuid.uuid4().hex[:6]}.sqlite3", lambda: None
    return scratch_postgres(POSTGRES, "knotsite_search_bench")


def postgres_reachable():
    try:
        import psycopg

        with psycopg.connect(POSTGRES, connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means "not here"
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)

    backends = ["sqlite"] + (["postgresql"] if postgres_reachable() else [])
    if "postgresql" not in backends:
        print(f"PostgreSQL not reachable at {POSTGRES}: SQLite only.")
    sizes = [int(s) for s in args.sizes.split(",")]
    failures = []
    print(
        f"{'backend':<11} {'questions':>9} {'build s':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            previous = None
            for size in sizes:
                url, drop = scratch_database(backend, tmp)
                env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0",
                       "DJANGO_SECRET_KEY": "bench-only", "DJANGO_HTTPS": "0"}  # fmt: skip
                env.pop("REDIS_URL", None)
                try:
                    out = subprocess.run(
                        [
                            sys.executable,
                            __file__,
                            "--worker",
                            "--size",
                            str(size),
                            "--rounds",
                            str(args.rounds),
                        ],  # fmt: skip
                        cwd=ROOT,
                        env=env,
                        check=True,
                        capture_output=True,
                        text=True,
                    ).stdout
                finally:
                    drop()
                result = json.loads(out.split("RESULT ", 1)[1])
                growth = f"  ×{result['p95'] / previous:.2f} p95 vs previous" if previous else ""
                print(
                    f"{backend:<11} {size:>9,} {result['build_seconds']:>8.1f} "
                    f"{result['p50']:>7.2f} {result['p95']:>7.2f} {result['max']:>7.2f}{growth}",
                    flush=True,
                )
                previous = result["p95"]
                if size >= 100_000 and result["p95"] > TARGET_P95_MS:
                    failures.append(f"{backend} p95 {result['p95']:.1f} ms at {size:,}")
    print(f"target: p95 under {TARGET_P95_MS:.0f} ms at 100,000 questions on each backend")
    print("FAIL: " + "; ".join(failures) if failures else "PASS")


if __name__ == "__main__":
    main()
