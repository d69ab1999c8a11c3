"""The pinyin slug of a title: readable, ASCII, cut at a syllable, unique with a number."""

from sitegroup.lib.slugs import FALLBACK_SLUG, MAX_SLUG_LENGTH, slug_from_text, unique_slug


class TestSlugFromText:
    def test_chinese_title_becomes_pinyin_syllables(self):
        assert slug_from_text("教育局工作动态") == "jiao-yu-ju-gong-zuo-dong-tai"

    def test_polyphonic_characters_follow_the_phrase(self):
        assert slug_from_text("重庆银行") == "chong-qing-yin-hang"

    def test_latin_and_digits_are_kept_as_words(self):
        assert slug_from_text("２０２４年 OA 系统通知") == "2024-nian-oa-xi-tong-tong-zhi"

    def test_punctuation_and_accents_are_dropped(self):
        assert slug_from_text("《绿色 café》——通知！") == "lv-se-cafe-tong-zhi"

    def test_long_title_is_cut_at_a_whole_syllable(self):
        slug = slug_from_text("关于开展二〇二四年度全县政务公开标准化规范化工作第三方评估的通知")
        assert len(slug) <= MAX_SLUG_LENGTH
        assert slug.startswith("guan-yu-kai-zhan")
        assert not slug.endswith("-")
        assert all(part for part in slug.split("-"))

    def test_title_without_letters_falls_back(self):
        assert slug_from_text("😀🏛️——") == FALLBACK_SLUG

    def test_one_long_latin_word_is_cut(self):
        assert slug_from_text("x" * 80) == "x" * MAX_SLUG_LENGTH


class TestUniqueSlug:
    def test_free_slug_is_kept(self):
        assert unique_slug("gong-zuo", lambda slug: False) == "gong-zuo"

    def test_taken_slug_gets_the_next_free_number(self):
        taken = {"gong-zuo", "gong-zuo-2"}
        assert unique_slug("gong-zuo", taken.__contains__) == "gong-zuo-3"

    def test_number_fits_within_the_limit(self):
        base = "a" * MAX_SLUG_LENGTH
        slug = unique_slug(base, {base}.__contains__)
        assert slug.endswith("-2")
        assert len(slug) == MAX_SLUG_LENGTH
