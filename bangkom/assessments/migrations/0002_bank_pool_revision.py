"""``ItemBank.pool_revision`` and the triggers that raise it (``assessments.pool``).

The revision changes whenever what a start may draw from the bank changes: an item added
or removed, or an item's bank, status, current version or tags (subject, competency,
difficulty) changed, or a version's options edited. Triggers, not application code, so a
bulk update, the admin or another process can never leave a cached pool stale; updates of
``exposure_count`` and ``is_locked`` (every start makes them) do not fire them.

SQLite drops a table's triggers when Django rebuilds that table for an ALTER; a later
migration that alters ``assessments_item`` or ``assessments_itemversion`` on SQLite must
create them again (``tests/assessments/test_pool.py`` fails if they are missing).
"""

from django.db import migrations, models

import bangkom.assessments.models

ITEM_POOL_COLUMNS = ("bank_id", "status", "current_version_id", "subject_id", "competency_id",
                     "difficulty")
BUMP = "UPDATE assessments_itembank SET pool_revision = pool_revision + 1 WHERE id"

PG_FORWARD = f"""
CREATE OR REPLACE FUNCTION assessments_item_pool_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        {BUMP} = OLD.bank_id;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.bank_id <> OLD.bank_id) THEN
        {BUMP} = NEW.bank_id;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assessments_item_pool_insert_delete
    AFTER INSERT OR DELETE ON assessments_item
    FOR EACH ROW EXECUTE FUNCTION assessments_item_pool_changed();
CREATE TRIGGER assessments_item_pool_update
    AFTER UPDATE ON assessments_item FOR EACH ROW
    WHEN ({" OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in ITEM_POOL_COLUMNS)})
    EXECUTE FUNCTION assessments_item_pool_changed();
CREATE OR REPLACE FUNCTION assessments_itemversion_pool_changed() RETURNS trigger AS $$
BEGIN
    {BUMP} = (SELECT bank_id FROM assessments_item WHERE id = NEW.item_id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assessments_itemversion_pool_update
    AFTER UPDATE ON assessments_itemversion FOR EACH ROW
    WHEN (OLD.options IS DISTINCT FROM NEW.options)
    EXECUTE FUNCTION assessments_itemversion_pool_changed();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS assessments_itemversion_pool_update ON assessments_itemversion;
DROP TRIGGER IF EXISTS assessments_item_pool_update ON assessments_item;
DROP TRIGGER IF EXISTS assessments_item_pool_insert_delete ON assessments_item;
DROP FUNCTION IF EXISTS assessments_itemversion_pool_changed();
DROP FUNCTION IF EXISTS assessments_item_pool_changed();
"""
SQLITE_FORWARD = [
    f"""CREATE TRIGGER assessments_item_pool_insert AFTER INSERT ON assessments_item
    BEGIN {BUMP} = NEW.bank_id; END""",
    f"""CREATE TRIGGER assessments_item_pool_delete AFTER DELETE ON assessments_item
    BEGIN {BUMP} = OLD.bank_id; END""",
    f"""CREATE TRIGGER assessments_item_pool_update AFTER UPDATE ON assessments_item
    WHEN {" OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in ITEM_POOL_COLUMNS)}
    BEGIN {BUMP} IN (OLD.bank_id, NEW.bank_id); END""",
    f"""CREATE TRIGGER assessments_itemversion_pool_update AFTER UPDATE ON assessments_itemversion
    WHEN OLD.options IS NOT NEW.options
    BEGIN {BUMP} = (SELECT bank_id FROM assessments_item WHERE id = NEW.item_id); END""",
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
            name="pool_revision",
            field=models.BigIntegerField(
                default=bangkom.assessments.models.random_pool_revision, editable=False
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
