"""Hybrid retrieval: dense (Chroma + e5) and lexical (BM25 with a Norwegian stemmer), fused by rank."""
