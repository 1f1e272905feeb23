"""The admin panel step for new rates (AppTest, fake assistant): propose, show the diff with quotes, and take
the set into use only after confirmation; then the page's basistilskudd form uses the new rates by date."""
from __future__ import annotations

from datetime import date

import pytest

from assistant.calc import rulesets
from assistant.calc.money import format_kr
from assistant.ui import state
from tests.test_calc_propose import NEW_FILE, make_corpus
from tests.test_web_app import env, new_app, plain  # noqa: F401 - env is a fixture

PASSWORD = "hemmelig-123"


@pytest.fixture
def admin_app(env, monkeypatch):  # noqa: F811
    root = env["tmp"] / "satser"
    root.mkdir()
    corpus = make_corpus(root)
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("ASSISTANT_ADMIN_PASSWORD", PASSWORD)
    at = new_app()
    at.text_input(key="admin_pw").input(PASSWORD)
    at.button(key="admin_login").click().run()
    return at


def basis_form(at, liste: int, dato: date) -> str:
    if not at.toggle(key="show_calc").value:
        at.toggle(key="show_calc").set_value(True).run()
    at.text_input(key="calc_basis_liste").input(str(liste))
    at.text_input(key="calc_basis_dato").input(dato.strftime("%d.%m.%Y"))
    at.form_submit_button[0].click().run()
    assert not at.exception, at.exception
    return plain(at.chat_message[-1].success[0].value)


def test_rules_stay_unused_until_the_admin_confirms(admin_app):
    at = admin_app
    assert at.selectbox(key="rules_file").value == NEW_FILE
    at.button(key="rules_propose").click().run()
    shown = at.text[0].value
    assert "1 000 → 1 200 listeinnbyggere" in shown and "«742 kroner per listeinnbygger inntil 1 200" in shown
    warnings = " ".join(plain(w.value) for w in at.warning)
    assert "Kan ikke leses: suspensjon.tilskudd (pkt. 2.4)" in warnings and "flyttet fra 1 000 til 1 200" in warnings
    at.button(key="rules_accept").click().run()  # not confirmed yet
    assert any("Kryss av" in e.value for e in at.error)
    settings = state.load_settings()
    assert not rulesets.accepted_path(settings, "asa4301-2025").exists()
    assert basis_form(at, 1500, date(2025, 9, 1)).startswith("Kildene har ingen satser for 1. september 2025")


def test_after_confirmation_the_form_uses_the_new_rates_for_their_period(admin_app):
    at = admin_app
    at.button(key="rules_propose").click().run()
    at.checkbox(key="rules_confirm").check().run()
    at.button(key="rules_accept").click().run()
    assert any("er i bruk for 1. juli 2025–30. juni 2026" in plain(s.value) for s in at.success)
    assert rulesets.accepted_path(state.load_settings(), "asa4301-2025").exists()
    new = basis_form(at, 1500, date(2025, 9, 1))
    assert format_kr(1200 * 742 + 300 * 598) in new and "Statsavtalen (ASA 4301) 2025–2026" in new
    old = basis_form(at, 1500, date(2022, 9, 1))
    assert format_kr(1000 * 675 + 500 * 544) in old and "2022–2023" in old
    assert any("I bruk: Statsavtalen (ASA 4301) 2025–2026" in plain(c.value) for c in at.caption)
