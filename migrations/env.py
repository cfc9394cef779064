"""Alembic environment: the web's models, batch mode on SQLite (ALTER TABLE by copy)."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from web.db import make_engine
from web.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    connectable = (
        make_engine(url)
        if url
        else engine_from_config(
            config.get_section(config.config_ini_section, {}), poolclass=pool.NullPool
        )
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    connectable.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
