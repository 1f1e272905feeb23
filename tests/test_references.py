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
])
def test_section_references(question, refs):
    assert section_references(question) == refs


def test_in_section_covers_sub_sections_only():
    assert in_section("5.6", "5.6") and in_section("13.2", "13") and in_section("5.9 protokolltilførsel", "5.9")
    assert not in_section("5.10", "5.1") and not in_section("Vedlegg II", "Vedlegg I") and not in_section("15", "1")
