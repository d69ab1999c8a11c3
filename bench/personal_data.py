"""Cost of sealing personal data at rest: seal and open one phone number, and the keyed digest, per
value; as a same-run baseline, masking the same value (what every list already does per row).
    .venv/bin/python bench/personal_data.py [--values 20000] [--runs 5]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegroup.lib import sealing  # noqa: E402
from sitegroup.lib.masking import mask_phone  # noqa: E402


def per_value(action, values, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        for value in values:
            action(value)
        timings.append((time.perf_counter() - started) / len(values))
    return statistics.median(timings) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--values", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    box = sealing.cipher([sealing.new_key(), sealing.new_key()])
    digest_key = sealing.digest_key(sealing.new_key())
    phones = [f"138{number:08d}" for number in range(args.values)]
    sealed = [sealing.seal(box, phone) for phone in phones]
    baseline = per_value(mask_phone, phones, args.runs)
    figures = {
        "mask (baseline)": baseline,
        "seal": per_value(lambda value: sealing.seal(box, value), phones, args.runs),
        "open": per_value(lambda value: sealing.unseal(box, value), sealed, args.runs),
        "digest": per_value(lambda value: sealing.digest(digest_key, value), phones, args.runs),
    }
    rows = [
        f"{name:16s} {micros:7.2f} µs/value  ×{micros / baseline:5.1f} of masking" for name, micros in figures.items()
    ]
    rows.append(f"a 30-row case list opens {30 * 2} sealed values: {figures['open'] * 60 / 1000:.2f} ms")
    sys.stdout.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
