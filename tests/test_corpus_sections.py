"""Section detection: numbered punkter, Vedlegg, Del, Protokolltilførsel, and the false positives."""
from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import load_corpus, split_sections
from assistant.corpus.headings import match_heading
from assistant.corpus.sections import plausible_next
from assistant.types import DocumentInfo

REPO_CORPUS = Path(__file__).resolve().parents[1] / "corpus"
INFO = DocumentInfo(doc_id="test", title="Testavtalen", source_file="t.txt", full_title="Testavtalen 2024")


def sections_of(paragraphs: list[str], info: DocumentInfo = INFO):
    text = "\n\n".join(paragraphs)
    return text, split_sections(text, info)


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("5.6 Vilkår i forbindelse med tildeling av fastlegeavtale", "5.6"),
        ("16 Varighet, oppsigelse og revisjon av individuelle fastlegeavtaler", "16"),
        ("4.8.1. Kort om regler og praksis for overdragelse", "4.8.1"),
        ("1.5 Varighet mv.", "1.5"),
        ("11.2", "11.2"),
        ("11. 59 FORSLAG FOR EN BÆREKRAFTIG", "11"),
        ("Vedlegg II", "Vedlegg II"),
        ("VEDLEGG B: BEGREPSLISTE", "Vedlegg B"),
        ("Del III Kommunens oppgaver", "Del III"),
        ("Protokolltilførsel", "Protokolltilførsel"),
        ("Den norske Legeforening gjør følgende protokolltilførsel", "Protokolltilførsel"),
    ],
)
def test_heading_lines(line, label):
    m = match_heading(line)
    assert m is not None and m.label == label


@pytest.mark.parametrize(
    "line",
    [
        "1 kroner 1 022 000,-",  # table row
        "3",  # page number or table cell
        "2023",
        "5.6 gjelder tilsvarende for vikarer.",  # wrapped cross-reference
        "17 Egenandelstaket for 2023 er 3040 kroner og justeres hvert år.",  # footnote
        "3. Partene inngår egen protokoll vedr. EPJ-utvikling. Det vises til",  # numbered list item
        "12,7 mrd. kroner",
        "Vedlegg A til rapporten følger",
    ],
)
def test_not_heading_lines(line):
    m = match_heading(line)
    assert m is None or m.kind != "number" and m.kind != "vedlegg"


def test_plausible_numbering():
    assert plausible_next((5, 5), (5, 6))
    assert plausible_next((5,), (5, 1))
    assert plausible_next((2, 3), (3, 1))  # next chapter without its own heading line
    assert plausible_next((4, 8, 5), (4, 8, 6))
    assert not plausible_next((7, 1), (3, 2))  # going back
    assert not plausible_next((2, 3), (6,))  # footnote "6 ..." inside chapter 2
    assert not plausible_next((4, 2), (4, 2, 7))


def test_footnote_and_numbered_list_do_not_break_the_numbering():
    paras = [
        "1 Formål",
        "Tekst om formål.",
        "2 Organisering",
        "Tekst.",
        "2.1 Utvalg",
        "Tekst om utvalg.",
        "7 Aktivitet er talt fra regningskort",  # footnote
        "2.2 Samarbeid",
        "Tekst om samarbeid.",
        "3 Oppsigelse",
        "Avtalen kan sies opp.",
    ]
    _, secs = sections_of(paras)
    assert [s.section_id for s in secs] == ["1", "2", "2.1", "2.2", "3"]


def test_heading_path_and_offsets():
    paras = ["Del II Utvalg", "4.1 Allmennlegeutvalg", "4.1.1 Formål", "Utvalget skal bidra.", "4.1.2 Organisering", "Kommunen skal ta initiativ."]
    text, secs = sections_of(paras)
    s = next(s for s in secs if s.section_id == "4.1.2")
    assert s.heading == "Organisering"
    assert s.heading_path == ("Del II Utvalg", "4.1 Allmennlegeutvalg", "4.1.2 Organisering")
    assert text[s.start : s.end].startswith("4.1.2 Organisering") and text[s.body_start : s.end].strip() == "Kommunen skal ta initiativ."


def test_list_of_attachments_is_not_a_vedlegg_heading_but_the_attachment_is():
    paras = [
        "A-rundskriv nr.: A/5-2022",
        "Ny avtaleperiode er 1. juli 2022 til 30. juni 2023.",
        "Vedlegg I: Statsavtalen (ASA 4301)",
        "Vedlegg II: Protokoll 30. juni 2022",
        "Vedlegg I",
        "1.1 Forankring mv.",
        "Denne avtalen er inngått.",
        "Vedlegg II",
        "Protokoll",
        "1. Honorartakster reguleres",
        "Partene er enige.",
        "Den norske Legeforening gjør følgende protokolltilførsel",
        "Staten har avvist kravet.",
    ]
    _, secs = sections_of(paras)
    ids = [s.section_id for s in secs]
    assert ids[0] == "Rundskriv A/5-2022"
    assert ids[1:] == ["Vedlegg I", "1.1", "Vedlegg II", "Vedlegg II punkt 1", "Vedlegg II protokolltilførsel"]


def test_letter_uses_title_and_sub_headings():
    info = DocumentInfo(doc_id="brev", title="Brev", source_file="b.txt", full_title="Rammeavtalen forlenges")
    long = "Dette er en lang setning i brevet som forklarer saken grundig og i detalj for kommunene. " * 2
    paras = ["Rammeavtalen forlenges", long, "Veiledning og supervisjon", long, "Med vennlig hilsen", "Ola Nordmann"]
    _, secs = sections_of(paras, info)
    assert [s.section_id for s in secs] == ["Rammeavtalen forlenges", "Veiledning og supervisjon"]


@pytest.fixture(scope="module")
def corpus_sections():
    docs = load_corpus(REPO_CORPUS, on_warning=lambda m: None)
    return {d.info.doc_id: [s.section_id for s in split_sections(d.text, d.info)] for d in docs}


@pytest.mark.slow
def test_sections_on_every_bundled_document(corpus_sections):
    asa = corpus_sections["asa4310-2024"]
    for punkt in ("1", "4.2.3", "5.6", "5.8", "10.7", "11.2", "12.1", "13.4", "15", "16", "17.1", "Vedlegg I", "Vedlegg II"):
        assert punkt in asa
    assert asa.index("5.6") < asa.index("16") < asa.index("Vedlegg I")
    stat = corpus_sections["asa4301-2022"]
    assert stat[0] == "Rundskriv A/5-2022"
    for punkt in ("1.5", "2.1", "2.2", "2.3.1", "3.1", "4.3", "Vedlegg II protokolltilførsel", "Vedlegg III punkt 1"):
        assert punkt in stat
    report = corpus_sections["ekspertutvalget-2023"]
    for punkt in ("4.8.6", "2.2.4.1", "9.7.2.2", "11", "Vedlegg B"):
        assert punkt in report
    numbered = [tuple(int(x) for x in s.split(".")) for s in report if s[0].isdigit()]
    assert numbered == sorted(numbered)  # the chapter numbering only goes forward
    assert corpus_sections["ks-forlenges-2019"][-2:] == ["Veiledning og supervisjon i den nye spesialistutdanningen", "Pågående prosesser"]
    assert corpus_sections["ks-takst-2018"] == ["Fastleger - Takstforhandlinger og oppfølging i kommunene"]
