"""Model fields for personal data: stored sealed (Fernet, see `sitegroup.services.personal_data`),
read, validated and shown as plain text."""

from __future__ import annotations

from django.db import models


class EncryptedCharField(models.CharField):
    """A CharField whose column holds the sealed value (text: a sealed value is longer than
    `max_length`, which still limits the plain value). Sealed values cannot be compared in SQL:
    the only lookup is `isnull`; equality goes through the keyed digest in `digest_field`, which
    is kept up to date on every save."""

    description = "加密保存的个人信息"

    def __init__(self, *args, digest_field: str = "", **kwargs):
        self.digest_field = digest_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.digest_field:
            kwargs["digest_field"] = self.digest_field
        return name, "sitegroup.models.fields.EncryptedCharField", args, kwargs

    def get_internal_type(self):
        return "TextField"

    def db_type(self, connection):
        return connection.data_types["TextField"]

    def cast_db_type(self, connection):
        return self.db_type(connection)

    def from_db_value(self, value, expression, connection):
        from sitegroup.services import personal_data

        return personal_data.unseal(value)

    def get_prep_value(self, value):
        from sitegroup.services import personal_data

        value = super().get_prep_value(value)
        return personal_data.seal(value) if isinstance(value, str) else value

    def get_lookup(self, lookup_name):
        # A sealed value differs on every save: `phone="138…"` would silently match nothing.
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if self.digest_field:
            from sitegroup.services import personal_data

            setattr(model_instance, self.digest_field, personal_data.digest(value or ""))
        return value
