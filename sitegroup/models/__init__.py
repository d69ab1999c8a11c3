"""Models of the platform, one module per concern (re-exported here)."""

from sitegroup.models.cases import (
    Case,
    CaseEvent,
    CasePause,
    Notification,
    NotificationChannel,
    NotificationStatus,
    Rating,
)
from sitegroup.models.organisation import (
    Organisation,
    OrganisationKind,
    OrganisationRole,
    PlatformGroup,
    PlatformRole,
    Role,
)
from sitegroup.models.pages import (
    UPDATE_INTERVAL_DAYS,
    ArticleAttachment,
    ArticlePage,
    ColumnPage,
    ColumnType,
    HomePage,
    SiteGroupPage,
    SubsiteIndexPage,
)
from sitegroup.models.security import PasswordRecord, SignInEvent, SignInEventType
from sitegroup.models.sensitive_words import SensitiveWord, SensitiveWordCheckTask, SensitiveWordLevel
from sitegroup.models.site_settings import SiteSettings
from sitegroup.models.stats import PageViewDaily
from sitegroup.models.supervision import (
    FollowUpState,
    LogType,
    RatingFollowUp,
    SupervisionLogEntry,
    SupervisionNotice,
)
from sitegroup.models.working_days import WorkingDayOverride

__all__ = [
    "PasswordRecord",
    "SignInEvent",
    "SignInEventType",
    "FollowUpState",
    "LogType",
    "RatingFollowUp",
    "SupervisionLogEntry",
    "SupervisionNotice",
    "Case",
    "CaseEvent",
    "CasePause",
    "Notification",
    "NotificationChannel",
    "NotificationStatus",
    "Rating",
    "SiteGroupPage",
    "WorkingDayOverride",
    "UPDATE_INTERVAL_DAYS",
    "ArticleAttachment",
    "ArticlePage",
    "ColumnPage",
    "ColumnType",
    "HomePage",
    "Organisation",
    "OrganisationKind",
    "OrganisationRole",
    "PageViewDaily",
    "PlatformGroup",
    "PlatformRole",
    "Role",
    "SensitiveWord",
    "SensitiveWordCheckTask",
    "SensitiveWordLevel",
    "SiteSettings",
    "SubsiteIndexPage",
]
