"""The fitted topic model: features of a question, labels, the choice of setting, and its use in plan."""
from datetime import date

from assistant.answer.plan import plan
from assistant.answer.question import parse_question
from assistant.answer.topics import NONE, TopicModel, load_model, question_features, spec_key, using
from assistant.answer.topics_fit import choose, fit, label

TODAY = date(2026, 12, 4)


def test_features_are_the_bokmaal_words_their_pairs_letters_and_the_kinds_of_values():
    f = question_features(parse_question("Kor mykje utjamningstilskot med 4 500 innbyggjarar?", TODAY))
    assert f["w:utjamningstilskudd"] == 1.0 and f["w:innbyggere"] == 1.0  # nynorsk read as bokmål
    assert f["bi:hvor_mye"] == 1.0 and "g:utja" in f and f["has:number"] == 1.0


def test_labels_are_the_tool_and_variant_or_none():
    assert label({"kind": "calc", "tool": "frist", "inputs": {"variant": "hjemfall"}}) == "frist:hjemfall"
    assert label({"kind": "clarify", "tool": "basistilskudd", "inputs": {}}) == "basistilskudd"
    assert label({"kind": "no_tool", "tool": None}) == NONE and label({"type": "fact"}) == NONE
    assert spec_key("frist", None) == "frist"


def test_the_setting_must_beat_the_topic_words_without_more_wrong_answers():
    base = {"right": 100, "asked": 10, "wrong": 5, "text_bad": 3}
    counts = {None: base, (0.5, 2.0, 1.0): {"right": 110, "asked": 10, "wrong": 6, "text_bad": 3},
              (0.7, 2.0, 1.0): {"right": 104, "asked": 10, "wrong": 5, "text_bad": 3}}
    assert choose(counts) == (0.7, 2.0, 1.0)
    assert choose({None: base, (0.5, 1.0, 1.0): {"right": 120, "asked": 10, "wrong": 5, "text_bad": 4}}) == (1.0, 0.0, 1.0)


def _toy(accept):
    """A subject named by a made-up word no topic list holds: "zorbgrant" means basistilskudd."""
    items = [{"question": q, "kind": k, "tool": t} for q, k, t in [
        ("Hvor mye zorbgrant med 1 200 pasienter?", "calc", "basistilskudd"),
        ("zorbgrant for 900 på lista", "calc", "basistilskudd"),
        ("Hva blir zorbgrant når lista er 1 500?", "calc", "basistilskudd"),
        ("Hvem leder samarbeidsutvalget?", "no_tool", None),
        ("Hva sier avtalen om ferie?", "no_tool", None),
        ("Hvordan klager jeg på vedtaket?", "no_tool", None)]]
    model = fit(items, TODAY)
    return TopicModel(model.topics, model.bias, model.weights, accept, 2.0)  # no veto


def test_a_subject_the_model_is_sure_of_becomes_a_candidate_and_is_held_to_its_inputs():
    q = parse_question("Hvor mye zorbgrant får legen med 1 300 pasienter?", TODAY)
    with using(None):
        assert plan(q).kind == "search"
    with using(_toy(0.5)):
        route = plan(q)
        assert route.kind == "tool" and route.tool == "basistilskudd" and route.inputs["listeinnbyggere"] == 1300
        assert plan(parse_question("Hvor mye zorbgrant får legen?", TODAY)).kind != "tool"  # no list: not computed
    with using(_toy(1.0)):
        assert plan(q).kind == "search"


def test_the_shipped_model_gives_a_distribution_over_its_subjects():
    model = load_model()
    assert model is not None and NONE in model.topics and 0.0 < model.accept <= 1.0
    probs = model.probs(parse_question("Når hjemfaller praksisen hvis oppsigelsestiden går ut 1. mars 2026?", TODAY))
    assert abs(sum(probs.values()) - 1.0) < 1e-9 and max(probs, key=probs.get) == "frist:hjemfall"


def test_within_a_percent_of_the_best_the_most_cautious_setting_wins():
    base = {"right": 300, "asked": 70, "wrong": 25, "text_bad": 40}
    counts = {None: base, (0.5, 2.0, 0.8): {"right": 345, "asked": 66, "wrong": 25, "text_bad": 18},
              (0.5, 2.0, 0.95): {"right": 345, "asked": 72, "wrong": 25, "text_bad": 27},
              (0.5, 2.0, 1.0): {"right": 345, "asked": 72, "wrong": 25, "text_bad": 38}}
    assert choose(counts) == (0.5, 2.0, 0.95)  # 340 vs 343: within 1 %; vetoes less
    assert choose(counts, band=0.0) == (0.5, 2.0, 0.8)


def test_a_veto_yields_only_to_a_named_calculation_asked_for_with_a_worded_value_of_its_own():
    toy = _toy(0.5)
    # a model sure that every question is about none of the calculators
    sure_none = TopicModel(toy.topics, tuple(50.0 if t == NONE else 0.0 for t in toy.topics), {}, 0.5, 2.0, 0.95)
    with using(sure_none):
        # named in words, an amount asked for, a share with its own words: the question back for the list
        route = plan(parse_question("Kommunen vil halde att ein tidel av basistilskotet til legen. Kor mykje blir det "
                                    "i kroner kvar månad?", TODAY))
        assert route.kind == "follow_up" and route.tool == "trekk" and route.inputs["trekk_prosent"] == 10.0
        # the rate per patient the text states, a rule question, and a date alone are left to the text
        for text in ("Hvor mye var basistilskuddet per pasient fra juli 2022 for de første 1000 på lista?",
                     "Kan kommunen holde tilbake basistilskuddet?",
                     "Hvor lenge gjaldt rammeavtalen fra 2019?"):
            assert plan(parse_question(text, TODAY)).kind == "search", text
