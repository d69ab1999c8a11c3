"""Models of the disclosure column, one module per concern."""

from disclosure.models.pages import (
    DisclosureAttachment,
    DisclosureCataloguePage,
    DisclosureColumnPage,
    DisclosureGuidePage,
    DisclosureItemPage,
    Validity,
)
from disclosure.models.reports import AnnualReportIndexPage, AnnualReportPage
from disclosure.models.requests import (
    OPEN_STATES,
    ApplicantKind,
    ConsultationPeriod,
    DeliveryForm,
    DeliveryMethod,
    DisclosureRequest,
    DocumentKind,
    RequestDocumentSequence,
    RequestDocumentSettings,
    RequestEvent,
    RequestState,
)
from disclosure.models.review import (
    ConfidentialityReview,
    ConfidentialityReviewTask,
    DisclosureAttribute,
    ReviewDecision,
)
from disclosure.models.sequences import IndexNumberSequence
from disclosure.models.taxonomy import CatalogueGroup, CatalogueItem, Genre, Topic

__all__ = [
    "AnnualReportIndexPage",
    "AnnualReportPage",
    "OPEN_STATES",
    "ApplicantKind",
    "ConsultationPeriod",
    "DeliveryForm",
    "DeliveryMethod",
    "DisclosureRequest",
    "DocumentKind",
    "RequestDocumentSequence",
    "RequestDocumentSettings",
    "RequestEvent",
    "RequestState",
    "ConfidentialityReview",
    "ConfidentialityReviewTask",
    "DisclosureAttribute",
    "ReviewDecision",
    "CatalogueGroup",
    "CatalogueItem",
    "DisclosureAttachment",
    "DisclosureCataloguePage",
    "DisclosureColumnPage",
    "DisclosureGuidePage",
    "DisclosureItemPage",
    "Genre",
    "IndexNumberSequence",
    "Topic",
    "Validity",
]
