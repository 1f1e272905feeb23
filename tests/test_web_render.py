"""Pure rendering helpers: escaping, quote highlighting, validity badges, calc card, Markdown export."""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from assistant.ui import render
from assistant.ui.export import conversation_to_markdown

UNESCAPED = re.compile(r"(?<!\\)[<>*_\[\]`$]")


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "**fet** _kursiv_ [lenke](http://x) $x$", ":red[rød]"],
)
def test_escape_markdown_leaves_no_active_syntax(text):
    out = render.escape_markdown(text)
    assert not UNESCAPED.search(out)
    assert out.replace("\\", "") == text


def test_escape_markdown_keeps_line_breaks_as_hard_breaks():
    assert render.escape_markdown("a\nb") == "a  \nb"


def test_find_quote_ignores_line_wrapping_and_case():
    passage = "Blir legene ikke enige om beløpet innen 5\nuker etter at tilbudet er mottatt, avgjør nemnda."
    s, e = render.find_quote(passage, "innen 5 uker etter at Tilbudet er mottatt")
    assert passage[s:e] == "innen 5\nuker etter at tilbudet er mottatt"
    assert render.find_quote(passage, "står ikke her") is None
    assert render.find_quote(passage, "   ") is None


def test_highlight_escapes_text_and_marks_only_the_quote():
    passage = "Før <b>fet</b>. Legen har rett til fravær & permisjon. Etter <script>x</script>."
    html = render.highlight_quote_html(passage, "Legen har rett til fravær & permisjon.")
    assert '<mark class="src-quote">Legen har rett til fravær &amp; permisjon.</mark>' in html
    assert "&lt;b&gt;fet&lt;/b&gt;" in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<b>" not in html and "<script>" not in html
    assert html.count("<mark") == 1


def test_highlight_stays_on_one_line_so_markdown_cannot_break_out():
    html = render.highlight_quote_html("Første linje\n\n# Ikke en overskrift\n\nTredje", "Tredje")
    assert "\n" not in html
    assert "&#10;&#10;# Ikke en overskrift" in html


def test_highlight_cuts_long_passages_around_the_quote():
    passage = "begynnelse " + "ord " * 300 + "SITATET står her. " + "mer " * 300 + "slutt"
    html = render.highlight_quote_html(passage, "SITATET står her.", context_chars=100)
    assert '<mark class="src-quote">SITATET står her.</mark>' in html
    assert html.startswith('<div class="src-passage">… ord ') and html.endswith(' mer …</div>')
    assert "begynnelse" not in html and "slutt" not in html
    assert len(html) < 400
    short = render.highlight_quote_html("kort SITAT her", "SITAT")
    assert "…" not in short


def test_highlight_when_quote_missing_shows_passage_and_quote_separately():
    html = render.highlight_quote_html("Noe helt annet.", "<sitat>")
    assert '<div class="src-passage">Noe helt annet.</div>' in html
    assert '<mark class="src-quote">&lt;sitat&gt;</mark>' in html


def test_highlight_without_passage_shows_the_quote():
    assert render.highlight_quote_html("", "Bare sitatet") == '<div class="src-passage"><mark class="src-quote">Bare sitatet</mark></div>'


@pytest.mark.parametrize(
    ("citation", "today", "label", "kind"),
    [
        ({"in_force": True, "valid_to": "2025-07-01"}, None, "gjeldende", "gjeldende"),
        ({"in_force": False, "valid_to": "2023-06-30"}, None, "historisk (gjaldt til 30.06.2023)", "historisk"),
        ({"in_force": None, "valid_from": "2022-07-01", "valid_to": "2023-06-30"}, date(2023, 6, 30), "gjeldende", "gjeldende"),
        ({"in_force": None, "valid_from": "2022-07-01", "valid_to": "2023-06-30"}, date(2023, 7, 1), "historisk (gjaldt til 30.06.2023)", "historisk"),
        ({"in_force": False, "valid_from": "2024-04-01"}, date(2024, 3, 31), "gjelder fra 01.04.2024", "kommende"),
        ({"in_force": None}, date(2025, 1, 1), "uten gyldighetsperiode", "ukjent"),
    ],
)
def test_validity_badge(citation, today, label, kind):
    badge = render.validity_badge(citation, today)
    assert (badge.label, badge.kind) == (label, kind)


def test_citation_label_names_document_punkt_heading_and_page():
    c = {"n": 2, "title": "Rammeavtalen (ASA 4310) 2024–2025", "section": "5.6", "heading": "Vilkår", "page": 7}
    assert render.citation_label(c) == "[2] Rammeavtalen (ASA 4310) 2024–2025 pkt. 5.6 – Vilkår, s. 7"
    assert render.citation_label({**c, "section": "4.8.1", "page": None}, kind="rapport").endswith("pkt. 4.8.1 – Vilkår")
    assert render.citation_label({**c, "section": "Vedlegg II", "heading": "Vedlegg II", "page": None}) == (
        "[2] Rammeavtalen (ASA 4310) 2024–2025 Vedlegg II"
    )


def test_citation_meta_html_escapes_corpus_text():
    html = render.citation_meta_html({"title": "<i>x</i>", "section": "1", "heading": "<img onerror=a>", "in_force": True})
    assert "<i>" not in html and "<img" not in html and "&lt;img onerror=a&gt;" in html
    assert 'class="badge badge-gjeldende"' in html


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1500, "1\u00a0500"), (56250.0, "56\u00a0250"), (83416.67, "83\u00a0416,67"), (True, "ja"), ("2025-04-07", "07.04.2025"), (None, "–")],
)
def test_format_value(value, shown):
    assert render.format_value(value) == shown


RESULT = {
    "tool": "basistilskudd",
    "inputs": {"listeinnbyggere": 1500, "dato": "2023-01-01"},
    "values": {"arlig_kr": 1001000, "over_2500_uavklart": False},
    "summary": "Basistilskuddet er 1 001 000 kr.",
    "steps": ["1 000 × 675 kr = 675 000 kr", "500 × 652 kr = 326 000 kr"],
    "sources": [{"doc_id": "asa4301", "title": "Statsavtalen", "punkt": "2.1", "quote": "675 kroner"}],
    "validity": {"valid_from": "2022-07-01", "valid_to": "2023-06-30"},
    "warnings": ["Advarsel"],
}


def test_calc_card_rows():
    card = render.calc_card(RESULT)
    assert card.inputs == (("Listeinnbyggere", "1\u00a0500"), ("Dato", "01.01.2023"))
    assert card.values == (("Årlig (kr)", "1\u00a0001\u00a0000"), ("Over 2 500 – uavklart", "nei"))
    assert card.steps == tuple(RESULT["steps"])
    assert card.sources == ("Statsavtalen pkt. 2.1: «675 kroner»",)
    assert card.validity == "gjelder 01.07.2022–30.06.2023"
    assert card.warnings == ("Advarsel",)
    assert render.calc_card({**RESULT, "sources": [{"doc_id": "r", "title": "Rapporten", "punkt": "5.3"}]}, doc_kinds={"r": "rapport"}).sources == (
        "Rapporten pkt. 5.3",
    )


def test_table_markdown_escapes_cells():
    table = render.table_markdown(("A", "B"), [("x|y", "<b>z</b>")])
    assert table.splitlines()[2] == "| x\\|y | \\<b\\>z\\</b\\> |"


def test_conversation_markdown_has_each_answer_with_its_own_sources_and_calc():
    messages = [
        {"role": "user", "content": "Hva er fristen?"},
        {
            "role": "assistant", "content": "Fristen er 5 uker [1].", "today": "2025-03-01",
            "answer": {"citations": [{"n": 1, "title": "Rammeavtalen", "section": "5.6", "heading": "Vilkår", "page": 3,
                                      "quote": "innen 5 uker", "in_force": True}], "tool_calls": []},
        },
        {"role": "user", "content": "Og basistilskuddet?"},
        {"role": "assistant", "content": "1 001 000 kr.", "today": "2023-01-01",
         "answer": {"citations": [], "tool_calls": [{"name": "basistilskudd", "inputs": {}, "result": RESULT}]}},
    ]
    md = conversation_to_markdown(messages, datetime(2025, 3, 1, 12, 30))
    assert "Rammeavtalen pkt. 5.6" in conversation_to_markdown(messages, doc_kinds={"": "rapport"})
    assert "Eksportert 01.03.2025 kl. 12:30." in md
    assert md.index("## Spørsmål 1") < md.index("[1] Rammeavtalen pkt. 5.6 – Vilkår, s. 3 (gjeldende): «innen 5 uker»")
    assert md.index("[1] Rammeavtalen pkt. 5.6") < md.index("## Spørsmål 2") < md.index("1. 1 000 × 675 kr = 675 000 kr")
    assert "### Svar (regelverket per 01.01.2023)" in md
    assert "**Resultat:** Basistilskuddet er 1 001 000 kr." in md
    assert "ikke juridisk rådgivning" in md


# ---------------------------------------------------------------- issue 14


def test_answer_paragraphs_drop_the_sources_line_and_split_statements():
    text = ("Ifølge Rammeavtalen pkt. 16: Kommunen kan si opp avtalen. [1]\nOppsigelsen må være saklig. [2]\n\n"
            "Kilder: [1] Rammeavtalen pkt. 16; [2] Rammeavtalen pkt. 16.2")
    assert render.answer_paragraphs(text, has_citations=True) == [
        "Ifølge Rammeavtalen pkt. 16: Kommunen kan si opp avtalen. [1]", "Oppsigelsen må være saklig. [2]",
    ]
    # without citations nothing is a sources list: the text stays whole
    assert render.answer_paragraphs("Kilder: [1] x", has_citations=False) == ["Kilder: [1] x"]


def test_a_report_section_has_the_same_name_as_in_the_answer_text():
    c = {"n": 1, "title": "Ekspertutvalgets rapport (2023)", "section": "4.2.4", "heading": ""}
    assert render.citation_label(c, kind="rapport") == "[1] Ekspertutvalgets rapport (2023) pkt. 4.2.4"
    assert "kap." not in render.citation_meta_html(c, kind="rapport")


def test_a_document_past_its_period_says_why_it_is_in_force():
    note = "Forlenges automatisk for ett år om gangen etter 01.07.2025."
    today = date(2026, 12, 4)
    text = render.period_status_text("2024-04-01", "2025-07-01", True, today, note)
    assert text == "perioden 01.04.2024–01.07.2025 er passert – forlenges automatisk for ett år om gangen etter 01.07.2025."
    assert render.period_status_text("2024-04-01", "2025-07-01", True, today) == "perioden 01.04.2024–01.07.2025 er passert"
    assert render.period_status_text("2024-04-01", "2025-07-01", True, date(2025, 1, 1), note) == "gjelder 01.04.2024–01.07.2025"
    c = {"n": 1, "title": "Rammeavtalen", "section": "16", "valid_from": "2024-04-01", "valid_to": "2025-07-01", "in_force": True}
    assert "er passert – forlenges automatisk" in render.citation_meta_html(c, today, note=note)


def test_calc_card_shows_no_internal_keys():
    result = {
        "tool": "basistilskudd", "inputs": {"listeinnbyggere": 3000, "dato": "2024-01-01"},
        "values": {"arlig_kr": 1491000, "maanedlig_kr_med_544_over_2500": 146916.67, "satser_gjelder_fra": "2022-07-01"},
    }
    card = render.calc_card(result)
    assert ("Månedlig med 544 kr også over 2 500 (kr)", "146\u00a0916,67") in card.values
    frist = render.calc_card({"tool": "frist", "inputs": {"variant": "overdragelse_pris", "fra_dato": "2025-03-03"},
                              "values": {"variant": "overdragelse_pris", "nemnd_fra": "2025-04-08", "fridag": None}})
    assert ("Type frist", "Pris for praksis (fra tilbudet ble mottatt)") in frist.inputs
    assert all("_" not in k + v for k, v in frist.inputs + frist.values)


REPO_ROOT = Path(__file__).resolve().parent.parent


def test_every_key_any_calculator_returns_has_a_norwegian_label():
    """Every calc item of the fresh question set, run straight through the registry: no raw key or variant code
    reaches the page ("Oppsigelsesfrist utlop", "Type frist: hjemfall")."""
    import json

    tools = pytest.importorskip("assistant.calc.tools")
    from assistant.calc import deadlines

    items = [json.loads(line) for line in (REPO_ROOT / "tests/fixtures/tools_fresh.jsonl").read_text().splitlines()]
    for it in (i for i in items if i["kind"] == "calc"):
        result = tools.run_tool(it["tool"], it["inputs"], date(2026, 12, 4)).to_dict()
        missing = [k for k in (*result["inputs"], *result["values"]) if not render.has_label(k)]
        assert not missing, (it["id"], missing)
    assert all(v in render.VALUE_NAMES for v in deadlines.VARIANTS)


def test_every_key_the_form_calculators_return_has_a_label():
    tools = pytest.importorskip("assistant.calc.tools")
    cases = [("basistilskudd", {"listeinnbyggere": n, "dato": d}) for n in (1500, 3000) for d in (date(2023, 1, 1), date(2025, 1, 1))]
    cases += [("frist", {"variant": v, "fra_dato": date(2025, 3, 3)}) for v in ("overdragelse_pris", "overdragelse_tilbakekall")]
    for tool, inputs in cases:
        result = tools.run_tool(tool, inputs, date(2026, 12, 4)).to_dict()
        missing = [k for k in (*result["inputs"], *result["values"]) if not render.has_label(k)]
        assert not missing, (tool, missing)


def test_coverage_line_names_every_document_with_its_period():
    line = render.coverage_line([("Rammeavtalen", "gjelder 01.04.2024–01.07.2025"), ("Rapporten", "")])
    assert line == "Dekker: Rammeavtalen (gjelder 01.04.2024–01.07.2025) · Rapporten."


def test_export_keeps_each_quoted_statement_its_own_paragraph():
    messages = [
        {"role": "user", "content": "Oppsigelse?"},
        {"role": "assistant", "today": "2025-03-01",
         "content": "Ifølge Rammeavtalen pkt. 16: Legen kan si opp. [1]\nOppsigelsen skal være skriftlig. [2]\n\nKilder: [1] R; [2] R",
         "answer": {"citations": [{"n": 1, "title": "R", "section": "16", "quote": "Legen kan si\nopp."},
                                  {"n": 2, "title": "R", "section": "16.2", "quote": "skriftlig"}], "tool_calls": []}},
    ]
    md = conversation_to_markdown(messages)
    assert "Legen kan si opp. [1]\n\nOppsigelsen skal være skriftlig. [2]\n" in md
    assert "Kilder: [1] R; [2] R" not in md and md.count("#### Kilder") == 1
    assert "- [1] R pkt. 16 (uten gyldighetsperiode): «Legen kan si opp.»" in md


def test_coverage_period_never_says_gjelder_for_a_passed_period():
    green = render.Badge("gjeldende", "gjeldende", "green")
    old = render.Badge("historisk (gjaldt til 31.12.2018)", "historisk", "orange")
    assert render.coverage_period("2024-04-01", "2025-07-01", green, date(2025, 1, 1)) == "gjelder 01.04.2024–01.07.2025"
    assert render.coverage_period("2024-04-01", "2025-07-01", green, date(2026, 12, 4)) == (
        "gjeldende etter avtaleperioden 01.04.2024–01.07.2025")
    assert render.coverage_period(None, "2018-12-31", old, date(2026, 12, 4)) == "historisk (gjaldt til 31.12.2018)"
    assert render.coverage_period(None, None, render.Badge("uten gyldighetsperiode", "ukjent", "gray"), None) == ""


def test_sources_are_one_block_of_closed_details_with_escaped_labels():
    citations = [
        {"n": 1, "doc_id": "a", "title": "Avtale <b>", "section": "5.1", "quote": "fem uker", "passage_text": "Frist: fem uker."},
        {"n": 2, "doc_id": "b", "title": "Brev", "section": "", "quote": "x", "passage_text": ""},
    ]
    html_ = render.sources_html(citations, date(2025, 1, 1), {"a": "avtale"})
    assert html_.count('<details class="src">') == 2 and "open" not in html_  # closed until clicked
    assert "[1] Avtale &lt;b&gt;" in html_ and "<b>" not in html_
    assert '<mark class="src-quote">fem uker</mark>' in html_
    assert "\n" not in html_  # one HTML block: a blank line would end it inside Markdown


def test_streamlit_does_not_collect_garbage_after_every_run():
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False  # gc.collect(2) per run: a quarter of the server's CPU


# ---------------------------------------------------------------- browser review


def test_export_titles_each_calculation_as_the_page_and_keeps_its_warnings_and_values():
    """The export headed a calculation "Beregning: barn_syk" and left out its warnings and result table."""
    tools = pytest.importorskip("assistant.calc.tools")

    calls = [
        {"name": name, "inputs": inputs, "result": tools.run_tool(name, inputs, date(2025, 3, 1)).to_dict()}
        for name, inputs in (
            ("barn_syk", {"antall_barn": 2, "kronisk": True}),
            ("utjamningstilskudd", {"kommune_innbyggere": 3800, "hjemler": 4, "sum_listeinnbyggere": 3600}),
        )
    ]
    barn = calls[0]["result"]
    assert barn["warnings"] and barn["values"]
    messages = [{"role": "user", "content": "Syke barn?"},
                {"role": "assistant", "content": barn["summary"], "today": "2025-03-01",
                 "answer": {"citations": [], "tool_calls": calls}}]
    md = conversation_to_markdown(messages)
    assert "#### Beregning: Dager med syke barn" in md and "#### Beregning: Utjamningstilskudd" in md
    assert render.tool_title("barn_syk") == "Dager med syke barn"
    assert "barn_syk" not in md and "Beregning: utjamningstilskudd" not in md
    first_line = " ".join(barn["warnings"][0].split())
    assert f"> **Advarsel:** {first_line}" in md
    assert "| Resultat | Verdi |" in md and "| Dager | 10 |" in md and "| Tolkningen er uavklart | ja |" in md
    assert all(f"- {c}" in md for c in barn["conventions"])  # the notes under the card
