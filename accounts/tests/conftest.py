"""A throw-away SQLite database for commands run in a fresh process (createsuperuser)."""

import shutil
from pathlib import Path

import pytest

from tests.processes import manage


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("createsuperuser") / "migrated.sqlite3"
    result = manage("migrate", "--noinput", DATABASE_URL=f"sqlite:///{path}")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def database(migrated_database, tmp_path) -> Path:
    """A copy of the migrated database, for one test."""
    path = tmp_path / "db.sqlite3"
    shutil.copy(migrated_database, path)
    return path
