"""Notices to citizens about their cases, through pluggable backends.

    CASE_NOTIFICATION_BACKENDS = ["sitegroup.services.notifications.OutboxBackend"]

A backend gets each notice and returns the Notification row it stored. The default keeps notices
in the outbox table, which handlers read in the admin, so nothing needs an SMS gateway to run;
`EmailBackend` sends through Django's mail settings. An SMS gateway is a backend of its own that
posts to the gateway and stores the row with its outcome. A failing backend never fails the
action that caused the notice (it runs after commit); its error is stored.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from sitegroup.models.cases import Notification, NotificationChannel, NotificationStatus

logger = logging.getLogger(__name__)

DEFAULT_BACKENDS = ["sitegroup.services.notifications.OutboxBackend"]


def _subject(case) -> str:
    from sitegroup.services.cases import kind_of

    return f"您的{kind_of(case).label}（查询码 {case.lookup_code}）有新进展"


class OutboxBackend:
    """SMS to the citizen's phone, kept in the outbox (no gateway)."""

    channel = NotificationChannel.SMS

    def recipient(self, case) -> str:
        from sitegroup.services.cases import kind_of

        return kind_of(case).contact(case)[0]

    def send(self, case, subject: str, body: str) -> Notification | None:
        recipient = self.recipient(case)
        if not recipient:
            return None
        return self.store(case, recipient, subject, body, NotificationStatus.OUTBOX)

    def send_to_staff(self, user, organisation, reference: tuple[str, int], subject: str, body: str):
        """A notice to a staff member (the site health monitor's alerts): kept in the outbox."""
        recipient = user.email or user.get_username()
        return self._store(reference, organisation, recipient, subject, body, NotificationStatus.OUTBOX)

    def _store(self, reference, organisation, recipient, subject, body, status, error=""):
        return Notification.objects.create(
            case_kind=reference[0],
            case_id=reference[1],
            organisation=organisation,
            channel=self.channel,
            recipient=recipient,
            subject=subject[:200],
            body=body,
            status=status,
            error=error[:500],
        )

    def store(self, case, recipient, subject, body, status, error="") -> Notification:
        from sitegroup.services.cases import kind_of

        return Notification.objects.create(
            case_kind=kind_of(case).code,
            case_id=case.pk,
            organisation_id=case.organisation_id,
            channel=self.channel,
            recipient=recipient,
            subject=subject[:200],
            body=body,
            status=status,
            error=error[:500],
        )


class EmailBackend(OutboxBackend):
    """Email through Django's mail settings, when the citizen gave an address."""

    channel = NotificationChannel.EMAIL

    def recipient(self, case) -> str:
        from sitegroup.services.cases import kind_of

        return kind_of(case).contact(case)[1]

    def send(self, case, subject: str, body: str) -> Notification | None:
        recipient = self.recipient(case)
        if not recipient:
            return None
        try:
            send_mail(subject, body, None, [recipient])
        except Exception as error:  # noqa: BLE001 — any transport failure is recorded, never raised
            logger.warning("case notification email failed: %s", error)
            return self.store(case, recipient, subject, body, NotificationStatus.FAILED, str(error))
        return self.store(case, recipient, subject, body, NotificationStatus.SENT)

    def send_to_staff(self, user, organisation, reference: tuple[str, int], subject: str, body: str):
        if not user.email:
            return None
        try:
            send_mail(subject, body, None, [user.email])
        except Exception as error:  # noqa: BLE001 — any transport failure is recorded, never raised
            logger.warning("staff notification email failed: %s", error)
            return self._store(
                reference, organisation, user.email, subject, body, NotificationStatus.FAILED, str(error)
            )
        return self._store(reference, organisation, user.email, subject, body, NotificationStatus.SENT)


def backends() -> list:
    return [import_string(path)() for path in getattr(settings, "CASE_NOTIFICATION_BACKENDS", DEFAULT_BACKENDS)]


def notify_citizen(case, text: str) -> list[Notification]:
    """Tell the citizen what happened (the public note of an event), through every backend."""
    subject = _subject(case)
    body = f"{subject}：{text}（{case.organisation.name}）"
    sent = []
    for backend in backends():
        try:
            notification = backend.send(case, subject, body)
        except Exception:  # noqa: BLE001 — a broken backend must not break the others
            logger.exception("case notification backend %s failed", type(backend).__name__)
            continue
        if notification is not None:
            sent.append(notification)
    return sent


def notify_staff(users, organisation, reference: tuple[str, int], subject: str, body: str) -> list[Notification]:
    """Tell staff members (e.g. a site's admins) about something that needs them, through every
    backend that can reach staff; ``reference`` names what it is about (kind code, id)."""
    sent = []
    for backend in backends():
        if not hasattr(backend, "send_to_staff"):
            continue
        for user in users:
            try:
                notification = backend.send_to_staff(user, organisation, reference, subject, body)
            except Exception:  # noqa: BLE001 — a broken backend must not break the others
                logger.exception("staff notification backend %s failed", type(backend).__name__)
                continue
            if notification is not None:
                sent.append(notification)
    return sent
