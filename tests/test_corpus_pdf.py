"""PDF input: a generated Norwegian PDF round-trips with pages and without header/footer; bad PDFs fail clearly."""
from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import chunk_documents, load_corpus, load_document
from assistant.corpus.pdf import read_pdf_pages, remove_headers_footers
from assistant.errors import CorpusError
from assistant.types import DocumentInfo

pymupdf = pytest.importorskip("pymupdf")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

PAGES = [
    ["1 Formål", "Rundskrivet gjelder for kommunene. Beløpet er 675 € – eller kroner – per år.", "1.1 Omfang", "Avtalen omfatter fastleger på Østlandet og i Trøndelag."],
    ["2 Basistilskudd", "Basistilskuddet utgjør 675 kroner per listeinnbygger inntil 1 000 listeinnbyggere."],
    ["3 Oppsigelse", "Avtalen kan sies opp med en frist på 6 måneder. Særlig viktig for små kommuner."],
]


def make_pdf(path: Path) -> Path:
    if not FONT.exists():
        pytest.skip("DejaVuSans.ttf is not installed")
    doc = pymupdf.open()
    for n, paragraphs in enumerate(PAGES, start=1):
        page = doc.new_page()
        page.insert_font(fontname="dejavu", fontfile=str(FONT))
        page.insert_text((72, 40), "KS A-rundskriv 7/2026 – Fastlegeordningen", fontname="dejavu", fontsize=9)
        y = 100
        for para in paragraphs:
            page.insert_text((72, y), para, fontname="dejavu", fontsize=10)
            y += 40
        page.insert_text((280, 800), f"Side {n} av {len(PAGES)}", fontname="dejavu", fontsize=9)
    doc.save(path)
    doc.close()
    return path


def test_generated_pdf_round_trips_with_pages(tmp_path):
    path = make_pdf(tmp_path / "ks-rundskriv-2026.pdf")
    info = DocumentInfo(doc_id="ks-2026", title="KS-rundskriv 2026", source_file=path.name)
    doc = load_document(path, info)
    assert "Østlandet og i Trøndelag" in doc.text and "675 € – eller kroner –" in doc.text
    assert "A-rundskriv 7/2026" not in doc.text and "Side 1 av 3" not in doc.text
    assert [n for _, n in doc.page_starts] == [1, 2, 3]
    chunks = chunk_documents([doc])
    by_section = {c.section: c for c in chunks}
    assert set(by_section) == {"1", "1.1", "2", "3"}
    assert by_section["1.1"].page == 1 and by_section["2"].page == 2 and by_section["3"].page == 3
    assert "frist på 6 måneder" in by_section["3"].text


def test_pdf_dropped_in_corpus_folder_is_loaded(tmp_path):
    make_pdf(tmp_path / "nytt-rundskriv.pdf")
    warnings: list[str] = []
    docs = load_corpus(tmp_path, on_warning=warnings.append)
    assert [d.info.source_file for d in docs] == ["nytt-rundskriv.pdf"]
    assert any("nytt-rundskriv.pdf" in w for w in warnings)  # no manifest entry


def test_header_footer_removal_keeps_body_lines():
    bodies = ["Basistilskudd", "Oppsigelse", "Kunngjøring", "Hjemfall"]
    pages = [["KS rundskriv", bodies[n - 1], "a", "b", "Felles linje i brødteksten", "c", "d", "e", f"{n}"] for n in range(1, 5)]
    out = remove_headers_footers(pages)
    assert [p[0] for p in out] == bodies
    assert all(p.count("Felles linje i brødteksten") == 1 for p in out)  # not at the page edge: kept
    assert all(str(i) not in p[-1] for i, p in enumerate(out, start=1))


@pytest.mark.parametrize(("content", "needle"), [(b"", "tom"), (b"%PDF-1.4 this is not really a pdf", "kan ikke")])
def test_bad_pdf_gives_norwegian_error_naming_the_file(tmp_path, content, needle):
    path = tmp_path / "skadet.pdf"
    path.write_bytes(content)
    with pytest.raises(CorpusError) as err:
        read_pdf_pages(path)
    assert "skadet.pdf" in str(err.value) and needle in str(err.value)


def test_bad_pdf_is_skipped_and_the_rest_still_loads(tmp_path):
    (tmp_path / "skadet.pdf").write_bytes(b"not a pdf at all")
    (tmp_path / "god.txt").write_text("1 Formål\n\nTeksten er fin.\n", encoding="utf-8")
    warnings: list[str] = []
    docs = load_corpus(tmp_path, on_warning=warnings.append)
    assert [d.info.source_file for d in docs] == ["god.txt"]
    assert any("skadet.pdf" in w and "hoppet over" in w for w in warnings)


def test_encrypted_pdf_is_reported(tmp_path):
    path = make_pdf(tmp_path / "plain.pdf")
    locked = tmp_path / "låst.pdf"
    doc = pymupdf.open(path)
    doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="hemmelig", owner_pw="eier")
    doc.close()
    with pytest.raises(CorpusError, match="låst.pdf.*passord"):
        read_pdf_pages(locked)
