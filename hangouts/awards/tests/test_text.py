from datetime import date

from hangouts.awards.text import ZWSP, month_name, with_word_breaks, words


def test_with_word_breaks_puts_zero_width_spaces_between_lao_words_only():
    text = "ຂໍຂອບໃຈທີ່ໄດ້ນຳສະເໜີ AI 2026 ແລະ ສິດທິມະນຸດ"
    broken = with_word_breaks(text)
    assert broken.replace(ZWSP, "") == text
    assert broken.split(" ")[0].split(ZWSP) == ["ຂໍ", "ຂອບໃຈ", "ທີ່", "ໄດ້", "ນຳ", "ສະເໜີ"]
    assert "AI 2026" in broken  # Latin and digits untouched
    assert f" {ZWSP}" not in broken and f"{ZWSP} " not in broken


def test_words_cut_text_with_emoji_at_the_right_places():
    assert "".join(words("ສະບາຍດີ 🎉ຂອບໃຈ")) == "ສະບາຍດີ 🎉ຂອບໃຈ"
    assert "ຂອບໃຈ" in words("ສະບາຍດີ 🎉ຂອບໃຈ")


def test_month_name_in_lao_and_english():
    assert month_name(date(2026, 3, 1), "lo") == "ມີນາ 2026"
    assert month_name(date(2026, 3, 1), "en") == "March 2026"
