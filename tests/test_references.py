"""Section references in questions (pure)."""
import pytest

from assistant.references import in_section, section_references


@pytest.mark.parametrize("question, refs", [
    ("Hva sier punkt 5.6 i rammeavtalen?", ["5.6"]),
    ("Hva står i pkt. 8.2?", ["8.2"]),
    ("jf. § 16", ["16"]),
    ("Hva sier punktene 5.6 og 5.7?", ["5.6", "5.7"]),
    ("§§ 16, 17 og 18", ["16", "17", "18"]),
    ("Hva står i kapittel 4.8.1.?", ["4.8.1"]),
    ("What does section 17.1 of the agreement say?", ["17.1"]),
    ("Hva sier vedlegg II i statsavtalen?", ["Vedlegg II"]),
    ("Hva er en 8.2-avtale?", []),  # a name, not a reference
    ("Det skrives 2,3 millioner sykmeldinger.", []),
    ("punkt 5 og 2022", ["5"]),  # a year is no punkt
    ("", []),
    ("Hvilke vedlegg i rammeavtalen gjelder legevakt?", []),  # "i" is no Roman numeral
    ("Hva sier vedlegg III punkt 2?", ["Vedlegg III punkt 2"]),  # as the corpus writes the section
    ("Hva sier vedlegg 2 til rammeavtalen?", ["Vedlegg II"]),
    ("Hva står i vedlegg B i rapporten?", ["Vedlegg B"]),
    ("Hva sier punkt 5.6 og vedlegg I?", ["5.6", "Vedlegg I"]),  # in the question's order
    ("Hva står i punktet 5.6?", ["5.6"]),
    ("punkt 5.6 og 2 uker", ["5.6"]),  # a listed number followed by a noun is an amount
    ("kapittel 2 og 3,5 millioner", ["2"]),
    ("section 5 and 10 doctors", ["5"]),
    ("punktene 5.6, 5.7 og 5.8 i avtalen", ["5.6", "5.7", "5.8"]),
    ("helse- og omsorgstjenesteloven § 3-2", []),  # a law's paragraphs, not the agreement's punkter
    ("Hva sier fastlegeforskriften § 8?", []),
])
def test_section_references(question, refs):
    assert section_references(question) == refs


def test_in_section_covers_sub_sections_only():
    assert in_section("5.6", "5.6") and in_section("13.2", "13") and in_section("5.9 protokolltilførsel", "5.9")
    assert not in_section("5.10", "5.1") and not in_section("Vedlegg II", "Vedlegg I") and not in_section("15", "1")
