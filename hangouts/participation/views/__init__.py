"""HTTP for RSVPs and attendance, one module per area (architecture.md §3)."""

from hangouts.participation.views.answers import (
    attendance,
    attendance_remove,
    rsvp,
    rsvp_by_phone,
    rsvp_list,
    rsvp_personal,
)
from hangouts.participation.views.attendance_import import (
    import_decide,
    import_from_zoom,
    import_preview,
    import_review,
    import_upload,
)
from hangouts.participation.views.check_in import check_in

__all__ = [
    "attendance",
    "attendance_remove",
    "check_in",
    "import_decide",
    "import_from_zoom",
    "import_preview",
    "import_review",
    "import_upload",
    "rsvp",
    "rsvp_by_phone",
    "rsvp_list",
    "rsvp_personal",
]
