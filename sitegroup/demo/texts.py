"""Real Chinese government sentences from the project's seed documents, cut into articles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SEED_DIR = Path(__file__).parent / "seeds"
HEADING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．])\s*(?P<title>[^。；;:：]{4,36})[。；;:：]"
)
NOISE = ("HI,", "学术之家", "股权代码", "精品范文", "小编", "开篇", "写作不仅", "时间:")


@dataclass(frozen=True)
class DemoText:
    title: str
    paragraphs: tuple[str, ...]


def _is_prose(line: str) -> bool:
    cjk = sum(1 for char in line if "\u4e00" <= char <= "\u9fff")
    return len(line) >= 40 and cjk / len(line) > 0.6 and "|" not in line and not any(n in line for n in NOISE)


@cache
def paragraphs() -> list[str]:
    found: list[str] = []
    for path in sorted(SEED_DIR.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            for line in re.split(r"\s{3,}", raw):
                line = line.strip().replace("\u3000", "")
                if _is_prose(line):
                    found.append(line)
    return found


def _title_for(paragraph: str) -> str:
    match = HEADING.match(paragraph)
    if match:
        return match.group("title").strip()
    cleaned = re.sub(r"^[（(][^）)]*[）)]|^[一二三四五六七八九十]+、|^\d+[.、．]", "", paragraph).strip()
    clauses = [clause for clause in re.split(r"[。；，,;：:]", cleaned) if clause]
    title = clauses[0] if clauses else cleaned
    if len(title) < 10 and len(clauses) > 1:
        title = f"{title}，{clauses[1]}"
    return title[:32]


def articles(count: int, offset: int = 0) -> list[DemoText]:
    """`count` articles, each a title from a paragraph and a body of that and the next paragraphs."""
    source = paragraphs()
    result = []
    for index in range(count):
        position = (offset + index * 3) % len(source)
        body = tuple(source[(position + step) % len(source)] for step in range(3))
        result.append(DemoText(title=_title_for(body[0]), paragraphs=body))
    return result
