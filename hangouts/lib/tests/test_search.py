"""The search key (lao.md §3.5): spellings people type for the same Lao word meet."""

from hangouts.lib.search import fold_lao, normalize_for_search, search_terms


def test_normalize_for_search_meets_precomposed_and_two_key_am() -> None:
    assert normalize_for_search("ທຳອິດ") == normalize_for_search("ທໍາອິດ")


def test_normalize_for_search_meets_ho_lo_spellings() -> None:
    assert normalize_for_search("ສະຫຼຸບ") == normalize_for_search("ສະຫລຸບ")


def test_normalize_for_search_meets_ho_no_and_ho_mo_spellings() -> None:
    assert normalize_for_search("ປີໜ້າ") == normalize_for_search("ປີຫນ້າ")
    assert normalize_for_search("ໝາກໄມ້") == normalize_for_search("ຫມາກໄມ້")


def test_normalize_for_search_drops_zero_width_characters_and_extra_spaces() -> None:
    assert normalize_for_search("ການ\u200bປະຊຸມ\ufeff  ປະຈຳ\u200dເດືອນ \n") == normalize_for_search(
        "ການປະຊຸມ ປະຈຳເດືອນ"
    )


def test_normalize_for_search_folds_latin_case_and_tone_mark_order() -> None:
    assert normalize_for_search("CLIMATE Change") == "climate change"
    assert fold_lao("ນ\u0ec9\u0ecd\u0eb2") == fold_lao("ນ\u0ecd\u0ec9\u0eb2") == fold_lao("ນ້ຳ")


def test_normalize_for_search_joins_several_texts() -> None:
    assert normalize_for_search("Title", "", "Notes") == "title notes"


def test_search_terms_are_distinct_normalised_and_capped() -> None:
    assert search_terms("  ໂພຊະນາການ NUTRITION ໂພຊະນາການ ") == ["ໂພຊະນາການ", "nutrition"]
    assert len(search_terms(" ".join(f"w{i}" for i in range(20)))) == 8
    assert search_terms(" \u200b ") == []
