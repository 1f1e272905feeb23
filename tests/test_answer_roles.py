"""The fitted role model: features, labels from expected inputs, the acceptance threshold, and its use in plan."""
from contextlib import ExitStack
from datetime import date

import pytest

from assistant.answer import roles
from assistant.answer.plan import DATE_ROLES, plan
from assistant.answer.question import parse_question
from assistant.answer.roles import NONE, RoleModel, load_model, mention_features
from assistant.answer.roles_fit import Labelled, choose_threshold, fit, label_item

TODAY = date(2026, 12, 4)


def _mention(text, kind="number"):
    return next(m for m in parse_question(text, TODAY).mentions if m.kind == kind)


def test_features_hold_kind_size_and_the_letters_of_nearby_words_nearer_weighing_more():
    f = mention_features(_mention("kommunen har 4 500 innbyggjarar no"))
    assert f["k:number"] == 1.0 and f["mag:3"] == 1.0
    assert f["a:innbyggjarar"] == 1.0 and f["a:no"] == 0.5 and f["b:har"] == 1.0 and f["b:kommunen"] == 0.5
    assert "g:innb" in f and "g:<inn" in f
    assert "small" in mention_features(_mention("klasse 2"))


def test_labels_come_from_the_expected_inputs_and_other_values_are_none():
    item = {"id": "x", "kind": "calc", "tool": "utjamningstilskudd", "question":
            "Kommunen har 3 800 innbyggere, 4 fastleger og 3 600 pasienter til sammen på listene; 2 sykehjem.",
            "inputs": {"kommune_innbyggere": 3800, "hjemler": 4, "sum_listeinnbyggere": 3600}}
    got = {lab.mention.value: lab.role for lab in label_item(item, TODAY)}
    assert got == {3800: "kommune_innbyggere", 4: "hjemler", 3600: "sum_listeinnbyggere", 2: NONE}
    assert label_item({**item, "kind": "no_tool"}, TODAY) == []


def test_the_threshold_buys_right_answers_only_without_more_wrong_computations():
    base = {"right": 100, "asked": 10, "wrong": 10}
    counts = {None: base, 0.3: {"right": 104, "asked": 10, "wrong": 11},   # more right, but one more wrong
              0.5: {"right": 99, "asked": 11, "wrong": 7},                  # 1 fewer right, 3 fewer wrong
              0.7: {"right": 98, "asked": 11, "wrong": 7}}
    assert choose_threshold(counts) == 0.5
    assert choose_threshold({None: base, 0.5: {"right": 101, "asked": 9, "wrong": 10}}) == 1.0  # no better


def _toy_model(accept):
    """Fitted on made-up words no role list holds: "blorp" marks a list, "zint" a cap."""
    texts = [("legen har {} blorp", "listeinnbyggere"), ("{} blorp hos legen", "listeinnbyggere"),
             ("taket er {} zint", "listetak"), ("med {} zint", "listetak"), ("han er {} qqq", NONE)]
    samples = [Labelled(f"q{i}-{n}", _mention(t.format(n)), r)
               for i, (t, r) in enumerate(texts) for n in (900, 1200, 1500, 1800)]
    model = fit(samples, DATE_ROLES)
    return RoleModel(model.roles, model.date_roles, model.bias, model.weights, accept)


@pytest.fixture
def toy():
    with ExitStack() as stack:
        yield lambda accept: stack.enter_context(roles.using(_toy_model(accept)))


def test_a_value_the_role_words_leave_open_is_placed_by_the_model_and_the_answer_says_so(toy):
    q = parse_question("Hvor mye basistilskudd gir 1 300 blorp?", TODAY)
    toy(1.0)
    assert plan(q).kind == "follow_up"  # the threshold shuts the model out: asks for the list
    toy(0.5)
    route = plan(q)
    assert route.kind == "tool" and route.inputs["listeinnbyggere"] == 1300
    assert route.assumptions == ("Jeg har lest 1 300 som antall listeinnbyggere.",)


def test_role_words_still_decide_where_they_speak(toy):
    toy(0.5)
    route = plan(parse_question("Hvor mye basistilskudd med 1 300 pasienter på lista?", TODAY))
    assert route.kind == "tool" and route.inputs["listeinnbyggere"] == 1300 and route.assumptions == ()


def test_the_shipped_model_loads_and_gives_probabilities_of_allowed_roles_only():
    model = load_model()
    assert model is not None and 0.0 < model.accept <= 1.0
    probs = model.probs(_mention("fikk tilbudet 3. mars 2025", "date"))
    assert abs(sum(probs.values()) - 1.0) < 1e-9 and set(probs) <= set(DATE_ROLES) | {NONE}


def test_the_shipped_weights_are_what_the_training_files_give():
    from assistant.answer.roles_fit import TRAINING, load_labelled

    shipped = load_model()
    refit = fit(load_labelled(TRAINING), DATE_ROLES)
    assert refit.roles == shipped.roles
    assert max(abs(a - b) for a, b in zip(refit.bias, shipped.bias)) < 1e-3
    for name in ("cue:listeinnbyggere", "k:date", "mag:3"):
        for j, w in refit.weights[name].items():
            assert abs(shipped.weights[name].get(j, 0.0) - w) < 1e-3, (name, shipped.roles[j])
