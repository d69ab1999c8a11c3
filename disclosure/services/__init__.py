"""The disclosure column's rules. `publishing`: index numbers, 保密审查 records, the column's workflow;
`requests`: disclosure requests and their legal clock."""

from disclosure.services.publishing import (
    assign_index_number,
    ensure_disclosure_workflow,
    next_serial,
    record_confidentiality_review,
)

__all__ = ["assign_index_number", "ensure_disclosure_workflow", "next_serial", "record_confidentiality_review"]
