"""Settings shared by every environment of the site group."""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SITEGROUP_VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "sitegroup",
    "themes",
    "search",
    "disclosure",
    "services_column",
    "interaction",
    "interviews",
    "daphne",
    "channels",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Staff sign-in security (docs/security-auth.md): TOTP second factor, recovery codes, lockout.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# Every middleware here is sync- and async-capable: under Daphne the chain runs on the event loop and
# the view is the only thread hop (sitegroup/middleware.py; tests/test_settings_middleware.py checks it).
MIDDLEWARE = [
    # First: request id, the client address from nginx, metrics, /healthz, /readyz, /metrics.
    "sitegroup.operations.OperationsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "sitegroup.security_headers.SecurityHeadersMiddleware",
    "sitegroup.static_files.StaticFilesMiddleware",
    "sitegroup.middleware.UploadSizeLimitMiddleware",
    "sitegroup.middleware.KnownHostMiddleware",
    # Anonymous visitors' pages from the page cache, before any session or user work (docs/page-cache.md).
    "sitegroup.page_cache_middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sitegroup.auth_middleware.StaffSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "themes.context_processors.theme",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "db.sqlite3",
        "OPTIONS": {
            # WAL lets readers and one writer work at once; the busy timeout
            # makes concurrent writers wait instead of failing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Password rules (等保 2.0 三级 身份鉴别): length, three of four character classes, not like the user's
# own data, not a common or all-digit password. PasswordAgeRecorder notes when a password was set.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sitegroup.password_validation.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "sitegroup.password_validation.PasswordAgeRecorder"},
]

# Second factor: "roles" = every user holding a role (editor, reviewer, site admin, handler, portal
# editor, template manager, supervision), superusers and user managers; "all" = every staff account.
SITEGROUP_OTP_REQUIRED = os.environ.get("SITEGROUP_OTP_REQUIRED", "roles")
SITEGROUP_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "县政府网站群"
# No drift learning: a code is accepted in its own 30-second step or one step either side, never more.
OTP_TOTP_SYNC = False
# Staff passwords must be changed after this many days (0: never).
SITEGROUP_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("SITEGROUP_PASSWORD_MAX_AGE_DAYS", "90"))
# Staff are signed out after this many minutes without a request (0: never).
SITEGROUP_STAFF_IDLE_MINUTES = int(os.environ.get("SITEGROUP_STAFF_IDLE_MINUTES", "30"))

# Brute-force protection (django-axes): an account is locked after AXES_FAILURE_LIMIT failed sign-ins,
# an address after SITEGROUP_LOCKOUT_ADDRESS_FAILURES (many people may share one office address);
# both for SITEGROUP_LOCKOUT_COOLOFF_MINUTES, or until a platform admin unlocks them.
AXES_FAILURE_LIMIT = int(os.environ.get("SITEGROUP_LOCKOUT_ACCOUNT_FAILURES", "5"))
SITEGROUP_LOCKOUT_ADDRESS_FAILURES = int(os.environ.get("SITEGROUP_LOCKOUT_ADDRESS_FAILURES", "30"))
SITEGROUP_LOCKOUT_COOLOFF_MINUTES = int(os.environ.get("SITEGROUP_LOCKOUT_COOLOFF_MINUTES", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=SITEGROUP_LOCKOUT_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_HANDLER = "sitegroup.axes_handler.SiteGroupAxesHandler"
AXES_LOCKOUT_TEMPLATE = "sitegroup/security/locked_out.html"
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Cookies: the session cookie is never readable by scripts and not sent on cross-site requests;
# production (config.settings.production) also marks both cookies Secure.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Our own zh-Hans translations of what Wagtail and its libraries leave in English (locale/, before the apps').
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end libraries come from npm at setup time (package.json, `make install`): hls.js plays the
# interview room's video and audio streams.
STATICFILES_DIRS = [("interviews/vendor", BASE_DIR / "node_modules" / "hls.js" / "dist")]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Citizens' attachments: outside MEDIA_ROOT, served only through permission-checking views.
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "private"}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The page cache (docs/page-cache.md): files in var/, shared by every server process of the machine.
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "page-cache",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
}
# Anonymous visitors' pages are served from the "pages" cache until something they show changes.
PAGE_CACHE_ENABLED = os.environ.get("SITEGROUP_PAGE_CACHE", "1") == "1"
PAGE_CACHE_ALIAS = "pages"
# At most a day (and never past midnight: pages show today's date).
PAGE_CACHE_SECONDS = 24 * 3600
# Where purges go: the page cache itself, plus e.g. "sitegroup.services.frontend_cache.NginxPurgeBackend"
# (nginx keeps pages too and is purged by tag, at PAGE_CACHE_PURGE_ORIGIN: docs/page-cache.md, "nginx"),
# "sitegroup.services.page_cache.HTTPPurgeBackend" (PURGE of URLs to Varnish) or ".WagtailFrontendCacheBackend".
PAGE_CACHE_PURGE_BACKENDS = ["sitegroup.services.page_cache.LocalPurgeBackend"] + [
    path.strip() for path in os.environ.get("SITEGROUP_PAGE_CACHE_PURGE_BACKENDS", "").split(",") if path.strip()
]
# A page rendered while (or this long before) one of its tags was purged is not stored (clock skew).
PAGE_CACHE_RACE_MARGIN_SECONDS = 1.0
PAGE_CACHE_PURGE_ORIGIN = os.environ.get("SITEGROUP_PAGE_CACHE_PURGE_ORIGIN", "")
# nginx's purges run again this long after the first (a copy on its way to nginx during the first one).
PAGE_CACHE_FRONTEND_REPURGE_SECONDS = 2.0
# nginx's log of the pages it answered itself (deploy/nginx/sitegroup-http.conf): their views are counted.
PAGE_CACHE_FRONTEND_VIEW_LOG = os.environ.get("SITEGROUP_NGINX_PAGE_VIEW_LOG", "")

# Uploads: the middleware refuses any request body above this size with 413.
MAX_REQUEST_BODY_SIZE = 60 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

WAGTAIL_SITE_NAME = "县政府网站群"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
# No role publishes directly: an approved workflow publishes, masked (sitegroup.services.editorial).
WAGTAIL_FINISH_WORKFLOW_ACTION = "sitegroup.workflow_finish.publish_approved"
# Admin search (pages, images, documents): Chinese words are found inside titles (search.backends.wagtail_admin).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.wagtail_admin"}}
# Background tasks (Wagtail's admin search index updates) run after the transaction commits.
TASKS = {"default": {"BACKEND": "sitegroup.tasks.AfterCommitBackend"}}

# Public site search (the `search` app). The embedded index needs no server; production switches to
# Elasticsearch when ELASTICSEARCH_URL is set.
SEARCH_BACKEND = {
    "BACKEND": "search.backends.embedded.EmbeddedBackend",
    "PATH": os.environ.get("SEARCH_INDEX_PATH", str(VAR_DIR / "search-index.sqlite3")),
}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "ofd", "txt", "csv", "zip", "mp4"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every new image and document is checked by content, images stored without metadata (sitegroup.services.uploads).
WAGTAILIMAGES_IMAGE_FORM_BASE = "sitegroup.forms.uploads.CheckedImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "sitegroup.forms.uploads.CheckedDocumentForm"
# Documents open in the browser only when they are PDF; everything else is a download
# (Content-Disposition: attachment). Wagtail adds nosniff and "default-src 'none'" to both.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]

LOGIN_URL = "wagtailadmin_login"

# Structured logs: one JSON object per line with the request id (sitegroup.operations); one line per
# request from the `sitegroup.requests` logger (SITEGROUP_REQUEST_LOG=0 turns those off).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "sitegroup.operations.RequestIdFilter"}},
    "formatters": {"json": {"()": "sitegroup.operations.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "sitegroup": {"level": "INFO"},
        "sitegroup.requests": {"level": "INFO" if os.environ.get("SITEGROUP_REQUEST_LOG", "1") == "1" else "WARNING"},
    },
}
# Peers whose X-Real-IP / X-Forwarded-For is believed (nginx on the same machine); anyone else's is ignored.
TRUSTED_PROXIES = [
    item.strip() for item in os.environ.get("SITEGROUP_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if item.strip()
]
# Who may read /metrics (Prometheus on the machine); never answered through nginx.
METRICS_ALLOWED_ADDRESSES = [
    item.strip() for item in os.environ.get("SITEGROUP_METRICS_ALLOWED", "127.0.0.1,::1").split(",") if item.strip()
]

# Personal data at rest (docs/security.md): ID and phone numbers are sealed with Fernet keys taken
# from SITEGROUP_DATA_KEYS, comma-separated, newest first (older keys only open). Without it (dev,
# tests) a key is generated once and kept in DATA_KEY_FILE; production refuses to start without it.
DATA_KEYS = [key.strip() for key in os.environ.get("SITEGROUP_DATA_KEYS", "").split(",") if key.strip()]
DATA_KEY_FILE = VAR_DIR / "data-key"
# Personal data of cases concluded longer ago than this is anonymised (manage.py anonymise_cases and
# the periodic job): three years, see docs/security.md for why.
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("SITEGROUP_RETENTION_DAYS", str(3 * 365)))

# Uploaded media served by the application itself (the embedded default); nginx serves it in production.
SERVE_MEDIA = False
# Periodic jobs (sitegroup.periodic): interval overrides in seconds by job name, "*" for all.
PERIODIC_JOB_SECONDS: dict[str, float] = {}

# Statistics: page views are buffered per process and written in one upsert.
PAGEVIEW_FLUSH_EVERY = 200
PAGEVIEW_FLUSH_SECONDS = 10

# Editors see their own sites on the admin home, not Wagtail's upgrade and "what's new" notices
# (the servers have no internet access to check for upgrades anyway).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# 信息抓取 (sitegroup.services.harvest): limits of every fetch. Private, loopback and link-local
# addresses are refused unless allowed (the embedded demo and the tests harvest from localhost).
HARVEST_TIMEOUT_SECONDS = 15
HARVEST_CONCURRENCY = 4
HARVEST_HOST_DELAY_SECONDS = 1.0
HARVEST_MAX_BYTES = 5 * 1024 * 1024
HARVEST_IMAGE_MAX_BYTES = 5 * 1024 * 1024
HARVEST_MAX_REDIRECTS = 5
HARVEST_ALLOW_PRIVATE_ADDRESSES = False
HARVEST_USER_AGENT = "SiteGroupHarvester/1.0 (+government site group)"
# Serve the recorded pages in sitegroup/demo/harvest/ under /harvest-demo/ (demo and tests only).
HARVEST_DEMO_PAGES = False
# Security headers (docs/security-web.md). sitegroup.security_headers sets the Content-Security-Policy
# (a nonce per request), X-Content-Type-Options, Referrer-Policy and Permissions-Policy on every response;
# Django's middleware sets X-Frame-Options, and HSTS in production.
CSP_REPORT_ONLY = False
# Further sources per directive for every response, e.g. {"media-src": ["https://live.example.gov.cn"]}.
CSP_EXTRA_SOURCES: dict[str, list[str]] = {}
CSP_UPGRADE_INSECURE_REQUESTS = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), fullscreen=(self)"
)

# Attachment previews (在线预览): LibreOffice converts Word/Excel attachments to PDF in the periodic jobs.
ATTACHMENT_PREVIEW_SOFFICE = "soffice"
ATTACHMENT_PREVIEW_TIMEOUT = 60  # seconds per conversion; a slower one is stopped and shown as 预览生成失败
