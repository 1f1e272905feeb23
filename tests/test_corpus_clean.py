"""Cleaning: OCR duplicate pages, page recovery, rejoined words and numbers, paragraphs."""
from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.clean import build_text, join_lines, normalize_line
from assistant.corpus.loader import text_to_pages
from assistant.corpus.pages import Page, drop_ocr_copies, find_ocr_copy, fold_for_ocr, split_pages

REPO_CORPUS = Path(__file__).resolve().parents[1] / "corpus"
RUNDSKRIV = REPO_CORPUS / "statsavtalen-asa4301-2022-2023-a5-2022.txt"
ASA4310 = REPO_CORPUS / "rammeavtalen-asa4310-2024-2025.txt"


@pytest.fixture(scope="module")
def rundskriv() -> tuple[str, tuple]:
    return build_text(text_to_pages(RUNDSKRIV.read_text(encoding="utf-8")))


def test_rundskriv_has_no_ocr_copies(rundskriv):
    text, _ = rundskriv
    for ocr_error in ("Dr@fting", "AIie", " ti l ", "DELIll", "Vedlegg Ill", "KSog"):
        assert ocr_error not in text
    # every clean punkt is there exactly once
    for heading in ("1.5 Varighet mv.", "2.1 Basistilskudd for allmennleger", "2.4 Godtgjørelse til leger", "3.1 Driftstilskudd"):
        assert text.count(heading) == 1, heading
    assert text.count("Denne avtalen gjelder fra 1. juli 2022 til 30. juni 2023.") == 1
    assert "Fra listeinnbygger 1001 og opptil 2500 utgjør basistilskuddet 544 kroner pr listeinnbygger." in text


def test_rundskriv_keeps_about_half_of_its_lines():
    lines = RUNDSKRIV.read_text(encoding="utf-8").split("\n")
    pages, dropped = drop_ocr_copies(split_pages(lines))
    nonblank_before = sum(1 for ln in lines if ln.strip())
    nonblank_after = sum(1 for p in pages for ln in p.lines if ln.strip())
    assert 330 <= nonblank_before - nonblank_after <= 380  # NOTES: 363 of 741 lines are OCR copies
    assert dropped > 0


def test_rundskriv_page_numbers(rundskriv):
    text, page_starts = rundskriv
    numbers = [n for _, n in page_starts]
    assert numbers == sorted(numbers) and numbers[0] == 1 and len(numbers) >= 15
    offsets = [o for o, _ in page_starts]
    assert offsets == sorted(set(offsets))
    first_page_end = page_starts[1][0]
    assert "Ny avtaleperiode er 1. juli 2022 til 30. juni 2023." in text[:first_page_end]


def test_indented_text_has_no_page_numbers():
    lines = ASA4310.read_text(encoding="utf-8").split("\n")
    pages = split_pages(lines)
    assert [p.number for p in pages] == [None]


def test_leading_space_marks_pages_and_side_footer_anchors_numbers():
    lines = [" Første side", "tekst", "Side | 7", " Andre side", "mer tekst", " Tredje side"]
    pages = split_pages(lines)
    assert [p.number for p in pages] == [7, 8, 9]
    assert pages[1].lines[0] == " Andre side"


def test_ocr_copy_at_page_end_is_found_and_clean_lines_kept():
    clean = [
        " 1.5 Varighet mv. ",
        "Denne avtalen gjelder fra 1. juli 2022 til 30. juni 2023. ",
        "Det vises for øvrig til forhandlingsprotokoll av 30. juni 2022. ",
        "Alle legekontor skal ha et elektronisk pasientjournalsystem. ",
    ]
    ocr = [
        "1.5 Varighet mv.",
        "Denne avtalen gjelder fra l. juli 2022 ti l 30. juni 2023.",
        "Det vises for øvrig ti l forhandlingsprotokoll av 30. juni 2022.",
        "AIie legekontor skal ha et elektronisk pasientjournalsystem.",
    ]
    assert find_ocr_copy(clean + [""] + ocr) == len(clean) + 1
    assert find_ocr_copy(clean) is None


def test_repeated_table_in_a_report_is_not_dropped():
    page = [" Tabell 1", "Basistilskudd 1 000 000 kroner per år for alle", "Takstkostnader lege 1 000 000 kroner", "Sum 2 000 000 kroner"]
    pages = [Page(n, tuple(page + page)) for n in range(1, 2)] + [Page(n, (" Vanlig tekst på side", "uten kopier")) for n in range(2, 6)]
    kept, dropped = drop_ocr_copies(pages)
    assert dropped == 0 and kept == pages  # copies on under 30 % of pages: a real repeated table


def test_fold_for_ocr_treats_l_i_1_alike():
    assert fold_for_ocr("l . l Forankring") == fold_for_ocr("1.1 Forankring")
    assert fold_for_ocr("AIie") == fold_for_ocr("Alle")


@pytest.mark.parametrize(
    ("prev", "line", "joined"),
    [
        ("samarbeid mellom kommunen og allmenn-", "legene. Allmennlegene", "samarbeid mellom kommunen og allmennlegene. Allmennlegene"),
        ("helse-", "og omsorgstjenesteloven", "helse- og omsorgstjenesteloven"),
        ("ansatte leger i ALIS-", "stillinger", "ansatte leger i ALIS-stillinger"),
        ("se figur 2-", "40 (Deliac et al., 2023)", "se figur 2-40 (Deliac et al., 2023)"),
        ("utgjør 12,7 mrd.", "kroner i 2022", "utgjør 12,7 mrd. kroner i 2022"),
        ("kroner         1 022 000,-", "2 kroner", "kroner         1 022 000,- 2 kroner"),
        ("LIS1-", "stillinger", "LIS1-stillinger"),
        ("av tingrettens - og", "så videre", "av tingrettens - og så videre"),
    ],
)
def test_join_lines(prev, line, joined):
    assert join_lines(prev, line) == joined


def test_normalize_line_keeps_norwegian_letters_and_uses_nfc():
    decomposed = "Tilgjengelighet og fraværsdager fo\u0308r la\u030agere"
    out = normalize_line("  \u00a0" + decomposed + "\u00ad  \t ")
    assert out == "Tilgjengelighet og fraværsdager för lågere"
    assert normalize_line("\uf0b7 Kommunens mulighet") == "• Kommunens mulighet"


def test_build_text_unwraps_lines_into_paragraphs():
    lines = (
        " 5.6 Vilkår i forbindelse med tildeling av fastlegeavtale",
        "",
        "Kommunen kan stille vilkår om at legen skal delta i",
        "",
        "allmennlegeoppgaver i inntil 7,5 timer per uke. Samarbeidsutvalget skal",
        "uttale seg.",
        "Ny setning som starter nytt avsnitt.",
        "- et kulepunkt",
        "- et annet kulepunkt",
    )
    text, starts = build_text([Page(3, lines)])
    assert text.split("\n\n") == [
        "5.6 Vilkår i forbindelse med tildeling av fastlegeavtale",
        "Kommunen kan stille vilkår om at legen skal delta i allmennlegeoppgaver i inntil 7,5 timer per uke. "
        "Samarbeidsutvalget skal uttale seg.",
        "Ny setning som starter nytt avsnitt.",
        "- et kulepunkt",
        "- et annet kulepunkt",
    ]
    assert starts == ((0, 3),)


def test_wrapped_cross_reference_is_not_a_heading():
    lines = ("Dette gjelder tilsvarende, jf. punkt", "5.6 Vilkår i forbindelse med tildeling.", "Neste avsnitt.")
    text, _ = build_text([Page(None, lines)])
    assert text.startswith("Dette gjelder tilsvarende, jf. punkt 5.6 Vilkår i forbindelse med tildeling.")


def test_page_start_offsets_point_at_the_page_text():
    pages = [Page(1, (" Første side slutter midt i en", "setning som")), Page(2, (" fortsetter her. Og så videre.",))]
    text, starts = build_text(pages)
    assert text == "Første side slutter midt i en setning som fortsetter her. Og så videre."
    assert starts == ((0, 1), (text.index("fortsetter"), 2))


def test_glued_footnote_numbers_are_removed_only_when_the_footnote_exists():
    lines = (
        "Belastningen på legevakttjenesten45. Tabellen viser maksp75 og minp25.",
        "45 Tall fra Nasjonalt kompetansesenter for legevaktmedisin.",
    )
    text, _ = build_text([Page(None, lines)])
    assert "legevakttjenesten." in text and "legevakttjenesten45" not in text
    assert "maksp75" in text and "minp25" in text  # no footnote 75 or 25: table labels stay


def test_page_number_inside_a_sentence_is_dropped():
    pages = [Page(6, ("Før beslutning treffes skal kommunen innhente uttalelse. Den",)),
             Page(7, ("7", "ledige fastlegeavtalen skal lokaliseres til eksisterende", "gruppepraksis."))]
    text, starts = build_text(pages)
    assert "Den ledige fastlegeavtalen skal lokaliseres" in text and " 7 " not in text
    assert [n for _, n in starts] == [6, 7]


def test_table_cells_and_footnote_numbers_are_not_page_numbers():
    text, _ = build_text([Page(None, ("Kvalitetsindikatorer er statistikk som brukes for å", "900", "950",
                                      "1000", "Neste avsnitt.", "10", "Integrated Care systems dekker befolkning."))])
    assert "900" in text and "950" in text and "10" in text


def test_asa4310_has_no_page_number_inside_a_sentence():
    text, _ = build_text(text_to_pages(ASA4310.read_text(encoding="utf-8")))
    assert "Den 7 ledige" not in text
    assert "Den ledige fastlegeavtalen skal som hovedregel lokaliseres" in text
