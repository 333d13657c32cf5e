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
from hangouts.participation.views.feedback import (
    feedback,
    feedback_personal,
    feedback_summary_page,
    look_back_page,
)

__all__ = [
    "attendance",
    "attendance_remove",
    "check_in",
    "feedback",
    "feedback_personal",
    "feedback_summary_page",
    "import_decide",
    "import_from_zoom",
    "import_preview",
    "import_review",
    "import_upload",
    "look_back_page",
    "rsvp",
    "rsvp_by_phone",
    "rsvp_list",
    "rsvp_personal",
]
