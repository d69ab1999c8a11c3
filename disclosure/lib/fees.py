"""Information-processing fees for disclosure requests (2020 national measures), pure.

Counted per applicant per calendar month: the first 10 applications are free; the 11th to 30th
cost ¥100 each; from the 31st on, each further band of 10 costs ¥100 more per application
(31–40: ¥200, 41–50: ¥300, …).
"""

FREE_PER_MONTH = 10
FIRST_BAND_END = 30
BAND_SIZE = 10
BASE_FEE = 100


def fee_for(nth_in_month: int) -> int:
    """The fee in yuan for an applicant's n-th application of the month (n starts at 1)."""
    if nth_in_month < 1:
        raise ValueError("applications are counted from 1")
    if nth_in_month <= FREE_PER_MONTH:
        return 0
    if nth_in_month <= FIRST_BAND_END:
        return BASE_FEE
    return BASE_FEE * (2 + (nth_in_month - FIRST_BAND_END - 1) // BAND_SIZE)
