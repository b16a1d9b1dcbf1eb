"""Test settings: the real settings plus speed and determinism overrides only."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Tests run with production defaults (DEBUG off), so they need a key and a scratch data dir.
os.environ.setdefault("BANGKOM_SECRET_KEY", "test-only-key-" + "x" * 50)
if "BANGKOM_DATA_DIR" not in os.environ:
    _scratch = tempfile.mkdtemp(prefix="bangkom-test-data-")
    atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
    os.environ["BANGKOM_DATA_DIR"] = _scratch

from bangkom.settings import *  # noqa: F403
from bangkom.settings import DATABASES

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False  # the test client and the live server speak plain HTTP

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bangkom-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
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
