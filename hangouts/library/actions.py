"""Library workflows: adding a resource to a hangout."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from hangouts.accounts.models import User
from hangouts.library.models import Resource
from hangouts.programme.models import Hangout


def add_resource(
    hangout: Hangout,
    *,
    by: User,
    kind: str,
    title: str,
    upload: UploadedFile | None = None,
    url: str = "",
    notes: str = "",
    visibility: str = Resource.Visibility.PUBLIC,
) -> Resource:
    """Attach a resource to the hangout. `upload` must come from ResourceForm (its type
    checked by content, its name cleaned, its content_type set).

    Side effects: writes the file to storage under a random name and inserts the row, together:
    if the insert fails the file is deleted again, so nothing is left half-written. (No caller
    wraps this in a longer transaction; ATOMIC_REQUESTS is off.)
    """
    resource = Resource(
        network_id=hangout.network_id,
        hangout=hangout,
        kind=kind,
        title=title.strip(),
        url=url if kind in (Resource.Kind.RECORDING, Resource.Kind.LINK) else "",
        notes=notes if kind == Resource.Kind.NOTES else "",
        visibility=visibility,
        added_by=by,
    )
    if kind == Resource.Kind.SLIDES and upload is not None:
        resource.file_name = upload.name or ""
        resource.file_size = upload.size or 0
        resource.content_type = upload.content_type or ""
        resource.file.save(resource.file_name, upload, save=False)
    try:
        with transaction.atomic():
            resource.save()
    except BaseException:
        if resource.file.name:
            resource.file.storage.delete(resource.file.name)
        raise
    return resource
