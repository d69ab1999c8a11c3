"""Encryption of personal data at rest (Fernet, several keys for rotation) and keyed digests for
equality lookups on encrypted values. Pure: the keys are passed in, never read here."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

PREFIX = "enc1:"  # marks a sealed value, so a migration or a rotation can tell what is done


class UnreadableValue(Exception):
    """A sealed value that none of the configured keys opens (a key was dropped too early)."""


def new_key() -> str:
    return Fernet.generate_key().decode()


def cipher(keys: list[str]) -> MultiFernet:
    """The newest key first: it seals; every key opens."""
    if not keys:
        raise ValueError("no data keys")
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


def is_sealed(value: str | None) -> bool:
    return bool(value) and value.startswith(PREFIX)


def seal(box: MultiFernet, value: str) -> str:
    """Plain text → sealed text; the empty string stays empty (nothing to protect, keeps blank=True)."""
    if not value or is_sealed(value):
        return value
    return PREFIX + box.encrypt(value.encode()).decode()


def unseal(box: MultiFernet, value: str | None) -> str | None:
    """Sealed text → plain text; an unsealed value (a row not yet migrated) is returned as it is."""
    if not is_sealed(value):
        return value
    try:
        return box.decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise UnreadableValue("no configured data key opens this value") from error


def reseal(box: MultiFernet, value: str) -> str:
    """Sealed under an older key → sealed under the newest (MultiFernet.rotate); plain → sealed."""
    if not value:
        return value
    if not is_sealed(value):
        return seal(box, value)
    try:
        return PREFIX + box.rotate(value[len(PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise UnreadableValue("no configured data key opens this value") from error


def digest_key(key: str) -> bytes:
    """The HMAC key derived from a data key (never the data key itself)."""
    raw = base64.urlsafe_b64decode(key.encode() if isinstance(key, str) else key)
    return hashlib.sha256(b"sitegroup-digest\x00" + raw).digest()


def digest(key: bytes, value: str) -> str:
    """Keyed digest of a normalised value: equal values match, the value cannot be guessed offline."""
    normalised = (value or "").strip().upper()
    if not normalised:
        return ""
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()
