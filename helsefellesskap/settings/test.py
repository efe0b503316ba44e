"""Test settings: DATABASE_URL chooses PostgreSQL (as in CI) or the SQLite default."""
import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-6b2f1d9c8e7a")

from .base import *  # noqa: E402,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Files written by tests (archival PDFs, uploads) go to a throwaway folder, never into var/media.
import tempfile  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="helsefellesskap-test-media-"))  # noqa: F405
