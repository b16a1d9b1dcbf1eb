"""Test settings: the real settings plus speed and determinism overrides only."""

import os
import tempfile
from pathlib import Path

# Tests run with production defaults (DEBUG off), so they need a key and a scratch data dir.
os.environ.setdefault("BANGKOM_SECRET_KEY", "test-only-key-" + "x" * 50)
os.environ.setdefault("BANGKOM_DATA_DIR", tempfile.mkdtemp(prefix="bangkom-test-data-"))

from bangkom.settings import *  # noqa: F403
from bangkom.settings import DATABASES

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False  # the test client and the live server speak plain HTTP

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bangkom-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests that exercise concurrency need a file database, which pytest-django creates
    # beside the configured one; everything else runs in memory for speed.
    DATABASES["default"]["TEST"] = {"NAME": None}
