"""Models of the platform, one module per concern (re-exported here)."""

from sitegroup.models.annual_report import WebsiteAnnualReport, WebsiteReportStatus
from sitegroup.models.cases import (
    Case,
    CaseEvent,
    CasePause,
    Notification,
    NotificationChannel,
    NotificationStatus,
    Rating,
)
from sitegroup.models.harvest import (
    HarvestedItem,
    HarvestRun,
    HarvestRunStatus,
    HarvestSource,
    HarvestSourceKind,
)
from sitegroup.models.health import HealthProblem, HealthRun, PageDigest, RunState, Severity
from sitegroup.models.hot_words import HotWord
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
    TopicPage,
)
from sitegroup.models.previews import AttachmentPreview, PreviewStatus
from sitegroup.models.security import PasswordRecord, SignInEvent, SignInEventType
from sitegroup.models.sensitive_words import SensitiveWord, SensitiveWordCheckTask, SensitiveWordLevel
from sitegroup.models.site_settings import SiteSettings
from sitegroup.models.stats import PageViewDaily
from sitegroup.models.submissions import Submission, SubmissionState
from sitegroup.models.supervision import (
    FollowUpState,
    LogType,
    RatingFollowUp,
    SupervisionLogEntry,
    SupervisionNotice,
)
from sitegroup.models.working_days import WorkingDayOverride
from sitegroup.models.wrong_forms import WrongForm, WrongFormLevel

__all__ = [
    "HotWord",
    "Submission",
    "SubmissionState",
    "HarvestedItem",
    "HarvestRun",
    "HarvestRunStatus",
    "HarvestSource",
    "HarvestSourceKind",
    "WebsiteAnnualReport",
    "WebsiteReportStatus",
    "HealthProblem",
    "HealthRun",
    "PageDigest",
    "RunState",
    "Severity",
    "WrongForm",
    "WrongFormLevel",
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
    "AttachmentPreview",
    "PreviewStatus",
    "PlatformGroup",
    "PlatformRole",
    "Role",
    "SensitiveWord",
    "SensitiveWordCheckTask",
    "SensitiveWordLevel",
    "SiteSettings",
    "SubsiteIndexPage",
    "TopicPage",
]
