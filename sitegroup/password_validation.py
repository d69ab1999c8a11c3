"""Password rules beyond Django's own (configured in AUTH_PASSWORD_VALIDATORS)."""

from django.core.exceptions import ValidationError

CLASSES = (
    ("小写字母", str.islower),
    ("大写字母", str.isupper),
    ("数字", str.isdigit),
    ("符号", lambda char: not char.isalnum()),
)


class CharacterClassValidator:
    """At least `min_classes` of lower-case letters, upper-case letters, digits and symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(1 for _, test in CLASSES if any(test(char) for char in password))
        if present < self.min_classes:
            raise ValidationError(
                f"密码须至少包含小写字母、大写字母、数字、符号中的 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"密码须至少包含小写字母、大写字母、数字、符号中的 {self.min_classes} 类。"


class PasswordAgeRecorder:
    """Validates nothing; notes when a password is set, which starts its change interval again."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None:
            from sitegroup.services.staff_security import note_password_changed

            note_password_changed(user)

    def get_help_text(self):
        return ""
