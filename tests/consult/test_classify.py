from fawang.consult.classify import (
    CategoryModel,
    Path_,
    classify,
    load_questions,
    model,
    split_questions,
)
from fawang.workorders.models import Category

HELD_OUT_ACCURACY_FLOOR = 0.70


def test_the_labelled_set_covers_every_category_with_300_questions():
    items = load_questions()
    assert len(items) >= 300
    assert {i.category for i in items} == set(Category.values)
    assert len({i.question for i in items}) == len(items)


def test_a_third_is_held_out_and_never_trained_on():
    items = load_questions()
    train, test = split_questions(items)
    assert len(test) * 3 >= len(items)
    assert not {i.question for i in train} & {i.question for i in test}
    assert {i.category for i in test} == set(Category.values)
    trained_on = set()
    for counter in model().log_like.values():
        trained_on |= counter.keys()
    assert model().vocab == trained_on


def test_accuracy_on_the_held_out_third(capsys):
    train, test = split_questions(load_questions())
    accuracy = CategoryModel(train).accuracy(test)
    with capsys.disabled():
        print(f"\nconsult classifier held-out accuracy: {accuracy:.3f} on {len(test)} questions")
    assert accuracy >= HELD_OUT_ACCURACY_FLOOR


def test_a_hard_up_migrant_worker_owed_wages_is_pointed_to_legal_aid_then_arbitration():
    s = classify("我是农民工，老板拖了三个月工资不给，我没钱请律师")
    assert s.category == Category.LABOUR_WAGE
    assert s.paths[:2] == (Path_.LEGAL_AID, Path_.LABOUR_ARBITRATION)
    assert s.legal_aid_likely


def test_a_neighbour_quarrel_goes_to_mediation():
    s = classify("楼上邻居家天天往我家漏水，说了好几次都不修")
    assert s.category == Category.NEIGHBOUR
    assert s.path == Path_.MEDIATION
    assert not s.legal_aid_likely


def test_a_will_goes_to_the_notary_first():
    s = classify("我想立一份遗嘱，把房子留给小女儿，要去公证吗")
    assert s.path == Path_.NOTARY


def test_an_empty_or_foreign_question_falls_back_to_other():
    assert classify("???").category == Category.OTHER
