"""The web page under load, measured in a real browser (Debian's chromium driven by Playwright).

    python -m assistant bench browser [--users 10] [--rounds 2]

Starts ``streamlit run app.py`` on a free loopback port, opens one browser page per user, lets
every user ask a question at the same moment and reports, per answer, the time from pressing
Enter to the finished answer on the page (p50/p95 over all users and rounds). The times are
taken inside each page (a key listener and a DOM observer), so the Python driver polling ten
pages does not add to them.

Also used by ``tests/test_browser.py`` (server start-up, chromium launch, page helpers).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import AssistantError

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CHAT_INPUT = '[data-testid="stChatInputTextArea"]'
MESSAGE = '[data-testid="stChatMessage"]'
ANSWER_DONE = "Svar etter regelverket per"  # caption under every finished answer

BENCH_QUESTIONS = [
    "Hvor mye er basistilskuddet for en liste på {n} listeinnbyggere?",
    "Hvilken oppsigelsesfrist gjelder for den individuelle avtalen?",
    "Hvor lang tid har legene på å bli enige om prisen for praksisen før nemnda fastsetter den?",
    "Når skal basistilskuddet utbetales hver måned?",
    "Hvor mange dager kan legen være borte med syke barn?",
]

# In-page timing: Enter in the chat box stamps the start; an observer stamps when the page
# holds one more finished answer than at the start.
_TIMER_JS = """([input, sel, text]) => {
  // textContent, not innerText: innerText forces a layout on every DOM change and made the
  // measuring itself cost more CPU than the page.
  const count = () => [...document.querySelectorAll(sel)].filter(m => m.textContent.includes(text)).length;
  window.__bench = {start: null, end: null, before: count()};
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.matches(input) && window.__bench.start === null) {
      window.__bench.start = performance.now();
    }
  }, true);
  const obs = new MutationObserver(() => {
    const b = window.__bench;
    if (b.start !== null && b.end === null && count() > b.before) { b.end = performance.now(); obs.disconnect(); }
  });
  obs.observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def streamlit_server(
    env: dict[str, str] | None = None, log_path: Path | None = None, timeout: float = 120,
    unset: Sequence[str] = ("ASSISTANT_LLM", "ASSISTANT_ADMIN_PASSWORD"),
) -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port; yields its address, stops it afterwards.

    ``unset``: variables the server must not inherit (by default: extractive answers, no admin).
    """
    full_env = {k: v for k, v in os.environ.items() if k not in unset} | (env or {})
    port = free_port()
    log_path = log_path or Path(tempfile.mkdtemp(prefix="web-log-")) / "streamlit.log"
    with open(log_path, "w+", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=REPO_ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc, timeout)
        except AssistantError:
            proc.kill()
            log.seek(0)
            raise AssistantError(f"Streamlit startet ikke:\n{log.read()[-3000:]}") from None
        try:
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise AssistantError("no health")


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium through Playwright (never Playwright's own browser download)."""
    if not Path(CHROMIUM).exists():
        raise AssistantError("chromium mangler: kjør `apt-get install -y chromium chromium-driver`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Any, url: str, width: int = 1280, height: int = 900) -> Any:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    page.wait_for_selector(CHAT_INPUT, timeout=180_000)  # first load may open the index
    return page


def wait_for_answers(page: Any, n: int, timeout_ms: int = 120_000) -> None:
    """Wait until ``n`` finished answers are on the page (checked every 100 ms with ``textContent``:
    ``innerText`` on every animation frame in ten tabs costs more CPU than the pages themselves)."""
    page.wait_for_function(
        "([sel, text, n]) => [...document.querySelectorAll(sel)].filter(m => m.textContent.includes(text)).length >= n",
        arg=[MESSAGE, ANSWER_DONE, n], timeout=timeout_ms, polling=100,
    )


def concurrent_round(pages: Sequence[Any], questions: Sequence[str], timeout_s: float = 300) -> list[float]:
    """Every page asks its question at (nearly) the same moment; seconds from Enter to answer, per page."""
    for page in pages:
        page.evaluate(_TIMER_JS, [CHAT_INPUT, MESSAGE, ANSWER_DONE])
    for page, q in zip(pages, questions):
        page.fill(CHAT_INPUT, q)
    for page in pages:
        page.press(CHAT_INPUT, "Enter")
    deadline = time.time() + timeout_s
    times: list[float] = []
    for page in pages:  # the times are taken inside each page: waiting in turn adds nothing to them
        left_ms = max(1_000, (deadline - time.time()) * 1000)
        try:
            page.wait_for_function("() => window.__bench.end !== null", timeout=left_ms, polling=200)
        except Exception as e:  # playwright's TimeoutError
            raise AssistantError(f"Et svar kom ikke innen {timeout_s:.0f} s ({type(e).__name__}).") from None
        b = page.evaluate("() => window.__bench")
        times.append((b["end"] - b["start"]) / 1000)
    return times


def descendant_cpu_seconds(root: int | None = None) -> dict[str, float]:
    """CPU seconds (user + system) used so far by the processes below ``root`` (default: this one),
    summed by program name ("chromium", "python", "node" …). Linux only (reads ``/proc``); {} elsewhere."""
    root = root or os.getpid()
    stats: dict[int, tuple[int, str, float]] = {}
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        stats[int(entry.name)] = (int(fields[1]), name, (int(fields[11]) + int(fields[12])) / tick)
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    out: dict[str, float] = {}
    todo = list(children.get(root, []))
    while todo:
        pid = todo.pop()
        _, name, cpu = stats[pid]
        key = "chromium" if "chrom" in name.lower() else name.split("-")[0].split(".")[0].lower()
        out[key] = out.get(key, 0.0) + cpu
        todo += children.get(pid, [])
    return out


def percentiles(values: Sequence[float]) -> tuple[float, float]:
    """(p50, p95) by nearest rank."""
    s = sorted(values)
    if not s:
        return 0.0, 0.0
    def rank(p: float) -> float:
        return s[min(len(s) - 1, max(0, -(-len(s) * p // 100) - 1))]
    return rank(50), rank(95)


def run_browser_bench(users: int = 10, rounds: int = 2) -> str:
    """Measure ``users`` concurrent users for ``rounds`` rounds (plus one single-user warm-up answer)."""
    env = {"ASSISTANT_DATA_DIR": tempfile.mkdtemp(prefix="bench-web-data-")}
    lines = []
    with streamlit_server(env) as url, chromium() as browser:
        t0 = time.perf_counter()
        warm = open_page(browser, url)
        single = concurrent_round([warm], [BENCH_QUESTIONS[1]])
        lines.append(f"oppstart og første svar: {time.perf_counter() - t0:.1f} s (én bruker: {single[0]:.2f} s)")
        singles = concurrent_round([warm], [BENCH_QUESTIONS[2]])
        warm.close()
        pages = [open_page(browser, url, 800, 700) for _ in range(users)]
        times: list[float] = []
        cpu_before, wall = descendant_cpu_seconds(), time.perf_counter()
        for r in range(rounds):
            questions = [BENCH_QUESTIONS[(i + r) % len(BENCH_QUESTIONS)].format(n=1000 + 137 * i) for i in range(users)]
            times += concurrent_round(pages, questions)
        cpu_after, wall = descendant_cpu_seconds(), time.perf_counter() - wall
        for page in pages:
            page.close()
    used = {k: cpu_after.get(k, 0.0) - cpu_before.get(k, 0.0) for k in cpu_after}
    p50, p95 = percentiles(times)
    lines += [
        f"én bruker alene: {singles[0]:.2f} s fra Enter til ferdig svar",
        f"{users} samtidige brukere × {rounds} runder ({len(times)} svar): p50 {p50:.2f} s · p95 {p95:.2f} s · "
        f"maks {max(times):.2f} s",
        f"CPU-tid brukt under rundene ({wall:.1f} s): tjeneren (python) {used.get('python', 0.0):.1f} s · "
        f"chromium ({users} faner) {used.get('chromium', 0.0):.1f} s · Playwright (node) {used.get('node', 0.0):.1f} s",
        f"maskin: {os.cpu_count()} kjerner, belastning (1 min) {os.getloadavg()[0]:.1f} "
        "(annet arbeid på maskinen gjør tallene høyere; chromium deler kjernene med tjeneren)",
    ]
    return "\n".join(lines)
