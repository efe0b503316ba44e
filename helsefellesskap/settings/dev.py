"""Local use on the embedded SQLite default: debug on, demo logins allowed."""
import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-0f3c9a1e2b7d4c58a6e1")

from .base import *  # noqa: E402,F403
