"""A text captcha that needs no JavaScript and reads aloud: a small sum written in Chinese words.

The question is plain text inside a <label>, so a screen reader speaks it and a keyboard user types
the answer. The token carries no answer: it holds a random nonce, the issue time and an HMAC of the
answer under the server's key, so only the server can check it. Single use is the caller's job (the
nonce goes into a cache once accepted). Pure: no Django.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass

LIFETIME_SECONDS = 600
DIGITS = "零一二三四五六七八九十"
_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,40}\.[0-9]{1,12}\.[a-f0-9]{64}$")


@dataclass(frozen=True)
class Challenge:
    question: str  # shown to the person, e.g. "七加二等于几？"
    token: str  # sent back in a hidden field


class InvalidAnswer(Exception):
    """The answer is wrong, the token forged or expired."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _in_words(number: int) -> str:
    if number <= 10:
        return DIGITS[number]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[units] if units else "")


def _signature(key: bytes, nonce: str, issued_at: int, answer: str) -> str:
    message = f"{nonce}.{issued_at}.{answer}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def new_challenge(key: bytes, now: float, rng: secrets.SystemRandom | None = None) -> Challenge:
    rng = rng or secrets.SystemRandom()
    first, second = rng.randint(2, 9), rng.randint(1, 9)
    if rng.random() < 0.5 and first > second:
        question, answer = f"{_in_words(first)}减{_in_words(second)}等于几？", first - second
    else:
        question, answer = f"{_in_words(first)}加{_in_words(second)}等于几？", first + second
    nonce = base64.urlsafe_b64encode(secrets.token_bytes(12)).decode().rstrip("=")
    issued_at = int(now)
    return Challenge(question, f"{nonce}.{issued_at}.{_signature(key, nonce, issued_at, str(answer))}")


def normalise_answer(text: str) -> str:
    """Full-width digits, spaces and Chinese numerals (九, 十二) become plain digits."""
    text = unicodedata.normalize("NFKC", text or "").strip().rstrip("。.")
    text = "".join(text.split())
    if text.isdigit() and text.isascii():
        return str(int(text)) if len(text) <= 3 else text
    if text and all(char in DIGITS for char in text):
        if text == "十":
            return "10"
        if "十" in text:
            tens, _, units = text.partition("十")
            value = (DIGITS.index(tens) if tens else 1) * 10 + (DIGITS.index(units) if units else 0)
            return str(value)
        if len(text) == 1:
            return str(DIGITS.index(text))
    return text


def nonce_of(token: str) -> str:
    return token.split(".", 1)[0]


def check(key: bytes, token: str, answer: str, now: float, lifetime: int = LIFETIME_SECONDS) -> str:
    """Return the token's nonce when the answer is right and the token fresh; raise InvalidAnswer otherwise."""
    token = token or ""
    if not _TOKEN_PATTERN.match(token):
        raise InvalidAnswer("验证问题已失效，请回答新的验证问题。")
    nonce, issued, signature = token.split(".")
    issued_at = int(issued)
    if now - issued_at > lifetime or issued_at - now > 60:
        raise InvalidAnswer("验证问题已超过10分钟，请回答新的验证问题。")
    given = normalise_answer(answer)
    if not given:
        raise InvalidAnswer("请回答验证问题。")
    if not hmac.compare_digest(_signature(key, nonce, issued_at, given), signature):
        raise InvalidAnswer("验证问题的答案不正确，请重新计算后填写数字。")
    return nonce


def solve(question: str) -> str:
    """The answer to a question of ours (used by tests and the journeys, as a reader would compute it)."""
    match = re.match(r"^(.+?)([加减])(.+?)等于几", question.strip())
    if not match:
        raise ValueError(question)
    first, second = int(normalise_answer(match.group(1))), int(normalise_answer(match.group(3)))
    return str(first + second if match.group(2) == "加" else first - second)
