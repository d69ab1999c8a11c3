"""Operations for data migrations that seal (encrypt) existing personal data and open it again when
migrating backwards. Raw SQL on purpose: the historical model's field would seal or open on its own."""

from __future__ import annotations

from django.db import migrations


def _rewrite(apps, schema_editor, model_label: str, fields: tuple[str, ...], digests: dict[str, str], *, sealing):
    from sitegroup.services import personal_data

    model = apps.get_model(model_label)
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    columns = [model._meta.get_field(name).column for name in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(pk)}, {', '.join(quote(column) for column in columns)} FROM {quote(table)}"  # noqa: S608
        )
        rows = cursor.fetchall()
    for key, *values in rows:
        sets, params = [], []
        for name, column, value in zip(fields, columns, values, strict=True):
            plain = personal_data.unseal(value) or ""
            sets.append(f"{quote(column)} = %s")
            params.append(personal_data.seal(plain) if sealing else plain)
            if sealing and name in digests:
                sets.append(f"{quote(model._meta.get_field(digests[name]).column)} = %s")
                params.append(personal_data.digest(plain))
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {quote(table)} SET {', '.join(sets)} WHERE {quote(pk)} = %s", [*params, key])  # noqa: S608


def seal_personal_data(model_label: str, fields: tuple[str, ...], digests: dict[str, str] | None = None):
    """Forwards: seal every row's values (and fill their digests); backwards: store them plain."""
    digests = digests or {}

    def forwards(apps, schema_editor):
        _rewrite(apps, schema_editor, model_label, fields, digests, sealing=True)

    def backwards(apps, schema_editor):
        _rewrite(apps, schema_editor, model_label, fields, digests, sealing=False)

    return migrations.RunPython(forwards, backwards, elidable=False)
