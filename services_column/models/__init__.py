from services_column.models.items import (
    ApplicationField,
    ApplicationFieldKind,
    DiscretionGrade,
    MaterialForm,
    OnlineDepth,
    PowerCategory,
    ServiceColumnPage,
    ServiceForm,
    ServiceItemPage,
    ServiceMaterial,
    ServiceStep,
)
from services_column.models.taxonomy import Audience, LifeEvent

__all__ = [
    "ApplicationField",
    "ApplicationFieldKind",
    "Audience",
    "DiscretionGrade",
    "LifeEvent",
    "MaterialForm",
    "OnlineDepth",
    "PowerCategory",
    "ServiceColumnPage",
    "ServiceForm",
    "ServiceItemPage",
    "ServiceMaterial",
    "ServiceStep",
]
