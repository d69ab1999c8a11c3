from services_column.models.applications import (
    OPEN_STATES as APPLICATION_OPEN_STATES,
)
from services_column.models.applications import (
    ApplicantKind,
    ApplicationEvent,
    ApplicationMaterial,
    ApplicationPause,
    ApplicationResult,
    ApplicationState,
    MaterialStage,
    ServiceApplication,
)
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
    "APPLICATION_OPEN_STATES",
    "ApplicantKind",
    "ApplicationEvent",
    "ApplicationMaterial",
    "ApplicationPause",
    "ApplicationResult",
    "ApplicationState",
    "MaterialStage",
    "ServiceApplication",
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
