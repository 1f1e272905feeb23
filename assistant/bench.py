"""Benchmarks that print numbers (never asserted here).

    python -m assistant bench retrieval|answers DEV.jsonl
    python -m assistant bench general DIR QUESTIONS.jsonl   # any folder of Norwegian text: hybrid vs BM25 vs dense

Metrics (``first_hit_rank``, ``rank_metrics``, ``compare_rankers``) are pure; index building, timing and
printing live in the ``run_*`` functions.
"""
from __future__ import annotations

import json
import resource
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from .answer.citations import normalize_ws


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
    return {**rank_metrics(ranks, (1, 3, 5)), "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
            "misses": misses}


def run_bench(what: str, path: Path, assistant: Any, k: int = 5) -> str:
    if what == "answers":
        from .answer.bench import run_answers_bench

        return run_answers_bench(path, assistant)
    if what == "tools":
        from .answer.tools_bench import run_tools_bench

        return run_tools_bench(path, assistant)
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


# -- general Norwegian text: hybrid vs BM25 alone vs dense alone ------------------------------------------

Ranker = Callable[[str], list[str]]  # question -> texts of the top passages, best first
GENERAL_METHODS = {"hybrid": "hybrid (Assistant.search)", "bm25": "BM25 alene", "dense": "vektorsøk alene",
                   "bm25_rewritten": "BM25 alene, omskrevet spørsmål"}


def rank_metrics(ranks: Sequence[int | None], ks: Sequence[int] = (1, 5)) -> dict[str, Any]:
    """hit@k and MRR from 1-based first-hit ranks (None = not found)."""
    n = len(ranks)
    hit = {j: (sum(1 for r in ranks if r and r <= j) / n if n else 0.0) for j in ks}
    mrr = sum(1 / r for r in ranks if r) / n if n else 0.0
    return {"n": n, "hit": hit, "mrr": mrr}


def compare_rankers(rankers: Mapping[str, Ranker], items: Sequence[Mapping[str, Any]],
                    ks: Sequence[int] = (1, 5)) -> dict[str, dict[str, Any]]:
    """Each ranker's metrics over items with a ``quote``; ``ranks`` maps item id -> first-hit rank."""
    out: dict[str, dict[str, Any]] = {}
    for name, rank in rankers.items():
        ranks = {it["id"]: first_hit_rank(rank(it["question"]), [it["quote"]]) for it in items}
        out[name] = {**rank_metrics(list(ranks.values()), ks), "ranks": ranks}
    return out


def retriever_rankers(assistant: Any, k: int = 5) -> dict[str, Ranker]:
    """The hybrid search and, from the same retriever's ``rankings()``, BM25 alone and dense alone."""
    assistant.search("start", k=1)  # opens (and if needed builds) the index
    retriever = assistant.retriever
    memo: dict[str, dict[str, list[tuple[int, float]]]] = {}

    def ranking(query: str, which: str) -> list[str]:
        if query not in memo:
            memo[query] = retriever.rankings(query)
        return [retriever.chunks[i].text for i, _ in memo[query][which][:k]]

    rewritten = retriever.query_text

    return {
        "hybrid": lambda q: [p.text for p in assistant.search(q, k=k)],
        "bm25": lambda q: ranking(q, "bm25"),
        "dense": lambda q: ranking(q, "dense"),
        "bm25_rewritten": lambda q: ranking(rewritten(q), "bm25"),
    }


class QueryMemo:
    """An embedder wrapper that embeds each distinct question once: the compared methods share questions."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self._memo: dict[str, Any] = {}

    def embed_passages(self, texts: Sequence[str]) -> Any:
        return self.inner.embed_passages(texts)

    def embed_queries(self, texts: Sequence[str]) -> Any:
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if missing:
            self._memo.update(zip(missing, self.inner.embed_queries(missing)))
        return np.stack([self._memo[t] for t in texts])


def general_comparison(corpus_dir: Path, items: Sequence[Mapping[str, Any]], settings: Any = None,
                       embedder: Any = None, k: int = 5, progress: Any = None) -> dict[str, Any]:
    """Build a throwaway index of ``corpus_dir`` in a temp dir and compare the retrievers on ``items``."""
    from .core import Assistant
    from .retrieval.embedders import make_embedder
    from .settings import Settings

    s = settings or Settings.from_env()
    embedder = QueryMemo(embedder or make_embedder(s.embedder))
    with tempfile.TemporaryDirectory(prefix="assistant-general-") as tmp:
        s = replace(s, corpus_dir=Path(corpus_dir), index_dir=Path(tmp) / "index", chroma_url="")
        a = Assistant(settings=s, embedder=embedder, progress=progress)
        t0 = time.perf_counter()
        info = a.reindex(progress=progress)
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        methods = compare_rankers(retriever_rankers(a, k=k), items, ks=sorted({1, k}))
        return {"methods": methods, "build_s": build_s, "query_s": time.perf_counter() - t0, "n_chunks": info.n_chunks,
                "n_docs": len(a.documents), "embedder": a.embedder.name, "k": k}


def format_general(result: Mapping[str, Any], items: Sequence[Mapping[str, Any]], corpus_name: str) -> str:
    m, k = result["methods"], result["k"]
    lines = [f"Generell norsk tekst: {len(items)} spørsmål over {corpus_name} ({result['n_docs']} filer, "
             f"{result['n_chunks']} tekstbiter), embedder {result['embedder']}, k={k}"]
    for name, label in GENERAL_METHODS.items():
        if name in m:
            r = m[name]
            lines.append(f"  {label:<32} hit@1 {r['hit'][1]:.3f}   hit@{k} {r['hit'][k]:.3f}"
                         f"   MRR {r['mrr']:.3f}")
    lines.append(f"  bygging av indeks {result['build_s']:.1f} s; alle søk {result['query_s']:.1f} s")
    lines.append("Ikke på plass 1 i hybridsøket (rang: hybrid / BM25 / vektor):")
    for it in items:
        ranks = [m[n]["ranks"][it["id"]] for n in ("hybrid", "bm25", "dense")]
        if ranks[0] is None or ranks[0] > 1:
            lines.append(f"  {it['id']} {' / '.join(str(r or '-') for r in ranks)} – {it['question'][:80]}")
    return "\n".join(lines)


def run_general_bench(corpus_dir: Path, questions: Path, k: int = 5, progress: Any = None) -> str:
    items = [it for it in load_items(questions) if it.get("quote", "").strip()]
    result = general_comparison(corpus_dir, items, k=k, progress=progress)
    return format_general(result, items, corpus_dir.name)


def fusion_groups(assistant: Any, items: Sequence[Mapping[str, Any]]) -> list[Any]:
    """One ``fitting.Group`` per item with source quotes: its candidate chunks' features and which hold a quote."""
    import numpy as np

    from .retrieval.fitting import Group

    assistant.search("start", k=1)  # opens (and if needed builds) the index
    retriever = assistant.retriever
    groups = []
    for it in items:
        quotes = [normalize_ws(s["quote"]) for s in it.get("sources") or [] if s.get("quote", "").strip()]
        if not quotes:
            continue
        ids, feats = retriever.candidate_features(it["question"])
        right = [any(q in normalize_ws(retriever.chunks[i].text) for q in quotes) for i in ids]
        groups.append(Group(np.array(feats, dtype=float).reshape(len(ids), -1), np.array(right, dtype=bool)))
    return groups


def run_fusion_bench(paths: Sequence[Path], assistant: Any) -> str:
    """Fit the fusion weights on question sets and score each set with weights fitted without it."""
    import numpy as np

    from .retrieval import retriever as R
    from .retrieval.fitting import FEATURES, as_fusion_weights, fit_weights, leave_one_out, mrr_at

    sets = {p.stem: fusion_groups(assistant, load_items(p)) for p in paths}
    current = np.array([R.WEIGHTS["bm25"], R.WEIGHTS["dense"], R.EVIDENCE_WEIGHT, R.WEIGHTS.get("sentence", 0.0)])
    fitted = as_fusion_weights(fit_weights([g for gs in sets.values() for g in gs]))
    lines = ["Fusjonsvekter tilpasset spørsmålssettene (hele spørsmålet, før delspørsmål og punkthenvisninger):",
             "  nå:        " + "  ".join(f"{n} {x:.2f}" for n, x in zip(FEATURES, current)),
             "  tilpasset: " + "  ".join(f"{n} {fitted[n]:.2f}" for n in FEATURES)]
    if len(sets) > 1:
        lines.append("MRR@5 per sett: med vektene nå / med vekter tilpasset de andre settene")
        for name, (mrr, w) in leave_one_out(sets).items():
            shown = "  ".join(f"{n} {x:.2f}" for n, x in as_fusion_weights(w).items())
            lines.append(f"  {name:28s} {mrr_at(sets[name], current):.3f} / {mrr:.3f}   ({shown}; "
                         f"{len(sets[name])} spørsmål)")
    return "\n".join(lines)
