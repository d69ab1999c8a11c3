"""A writer for the backup test, run as its own process: publishes articles, each with an uploaded
document, one transaction at a time, and appends each one to a log only after it committed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(log: Path, stop: Path, limit: int) -> None:
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.db import transaction
    from wagtail.documents.models import Document

    from disclosure.services import requests as disclosure
    from tests.builders import make_article, make_column, make_organisation

    provisioned = make_organisation("备份演练局", "backup.localhost", code="BK0001")
    column = make_column(provisioned.home_page, slug="backup-news")
    for number in range(limit):
        if stop.exists():
            break
        with transaction.atomic():
            document = Document(title=f"备份演练附件{number}")
            document.file.save(f"backup-{number}.txt", ContentFile(f"附件内容{number}".encode()), save=False)
            document.save()
            article = make_article(column, f"备份演练稿件第{number}号", slug=f"backup-{number}")
            application = disclosure.submit(
                provisioned.organisation,
                {
                    "kind": "person",
                    "name": "李四",
                    "id_number": "11010519491231002X",
                    "phone": f"1380000{number:04d}",
                    "description": f"备份演练申请{number}",
                    "delivery_form": "electronic",
                    "delivery_method": "email",
                },
                client_ip=f"10.0.{number // 250}.{number % 250}",
            )
        with open(log, "a") as handle:  # after commit: this record is durable
            handle.write(f"{number} {article.pk} {document.pk} {document.file.name} {application.pk}\n")
            handle.flush()
            os.fsync(handle.fileno())


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
