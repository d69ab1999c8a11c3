"""The text captcha: questions a person can read aloud, answers checked against a signed token."""

import random

import pytest

from sitegroup.lib import captcha

KEY = b"k" * 32


class TestChallenge:
    def test_question_is_chinese_words_and_token_holds_no_answer(self):
        challenge = captcha.new_challenge(KEY, 1000, rng=random.Random(3))
        assert challenge.question.endswith("等于几？")
        assert not any(char.isdigit() for char in challenge.question)
        answer = captcha.solve(challenge.question)
        assert f".{answer}." not in challenge.token

    @pytest.mark.parametrize("seed", range(30))
    def test_right_answer_passes(self, seed):
        challenge = captcha.new_challenge(KEY, 1000, rng=random.Random(seed))
        answer = captcha.solve(challenge.question)
        assert 0 <= int(answer) <= 18
        assert captcha.check(KEY, challenge.token, answer, 1100) == captcha.nonce_of(challenge.token)

    def test_answer_in_full_width_or_chinese_numerals_passes(self):
        challenge = captcha.new_challenge(KEY, 0, rng=random.Random(1))
        answer = captcha.solve(challenge.question)
        full_width = "".join(chr(ord(char) + 0xFEE0) for char in answer)
        captcha.check(KEY, challenge.token, f" {full_width} ", 1)
        words = captcha._in_words(int(answer))
        captcha.check(KEY, challenge.token, words, 1)

    def test_wrong_answer_is_refused_in_chinese(self):
        challenge = captcha.new_challenge(KEY, 0, rng=random.Random(2))
        wrong = str(int(captcha.solve(challenge.question)) + 1)
        with pytest.raises(captcha.InvalidAnswer, match="不正确"):
            captcha.check(KEY, challenge.token, wrong, 1)

    def test_token_expires_after_ten_minutes(self):
        challenge = captcha.new_challenge(KEY, 0, rng=random.Random(2))
        with pytest.raises(captcha.InvalidAnswer, match="10分钟"):
            captcha.check(KEY, challenge.token, captcha.solve(challenge.question), 601)

    def test_token_signed_with_another_key_is_refused(self):
        challenge = captcha.new_challenge(b"other" * 8, 0, rng=random.Random(2))
        with pytest.raises(captcha.InvalidAnswer):
            captcha.check(KEY, challenge.token, captcha.solve(challenge.question), 1)

    @pytest.mark.parametrize("token", ["", "x", "<script>", "a.b.c", "A" * 500])
    def test_malformed_token_is_refused(self, token):
        with pytest.raises(captcha.InvalidAnswer, match="失效"):
            captcha.check(KEY, token, "3", 1)

    def test_numbers_in_words(self):
        assert [captcha._in_words(n) for n in (0, 7, 10, 12, 18)] == ["零", "七", "十", "十二", "十八"]
        assert captcha.normalise_answer("十八") == "18"
