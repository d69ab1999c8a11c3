"""Wagtail's image and document forms with every new file through sitegroup.services.uploads
(settings WAGTAILIMAGES_IMAGE_FORM_BASE and WAGTAILDOCS_DOCUMENT_FORM_BASE): single and multiple upload,
and replacing the file of an existing image or document."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from sitegroup.lib import file_types
from sitegroup.services import uploads


def _checked(uploaded, *, allowed, max_bytes: int):
    if isinstance(uploaded, UploadedFile):
        try:
            uploads.check_upload(uploaded, allowed=allowed, max_bytes=max_bytes)
        except uploads.RefusedFile as refused:
            raise ValidationError(refused.message, code=refused.code) from None
    return uploaded


class CheckedImageForm(BaseImageForm):
    def clean_file(self):
        return _checked(
            self.cleaned_data.get("file"), allowed=file_types.IMAGES, max_bytes=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
        )


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        return _checked(
            self.cleaned_data.get("file"),
            allowed=file_types.PUBLISHED_DOCUMENTS,
            max_bytes=settings.WAGTAILDOCS_MAX_UPLOAD_SIZE,
        )
