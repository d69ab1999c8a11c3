"""Chinese word segmentation with jieba, loaded once per process on first use."""

from __future__ import annotations

import logging
import threading

import jieba

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def _get() -> jieba.Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                _tokenizer = tokenizer
    return _tokenizer


def segment(text: str) -> list[str]:
    """Words of a Chinese text in jieba's precise mode (with its HMM for unknown words)."""
    return [word for word in _get().lcut(text) if word.strip()]
