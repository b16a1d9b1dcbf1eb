"""``PoolChange`` and the triggers that write it; ``ItemBank.pool_token`` (``assessments.pool``).

A change row is written whenever what a start may draw from a bank changes: an item added or
removed, an item's bank, status, current version or tags (subject, competency, difficulty)
changed, or a version's options edited. Triggers, not application code, so a bulk update,
the admin or another process can never leave a cached pool stale; the updates every start
makes (``exposure_count``, ``is_locked``) write nothing.

PostgreSQL: statement-level triggers with transition tables (one row per bank per
statement). SQLite has only row-level triggers (one row per changed item). SQLite drops a
table's triggers when Django rebuilds that table for an ALTER: a later migration that alters
``assessments_item`` or ``assessments_itemversion`` on SQLite must create them again
(``tests/assessments/test_pool.py`` fails if they are missing).
"""

from django.db import migrations, models

import bangkom.assessments.models

ITEM_POOL_COLUMNS = (
    "bank_id",
    "status",
    "current_version_id",
    "subject_id",
    "competency_id",
    "difficulty",
)
LOG = "INSERT INTO assessments_poolchange (bank_id)"

ITEM_CHANGED = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in ITEM_POOL_COLUMNS)
PG_FORWARD = f"""
CREATE OR REPLACE FUNCTION assessments_item_pool_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {LOG} SELECT DISTINCT bank_id FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        {LOG} SELECT DISTINCT bank_id FROM old_rows;
    ELSE
        {LOG}
            SELECT o.bank_id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {ITEM_CHANGED}
            UNION
            SELECT n.bank_id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {ITEM_CHANGED};
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assessments_item_pool_insert
    AFTER INSERT ON assessments_item REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assessments_item_pool_changed();
CREATE TRIGGER assessments_item_pool_update
    AFTER UPDATE ON assessments_item REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assessments_item_pool_changed();
CREATE TRIGGER assessments_item_pool_delete
    AFTER DELETE ON assessments_item REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assessments_item_pool_changed();
CREATE OR REPLACE FUNCTION assessments_itemversion_pool_changed() RETURNS trigger AS $$
BEGIN
    {LOG}
        SELECT DISTINCT i.bank_id FROM old_rows o JOIN new_rows n ON n.id = o.id
        JOIN assessments_item i ON i.id = n.item_id
        WHERE o.options IS DISTINCT FROM n.options;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assessments_itemversion_pool_update
    AFTER UPDATE ON assessments_itemversion REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assessments_itemversion_pool_changed();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS assessments_itemversion_pool_update ON assessments_itemversion;
DROP TRIGGER IF EXISTS assessments_item_pool_delete ON assessments_item;
DROP TRIGGER IF EXISTS assessments_item_pool_update ON assessments_item;
DROP TRIGGER IF EXISTS assessments_item_pool_insert ON assessments_item;
DROP FUNCTION IF EXISTS assessments_itemversion_pool_changed();
DROP FUNCTION IF EXISTS assessments_item_pool_changed();
"""
SQLITE_FORWARD = [
    f"""CREATE TRIGGER assessments_item_pool_insert AFTER INSERT ON assessments_item
    BEGIN {LOG} VALUES (NEW.bank_id); END""",
    f"""CREATE TRIGGER assessments_item_pool_delete AFTER DELETE ON assessments_item
    BEGIN {LOG} VALUES (OLD.bank_id); END""",
    f"""CREATE TRIGGER assessments_item_pool_update AFTER UPDATE ON assessments_item
    WHEN {" OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in ITEM_POOL_COLUMNS)}
    BEGIN
        {LOG} VALUES (OLD.bank_id);
        {LOG} SELECT NEW.bank_id WHERE NEW.bank_id IS NOT OLD.bank_id;
    END""",
    f"""CREATE TRIGGER assessments_itemversion_pool_update AFTER UPDATE ON assessments_itemversion
    WHEN OLD.options IS NOT NEW.options
    BEGIN {LOG} SELECT bank_id FROM assessments_item WHERE id = NEW.item_id; END""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "assessments_item_pool_insert",
        "assessments_item_pool_delete",
        "assessments_item_pool_update",
        "assessments_itemversion_pool_update",
    )
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="itembank",
            name="pool_token",
            field=models.BigIntegerField(
                default=bangkom.assessments.models.random_pool_token, editable=False
            ),
        ),
        migrations.CreateModel(
            name="PoolChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("bank_id", models.BigIntegerField()),
            ],
            options={
                "indexes": [
                    models.Index(fields=["bank_id", "id"], name="assessments_poolchange_bank")
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
