"""A throw-away SQLite database for commands run in a fresh process (createsuperuser)."""

from pathlib import Path

import pytest

from tests.processes import migrated_sqlite_at


@pytest.fixture
def database(tmp_path) -> Path:
    """A migrated database of this test's own."""
    return migrated_sqlite_at(tmp_path / "db.sqlite3")
