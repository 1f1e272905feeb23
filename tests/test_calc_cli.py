"""The `calc` command line: Norwegian text, --json, --list, errors with exit code 2 and no traceback."""
from __future__ import annotations

import json

import pytest

from assistant.calc.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_basistilskudd_text(capsys):
    code, out, err = run(capsys, "basistilskudd", "--liste", "1500", "--dato", "2022-09-01")
    assert code == 0 and err == ""
    assert "947 000 kr" in out and "78 916,67 kr" in out
    assert "Statsavtalen (ASA 4301) 2022–2023 pkt. 2.1" in out


def test_leading_calc_word_is_accepted(capsys):
    code, out, _ = run(capsys, "calc", "basistilskudd", "--liste", "1200")
    assert code == 0 and "783 800 kr" in out


def test_basistilskudd_json(capsys):
    code, out, _ = run(capsys, "basistilskudd", "--liste", "3000", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["values"]["arlig_kr"] == 1491000 and data["values"]["over_2500_uavklart"] is True


def test_global_json_flag(capsys):
    code, out, _ = run(capsys, "--json", "trekk", "--liste", "1500")
    assert code == 0 and json.loads(out)["values"]["maks_trekk_maanedlig_kr"] == 15783.33


def test_frist_overdragelse(capsys):
    code, out, _ = run(capsys, "frist", "overdragelse", "--tilbud-mottatt", "2025-03-03")
    assert code == 0 and "mandag 7. april 2025" in out and "pkt. 5.6" in out


def test_frist_tilbud_gitt(capsys):
    code, out, _ = run(capsys, "frist", "overdragelse", "--tilbud-gitt", "3.3.2025", "--json")
    data = json.loads(out)
    assert data["values"]["variant"] == "overdragelse_tilbakekall" and data["values"]["kan_trekkes_fra"] == "2025-04-08"


def test_frist_generic_steps(capsys):
    code, out, _ = run(capsys, "frist", "--fra", "01.11.2025", "--maaneder", "3", "--for", "--json")
    assert code == 0 and json.loads(out)["values"]["dato"] == "2025-08-01"


def test_frist_listereduksjon_helse(capsys):
    code, out, _ = run(capsys, "frist", "listereduksjon", "--reduksjon-fra", "2025-11-01", "--helse", "--json")
    assert json.loads(out)["values"]["dato"] == "2025-08-01"


def test_list(capsys):
    code, out, _ = run(capsys, "--list")
    assert code == 0
    for name in ("basistilskudd", "frist", "overdragelse_pris", "rammeavtale_varighet"):
        assert name in out


@pytest.mark.parametrize("argv,field_text", [
    (["basistilskudd", "--liste", "-5"], "listeinnbyggere"),
    (["basistilskudd", "--liste", "0"], "listeinnbyggere"),
    (["basistilskudd", "--liste", "mange"], "listeinnbyggere"),
    (["basistilskudd", "--liste", "1200", "--dato", "2025-02-30"], "finnes ikke"),
    (["basistilskudd", "--liste", "1200", "--dato", "2025/03/03"], "ÅÅÅÅ-MM-DD"),
    (["basistilskudd"], "Mangler «listeinnbyggere»"),
    (["basistilskudd", "--liste"], "Mangler verdi"),
    (["basistilskudd", "--pasienter", "3"], "Ukjent argument"),
    (["skatt"], "Ukjent valg"),
    (["frist"], "Mangler fristtype"),
    (["frist", "ferie", "--fra", "2025-01-01"], "Ukjent fristtype"),
    (["frist", "oppsigelse"], "Mangler fra dato"),
    ([], "Mangler beregning"),
])
def test_bad_input_exit_2(capsys, argv, field_text):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert field_text in err
    assert "Traceback" not in err


def test_help_exits_zero(capsys):
    code, out, _ = run(capsys, "basistilskudd", "--help")
    assert code == 0 and "--liste" in out


@pytest.mark.parametrize("argv, key, expected", [
    (("suspensjon", "--andel", "60", "--siste-tre-maaneder", "65000", "65500", "65500"), "maanedlig_kr", 65333.33),
    (("suspensjon", "--andel", "100", "--snitt-basistilskudd", "70000"), "maanedlig_kr", 70000),
    (("timesats", "--dato", "2025-01-15", "--timer-per-uke", "7,5", "--uker", "4"), "sum_kr", 32250),
    (("barn-syk", "--barn", "1", "--alder", "13"), "dager", 0),
    (("barn-syk", "--barn", "3", "--alder", "3", "8", "11"), "dager", 15),
    (("deleliste", "--liste", "1600", "--født", "10.5.1957", "--start", "2025-09-01"), "nedtrapping_slutt", "2027-05-10"),
    (("frist", "hjemfall", "--oppsagt", "2025-01-15", "--oppsigelsesfrist-måneder", "6"), "dato", "2026-01-15"),
])
def test_new_inputs_from_the_command_line(capsys, argv, key, expected):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    assert json.loads(out)["values"][key] == expected


def test_age_of_a_child_that_is_not_a_number_gives_a_norwegian_message(capsys):
    code, _, err = run(capsys, "barn-syk", "--barn", "1", "--alder", "tretten")
    assert code == 2 and "«barnas alder»" in err and "heltall" in err and "barn_alder" not in err


def test_every_input_of_a_calculator_has_a_flag():
    from assistant.calc.cli import OPTIONS
    from assistant.calc.tools import TOOLS

    for name, flags in OPTIONS.items():
        assert set(TOOLS[name].input_model.model_fields) == {key for _, key, _ in flags}, name


def test_suspension_floor_from_a_list_size(capsys):
    # basis(1 300) = 838 200 per year, 69 850 per month, above the rate's 63 352,50
    code, out, _ = run(capsys, "suspensjonstilskudd", "--andel", "100", "--liste", "1300", "--json")
    values = json.loads(out)["values"]
    assert code == 0 and values["maanedlig_kr"] == 69850 and values["gulv_brukt"] is True
