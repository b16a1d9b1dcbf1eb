"""Install the built-in cost template (the seed's Tabel 2) with its 2024 seed prices.

Data only; the schema is in 0001. See ``bangkom/finance/builtin.py`` for the rows.
"""

from django.db import migrations

from bangkom.finance.builtin import install_builtin_template, remove_builtin_template


def install(apps, schema_editor):
    install_builtin_template(apps)


def remove(apps, schema_editor):
    remove_builtin_template(apps)


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_cost_model")]

    operations = [migrations.RunPython(install, remove)]
