"""Alembic environment: the URL comes from the caller (fleet.migrate), never from a file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

url = context.config.get_main_option("sqlalchemy.url")
assert url, "fleet.migrate sets sqlalchemy.url"

connectable = context.config.attributes.get("connection")
if connectable is None:
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, render_as_batch=url.startswith("sqlite"))
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
else:
    context.configure(connection=connectable, render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()
