"""Tests that the Alembic migrations build exactly the models' schema, both ways."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from web.db import migrate
from web.models import Base


def test_migrations_match_the_models(database_url):
    """Tests that the migrated database has no difference from the models."""
    engine = create_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_down_and_up_again(tmp_path):
    """Tests that every migration can be undone and done again."""
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    migrate(url)
    from alembic import command
    from alembic.config import Config

    from web.db import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url)
    command.downgrade(config, "base")
    engine = create_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    migrate(url)
    engine = create_engine(url)
    assert "cohorts" in inspect(engine).get_table_names()
    assert "end_date" in {c["name"] for c in inspect(engine).get_columns("cohorts")}
    engine.dispose()
