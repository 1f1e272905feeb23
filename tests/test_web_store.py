"""Feedback store (SQLite + CSV) and admin upload checks."""
from __future__ import annotations

import csv
import io
import threading
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.ui import uploads
from assistant.ui.conversations import ConversationStore
from assistant.ui.feedback import FeedbackStore

CITS = [{"n": 1, "doc_id": "asa4310", "section": "5.6", "quote": "innen 5 uker"}]


def test_feedback_rating_comment_and_update(tmp_path):
    store = FeedbackStore(tmp_path / "data" / "feedback.sqlite")
    store.record_rating(message_id="m1", rating=1, question="Frist?", answer="5 uker [1].", citations=CITS, answer_date="2025-03-01")
    store.add_comment("m1", "  Bra svar  ")
    store.record_rating(message_id="m1", rating=0, question="Frist?", answer="5 uker [1].", citations=CITS)
    assert store.ratings_for(["m1", "ukjent"]) == {"m1": 0} and store.ratings_for([]) == {}
    (row,) = store.rows()
    assert (row.rating, row.comment, row.question, row.citations, row.answer_date) == (0, "Bra svar", "Frist?", CITS, "2025-03-01")


def test_feedback_comment_without_rating_and_bad_rating_are_refused(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    with pytest.raises(InputError, match="tommel"):
        store.add_comment("ukjent", "hei")
    with pytest.raises(InputError):
        store.record_rating(message_id="m", rating=5, question="q", answer="a")
    with pytest.raises(InputError, match="for lang"):
        store.record_rating(message_id="m", rating=1, question="q", answer="a")
        store.add_comment("m", "x" * 5000)


def test_feedback_csv_export_round_trips_and_defuses_formulas(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    store.record_rating(message_id="a", rating=1, question="=HYPERLINK(\"x\")", answer="Svar, med komma\nog linjeskift", citations=CITS)
    store.record_rating(message_id="b", rating=0, question="Andre", answer="Svar 2")
    rows = list(csv.DictReader(io.StringIO(store.export_csv())))
    assert [r["rating"] for r in rows] == ["opp", "ned"]
    assert rows[0]["question"] == "'=HYPERLINK(\"x\")"
    assert rows[0]["answer"] == "Svar, med komma\nog linjeskift"
    assert '"section": "5.6"' in rows[0]["citations"]


def test_feedback_store_survives_concurrent_writers(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")

    def write(i: int) -> None:
        FeedbackStore(store.path).record_rating(message_id=f"m{i}", rating=i % 2, question=f"q{i}", answer="a")

    threads = [threading.Thread(target=write, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.question for r in store.rows()) == sorted(f"q{i}" for i in range(20))


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\win.TXT", "win.txt"),
        ("Ny avtale (2025).pdf", "Ny_avtale_2025.pdf"),
        (".skjult.txt", "skjult.txt"),
        ("rundskriv-æøå.txt", "rundskriv-æøå.txt"),
    ],
)
def test_safe_file_name(name, safe):
    assert uploads.safe_file_name(name) == safe


@pytest.mark.parametrize("name", ["..", "/", "<>", " . "])
def test_safe_file_name_refuses_names_without_letters(name):
    with pytest.raises(InputError):
        uploads.safe_file_name(name)


def test_check_upload_by_content():
    assert uploads.check_upload("a.pdf", b"%PDF-1.7\n...").kind == "pdf"
    assert uploads.check_upload("a.txt", "Avtale æøå".encode()).kind == "txt"
    with pytest.raises(InputError, match="ikke en PDF"):
        uploads.check_upload("a.pdf", b"tekst")
    with pytest.raises(InputError, match="ikke en tekstfil"):
        uploads.check_upload("a.txt", b"%PDF-1.4 ...")
    with pytest.raises(InputError, match="verken PDF eller UTF-8"):
        uploads.check_upload("a.txt", "Latin-1 æøå".encode("latin-1"))
    with pytest.raises(InputError, match="verken PDF eller UTF-8"):
        uploads.check_upload("a.txt", b"MZ\x00\x00binary")
    with pytest.raises(InputError, match=".pdf"):
        uploads.check_upload("a.exe", b"hei")
    with pytest.raises(InputError, match=".pdf"):
        uploads.check_upload("...txt", b"hei")
    with pytest.raises(InputError, match="grensen er 1 MB"):
        uploads.check_upload("a.txt", b"x" * (1_048_576 + 1), max_bytes=1_048_576)
    with pytest.raises(InputError, match="tom"):
        uploads.check_upload("a.txt", b"")


def test_check_pdf_readable(tmp_path):
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Rammeavtale punkt 1")
    good = doc.tobytes()
    uploads.check_pdf_readable(good, "god.pdf")
    empty = pymupdf.open()
    empty.new_page()
    with pytest.raises(InputError, match="ingen tekst"):
        uploads.check_pdf_readable(empty.tobytes(), "skannet.pdf")
    with pytest.raises(InputError, match="skadet eller ufullstendig"):
        uploads.check_pdf_readable(b"%PDF-1.7 broken", "ødelagt.pdf")


def test_save_upload_stays_in_corpus_and_does_not_overwrite(tmp_path):
    corpus = tmp_path / "corpus"
    checked = uploads.check_upload("../x.txt", b"en")
    path = uploads.save_upload(corpus, checked, b"en")
    assert path == (corpus / "x.txt").resolve() and path.read_bytes() == b"en"
    with pytest.raises(InputError, match="finnes allerede"):
        uploads.save_upload(corpus, checked, b"to")
    uploads.save_upload(corpus, checked, b"to", overwrite=True)
    assert path.read_bytes() == b"to"
    assert sorted(p.name for p in corpus.iterdir()) == ["x.txt"]  # no temp files left
    bad = uploads.CheckedUpload(safe_name="../y.txt", kind="txt", size=1)
    with pytest.raises(InputError, match="ut av korpusmappen"):
        uploads.save_upload(corpus, bad, b"y")
    assert not (tmp_path / "y.txt").exists()


def test_reindex_job_runs_in_background_reports_progress_and_errors():
    gate = threading.Event()
    job = uploads.ReindexJob()

    def slow_reindex(progress):
        progress("embed", 3, 10)
        gate.wait(5)

    assert job.start(slow_reindex)
    assert job.start(slow_reindex) is False  # one at a time
    assert job.status().running
    gate.set()
    status = job.wait(5)
    assert not status.running and status.error is None and "Lager vektorer: 3/10" in status.messages

    def broken(progress):
        raise RuntimeError("disk full")

    job.start(broken)
    status = job.wait(5)
    assert "disk full" in status.error and "forrige indeksen brukes fortsatt" in status.error


def test_uploads_never_write_outside(tmp_path: Path):
    corpus = tmp_path / "c"
    for name in ["../../a.txt", "/abs/b.txt", "sub/dir/c.txt", "..\\d.txt"]:
        checked = uploads.check_upload(name, b"tekst")
        assert uploads.save_upload(corpus, checked, b"tekst").parent == corpus.resolve()
    assert sorted(p.name for p in tmp_path.rglob("*.txt")) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert all(p.parent == corpus for p in tmp_path.rglob("*.txt"))


def test_conversation_store_saves_loads_and_prunes(tmp_path):
    from datetime import datetime, timedelta, timezone

    store = ConversationStore(tmp_path / "c.sqlite")
    cid = "a" * 32
    msgs = [{"role": "user", "content": "Hei"}, {"role": "assistant", "content": "Svar [1]", "answer": {"citations": CITS}}]
    store.save(cid, msgs)
    assert store.load(cid) == msgs
    assert store.load("b" * 32) is None
    assert store.load("../../etc/passwd") is None
    with pytest.raises(ValueError):
        store.save("ikke-en-id", msgs)
    assert store.prune(now=datetime.now(timezone.utc) + timedelta(days=10)) == 0
    assert store.prune(now=datetime.now(timezone.utc) + timedelta(days=31)) == 1
    assert store.load(cid) is None


def test_conversation_saves_from_two_sessions_merge_instead_of_overwriting(tmp_path):
    store = ConversationStore(tmp_path / "c.sqlite")
    cid = "c" * 32
    start = [{"id": "q1", "role": "user", "content": "Første"}, {"id": "a1", "role": "assistant", "content": "Svar 1"}]
    store.save(cid, start)
    b = store.save(cid, start + [{"id": "q2", "role": "user", "content": "Fra B"}])
    a = store.save(cid, start + [{"id": "q3", "role": "user", "content": "Fra A"}])  # A never saw B's question
    assert [m["content"] for m in store.load(cid)] == ["Første", "Svar 1", "Fra B", "Fra A"]
    assert a == store.load(cid) and [m["id"] for m in b] == ["q1", "a1", "q2"]
    assert store.save(cid, a) == a  # saving the same messages again adds nothing


def _pdf_bytes(**save_kwargs) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Rundskriv om satser.")
    data = doc.tobytes(**save_kwargs)
    doc.close()
    return data


def test_encrypted_pdf_is_refused_as_password_protected_in_norwegian():
    import pymupdf

    data = _pdf_bytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="hemmelig", owner_pw="eier")
    with pytest.raises(InputError) as e:
        uploads.check_pdf_readable(data, "låst.pdf")
    assert "passordbeskyttet" in str(e.value) and "encrypted" not in str(e.value)


def test_broken_pdf_message_has_no_library_text():
    with pytest.raises(InputError) as e:
        uploads.check_pdf_readable(b"%PDF-1.7\n" + bytes(range(256)) * 8, "ødelagt.pdf")
    message = str(e.value)
    assert "skadet" in message and "Failed" not in message and "stream" not in message
    uploads.check_pdf_readable(_pdf_bytes(), "ok.pdf")  # a good PDF passes


def test_reindex_requested_while_running_runs_once_more():
    release = threading.Event()
    runs: list[int] = []

    def reindex(progress=None):
        runs.append(len(runs))
        release.wait(5)

    job = uploads.ReindexJob()
    assert job.start(reindex) is True
    assert job.start(reindex) is False and job.start(reindex) is False  # queued once, not twice
    assert job.status().queued
    release.set()
    status = job.wait(10)
    assert runs == [0, 1] and not status.running and not status.queued and status.error is None


def test_manifest_entry_for_an_upload_keeps_the_other_entries(tmp_path):
    from datetime import date

    from assistant.corpus.manifest import load_manifest

    (tmp_path / "manifest.yaml").write_text(
        "# Forklaring av feltene.\ndocuments:\n  - id: a\n    file: a.txt\n    title: \"Avtale A\"\n", encoding="utf-8"
    )
    uploads.save_manifest_entry(tmp_path, "Evil.txt", "  KS-brev   2026 ", kind="brev", valid_from=date(2026, 1, 1))
    infos = load_manifest(tmp_path)
    assert infos["a.txt"].title == "Avtale A"
    assert (infos["Evil.txt"].title, infos["Evil.txt"].doc_id, infos["Evil.txt"].valid_from) == ("KS-brev 2026", "evil", date(2026, 1, 1))
    assert (tmp_path / "manifest.yaml").read_text(encoding="utf-8").startswith("# Forklaring av feltene.\n")
    uploads.save_manifest_entry(tmp_path, "Evil.txt", "Nytt navn")  # replacing keeps one entry and its id
    infos = load_manifest(tmp_path)
    assert infos["Evil.txt"].title == "Nytt navn" and infos["Evil.txt"].doc_id == "evil" and len(infos) == 2
    with pytest.raises(InputError):
        uploads.save_manifest_entry(tmp_path, "x.txt", "X", valid_from=date(2026, 2, 1), valid_to=date(2026, 1, 1))


def test_upload_size_is_said_with_a_decimal_comma():
    """Browser review: "27.0 MB" in the refusal of a large upload; Norwegian writes 27,0 MB."""
    with pytest.raises(InputError) as info:
        uploads.check_upload("stor.pdf", b"x" * (27 * 1_048_576))
    assert "er 27,0 MB; grensen er 25 MB" in str(info.value) and "27.0" not in str(info.value)
