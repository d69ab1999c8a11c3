"""Counting and paging the catalogue in memory: one NumPy array per field, rows newest first.

Pure (NumPy only). A catalogue of 100,000 items is a few megabytes; counting one dimension under
the other filters is a mask and a bincount, far below a GROUP BY over the page tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

FIELDS = ("catalogue", "organisation", "topic", "topic_parent", "genre", "year", "catalogue_item")
NONE = -1


@dataclass
class ItemColumns:
    pks: np.ndarray  # newest first
    fields: dict[str, np.ndarray]

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence]) -> ItemColumns:
        """Rows of (pk, *FIELDS), already ordered newest first; None becomes NONE."""
        count = len(rows)
        pks = np.fromiter((row[0] for row in rows), dtype=np.int64, count=count)
        fields = {
            name: np.fromiter(
                (NONE if row[position] is None else row[position] for row in rows), dtype=np.int64, count=count
            )
            for position, name in enumerate(FIELDS, start=1)
        }
        return cls(pks, fields)

    def mask(self, filters: dict[str, int], *, exclude: str | None = None, pks: Iterable[int] | None = None):
        """Rows passing every filter but `exclude`. `topic` matches a topic or its second levels."""
        keep = np.ones(len(self.pks), dtype=bool)
        for name, value in filters.items():
            if name == exclude or value is None:
                continue
            if name == "topic":
                keep &= (self.fields["topic"] == value) | (self.fields["topic_parent"] == value)
            else:
                keep &= self.fields[name] == value
        if pks is not None:
            keep &= np.isin(self.pks, np.fromiter(pks, dtype=np.int64))
        return keep

    def counts(self, field: str, keep: np.ndarray) -> dict[int, int]:
        """value -> rows among `keep` (ids and years are small non-negative integers: a bincount)."""
        values = self.fields[field][keep]
        values = values[values != NONE]
        if not len(values):
            return {}
        tally = np.bincount(values)
        present = np.flatnonzero(tally)
        return dict(zip(present.tolist(), tally[present].tolist(), strict=True))

    def page(self, keep: np.ndarray, offset: int, limit: int) -> list[int]:
        return [int(pk) for pk in self.pks[keep][offset : offset + limit]]
