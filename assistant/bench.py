"""Benchmarks that print numbers (never asserted): ``python -m assistant bench retrieval|answers DEV.jsonl``."""
from __future__ import annotations

import json
import re
import resource
import statistics
import time
from pathlib import Path
from typing import Any

_WS = re.compile(r"\s+")


def normalize_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


def load_items(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def first_hit_rank(passage_texts: list[str], quotes: list[str]) -> int | None:
    """1-based rank of the first passage containing any source quote (whitespace-normalised)."""
    qs = [normalize_ws(q) for q in quotes if q.strip()]
    for rank, text in enumerate(passage_texts, 1):
        t = normalize_ws(text)
        if any(q in t for q in qs):
            return rank
    return None


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    i = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[i]


def retrieval_metrics(assistant: Any, items: list[dict[str, Any]], k: int = 5) -> dict[str, Any]:
    ranks: list[int | None] = []
    latencies: list[float] = []
    misses: list[str] = []
    assistant.search("oppvarming", k=k)  # warm up model and caches
    for it in items:
        quotes = [s["quote"] for s in it.get("sources") or []]
        if not quotes:
            continue
        t0 = time.perf_counter()
        passages = assistant.search(it["question"], k=k)
        latencies.append((time.perf_counter() - t0) * 1000)
        r = first_hit_rank([p.text for p in passages], quotes)
        ranks.append(r)
        if r is None or r > 1:
            got = ", ".join(f"{p.chunk.doc_id}:{p.section}" for p in passages[:3])
            want = ", ".join(sorted({s["section"] for s in it["sources"]}))
            misses.append(f"  {it['id']} rang={r or '-'} ønsket [{want}] fikk [{got}] – {it['question'][:70]}")
    n = len(ranks)
    hit = {j: sum(1 for r in ranks if r and r <= j) / n for j in (1, 3, 5)} if n else {}
    mrr = sum(1 / r for r in ranks if r) / n if n else 0.0
    return {"n": n, "hit": hit, "mrr": mrr, "p50": percentile(latencies, 50), "p95": percentile(latencies, 95), "misses": misses}


def run_bench(what: str, path: Path, assistant: Any, k: int = 5) -> str:
    if what == "answers":
        from .answer.bench import run_answers_bench

        return run_answers_bench(path, assistant)
    items = load_items(path)
    t0 = time.perf_counter()
    assistant.search("start", k=1)  # opens (and if needed builds) the index
    open_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    assistant.reindex()
    reindex_s = time.perf_counter() - t0
    m = retrieval_metrics(assistant, items, k=k)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    b = assistant.build
    lines = [
        f"Gjenfinning på {m['n']} spørsmål med kildesitat ({path.name}), k={k}",
        f"  hit@1 {m['hit'].get(1, 0):.3f}   hit@3 {m['hit'].get(3, 0):.3f}   hit@5 {m['hit'].get(5, 0):.3f}   MRR {m['mrr']:.3f}",
        f"  søketid varm: p50 {m['p50']:.1f} ms   p95 {m['p95']:.1f} ms",
        f"  indeks: {b.n_chunks if b else '?'} tekstbiter; siste bygging {b.seconds if b else 0:.1f} s "
        f"({b.embedded if b else 0} nye vektorer); åpning {open_s:.2f} s; ny indeksering uten endringer {reindex_s:.2f} s",
        f"  maks minne (RSS): {peak_mb:.0f} MB",
        "Ikke funnet på plass 1:",
        *m["misses"],
    ]
    return "\n".join(lines)
