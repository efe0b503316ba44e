"""Migration operations that touch the database on PostgreSQL only (the SQLite default keeps its plain tables).

- ``AddIndexOnPostgres``: a GIN index (full-text or trigram) in the migration state everywhere, in the database
  only on PostgreSQL.
- ``search_vector_trigger``: a trigger that writes a table's ``search_vector`` from some of its text columns on
  every insert and update, and fills the column for the rows already there.
"""
from django.db import migrations

CONFIG = "norwegian"


def _on_postgres(schema_editor):
    return schema_editor.connection.vendor == "postgresql"


class AddIndexOnPostgres(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgres(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgres(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class RunSQLOnPostgres(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgres(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgres(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def vector_expression(columns, prefix="NEW."):
    """setweight(to_tsvector('norwegian', coalesce(NEW.col, '')), 'A') || … for (column, weight) pairs."""
    return " || ".join(
        f"setweight(to_tsvector('{CONFIG}', coalesce({prefix}{column}, '')), '{weight}')" for column, weight in columns)


def search_vector_trigger(table, columns):
    """The trigger that keeps `table`.search_vector up to date from `columns` [(name, weight)], and the backfill."""
    function = f"{table}_search_vector_update"
    names = ", ".join(column for column, _weight in columns)
    forwards = f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector := {vector_expression(columns)};
            RETURN NEW;
        END $$;
        CREATE TRIGGER {function} BEFORE INSERT OR UPDATE OF {names}, search_vector ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}();
        -- Also when foreign-key checks are switched off for a bulk load (session_replication_role = replica).
        ALTER TABLE {table} ENABLE ALWAYS TRIGGER {function};
        UPDATE {table} SET search_vector = {vector_expression(columns, prefix="")};
    """
    backwards = f"DROP TRIGGER IF EXISTS {function} ON {table}; DROP FUNCTION IF EXISTS {function}();"
    return RunSQLOnPostgres(forwards, backwards)
