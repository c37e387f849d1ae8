"""Settings read from the environment, with a test configuration beside them."""
import atexit
import os
import secrets
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("SERAMBI_INSTANCE", ROOT / "instance"))


class ConfigError(RuntimeError):
    """The environment does not allow the app to start safely."""


def _dev_secret_key() -> str:
    """A random key generated once per install and kept in instance/, so sessions survive restarts."""
    INSTANCE.mkdir(parents=True, exist_ok=True)
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Production and development settings; every value can come from the environment."""

    def __init__(self):
        env = os.environ
        self.SERAMBI_ENV = env.get("SERAMBI_ENV", "development")
        secret = env.get("SECRET_KEY")
        if not secret:
            if self.SERAMBI_ENV == "production":
                raise ConfigError("SECRET_KEY must be set when SERAMBI_ENV=production")
            secret = _dev_secret_key()
        self.SECRET_KEY = secret
        # Old keys after a rotation (newest first, comma-separated): what they signed or sealed still opens.
        self.SECRET_KEY_FALLBACKS = [key.strip() for key in env.get("SECRET_KEY_FALLBACKS", "").split(",") if key.strip()]
        self.SQLALCHEMY_DATABASE_URI = _database_url(env.get("DATABASE_URL"))
        self.REDIS_URL = env.get("REDIS_URL") or None
        self.UPLOAD_DIR = env.get("UPLOAD_DIR") or str(INSTANCE / "uploads")
        # The home page: a card slower than this is logged; rendered cards are reused this long (anonymous visits).
        self.HOME_CARD_TIMEOUT = float(env.get("HOME_CARD_TIMEOUT", "1.5"))
        self.HOME_CARD_CACHE_SECONDS = int(env.get("HOME_CARD_CACHE_SECONDS", "60"))
        # Public pages for visitors without a session, kept in each worker's memory (webapp/core/pagecache.py):
        # how long at most (a write shows at once), how many bytes, and where the versions live without Redis.
        # Off by default in development, where a template edited on disk must show on the next reload.
        self.PAGE_CACHE_SECONDS = float(env.get("PAGE_CACHE_SECONDS",
                                                "30" if self.SERAMBI_ENV == "production" else "0"))
        self.PAGE_CACHE_MAX_BYTES = int(env.get("PAGE_CACHE_MAX_BYTES", str(4 << 20)))
        self.PAGE_CACHE_DIR = env.get("PAGE_CACHE_DIR") or str(INSTANCE / "pagecache")
        # Which region serves a host, kept per worker (webapp/core/regioncache.py): emptied by any write to a
        # region's settings in any process; this long at most for changes made outside the app (raw SQL).
        self.REGION_CACHE_SECONDS = float(env.get("REGION_CACHE_SECONDS", "300"))
        self.MAIL_SERVER = env.get("MAIL_SERVER") or None
        self.MAIL_PORT = int(env.get("MAIL_PORT", "25"))
        self.MAIL_USERNAME = env.get("MAIL_USERNAME") or None
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD") or None
        self.MAIL_USE_TLS = _bool("MAIL_USE_TLS")
        self.MAIL_USE_SSL = _bool("MAIL_USE_SSL")
        self.SMS_GATEWAY_URL = env.get("SMS_GATEWAY_URL") or None
        self.SMS_GATEWAY_KEY = env.get("SMS_GATEWAY_KEY") or None
        self.MAIL_DEFAULT_SENDER = env.get("MAIL_DEFAULT_SENDER", "Serambi <noreply@localhost>")
        self.SESSION_COOKIE_SECURE = self.SERAMBI_ENV == "production"
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        # Redis down: count in each process's memory until it is back, rather than answer sign-ins with a 500.
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = bool(self.REDIS_URL)
        self.RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
        self.RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)  # off only for load tests (bench/run.py)
        proxies = env.get("SERAMBI_PROXY_FIX", "0").strip()
        self.PROXY_FIX = int(proxies) if proxies.isdigit() else int(_bool("SERAMBI_PROXY_FIX"))

    SQLALCHEMY_ENGINE_OPTIONS: dict = {}  # pooled connections are pinged when idle (core/database.py)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 512 * 1024
    WTF_CSRF_TIME_LIMIT = None  # pages stay open for long on phones; the token is tied to the session
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
    PASSWORD_RESET_MAX_AGE = 3600
    SET_PASSWORD_MAX_AGE = 7 * 24 * 3600  # the link with which a new staff member or region admin sets a password
    RATELIMIT_HEADERS_ENABLED = True
    API_KEY_RATE_LIMIT = "60 per minute"  # per API key, on Open311 (an outside system filing reports)
    RATELIMIT_STRATEGY = "moving-window"
    COMPRESS_MIMETYPES = [
        "text/html", "text/css", "text/xml", "text/plain", "application/json",
        "application/javascript", "text/javascript", "application/manifest+json",
        "application/xml", "application/atom+xml", "image/svg+xml",
    ]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIN_SIZE = 256
    COMPRESS_LEVEL = 6  # level 9 costs twice the CPU for under 1 % fewer bytes on a page
    COMPRESS_BR_LEVEL = 5  # brotli 9 costs ~5 ms a page (as much as rendering it); 5 costs ~0.1 ms, ~1 % larger


def _database_url(url: str | None) -> str:
    if not url:
        INSTANCE.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{INSTANCE / 'serambi.db'}"
    if url.startswith("postgres://"):  # Heroku-style URLs
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class TestConfig(Config):
    """Used by the test suite: an in-memory or TEST_DATABASE_URL database, no rate limits, no mail server."""

    __test__ = False

    def __init__(self, database_url: str | None = None):
        super().__init__()
        self.TESTING = True
        self.SECRET_KEY = "test-secret-key"
        self.SQLALCHEMY_DATABASE_URI = _database_url(
            database_url or os.environ.get("TEST_DATABASE_URL") or "sqlite://"
        )
        self.RATELIMIT_ENABLED = False
        self.RATELIMIT_STORAGE_URI = "memory://"
        # Hashing a password with scrypt takes ~0.1–0.3 s; the suite creates thousands of accounts.
        self.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
        self.REDIS_URL = None
        self.MAIL_SERVER = None
        self.SERVER_NAME = None
        self.HOME_CARD_CACHE_SECONDS = 0  # every test sees its own data
        self.PAGE_CACHE_SECONDS = 0  # on only in the page cache's own tests
        # Off: tests roll their rows back behind the ORM's back (on in the region cache's own tests).
        self.REGION_CACHE_SECONDS = 0
        self.PAGE_CACHE_DIR = tempfile.mkdtemp(prefix="serambi-test-pagecache-")
        atexit.register(shutil.rmtree, self.PAGE_CACHE_DIR, True)
        # Uploads of a test run (photos, covers, seeded demo files) go to a throwaway folder, never instance/.
        self.UPLOAD_DIR = tempfile.mkdtemp(prefix="serambi-test-uploads-")
        atexit.register(shutil.rmtree, self.UPLOAD_DIR, True)
